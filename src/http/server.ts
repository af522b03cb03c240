/** Builds the HTTP server: plugins, the error mapping, OpenAPI, and every capability's routes. */
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { App, AppContext } from './types.ts';
import { registerProblemJson } from './problem-json.ts';
import { ping } from '../shared/db.ts';
import { catalogRoutes } from '../catalog/catalog.routes.ts';
import { customerRoutes } from '../customers/customers.routes.ts';
import { orderRoutes } from '../orders/orders.routes.ts';
import { inventoryRoutes } from '../inventory/inventory.routes.ts';
import { settingsRoutes } from '../settings/settings.routes.ts';
import { registerWebApp } from './web-app.ts';

export const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

export async function buildServer(ctx: AppContext): Promise<App> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
    bodyLimit: ctx.config.bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemJson(app);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Orderly API', version: '1.0.0', description: 'Order taking and order processing. Errors are application/problem+json.' },
      tags: [
        { name: 'orders', description: 'Placing, finding and moving orders' },
        { name: 'catalog', description: 'Products and their order forms' },
        { name: 'customers', description: 'Who orders' },
        { name: 'inventory', description: 'Stock' },
        { name: 'settings', description: 'The business' },
        { name: 'system', description: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Is the service up, and which database engine does it use',
        response: { 200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']) }), 503: z.object({ status: z.literal('unavailable'), engine: z.string() }) },
      },
    },
    async (_req, reply) => {
      try {
        await ping(ctx.database.db);
        return { status: 'ok' as const, engine: ctx.database.engine };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, engine: ctx.database.engine });
      }
    },
  );

  catalogRoutes(app, ctx);
  inventoryRoutes(app, ctx);
  customerRoutes(app, ctx);
  orderRoutes(app, ctx);
  settingsRoutes(app, ctx);
  await registerWebApp(app);
  return app;
}
