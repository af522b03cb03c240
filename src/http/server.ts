/**
 * The HTTP kit: builds the Fastify instance with its plugins, the one error
 * mapping, OpenAPI, the canonical-path rule and the health check. It knows no
 * capability: the composition root (src/app/http-app.ts) hands it the auth hook
 * and the routes to register.
 */
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { validatorCompiler } from './validation.ts';
import { compileSerializer, isZodSchema } from './compiled-serializer.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { App, AppContext } from './types.ts';
import { AppError } from '../shared/errors.ts';
import { registerProblemJson } from './problem-json.ts';
import { judgePath } from './canonical-path.ts';
import { requestSerializer } from './log-redaction.ts';
import { ping } from '../shared/db.ts';
import { enqueuedRecently } from '../shared/outbox.ts';
import { registerWebApp } from './web-app.ts';

/** Never logged: credentials, session cookies, CSRF tokens, and any body field that looks like a secret or card data. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.cardNumber',
  '*.cvc',
];

/** What the composition root plugs in: the hook that identifies callers, and every capability's routes. */
export type ServerParts = { auth: (app: App) => void; routes: (app: App) => void };

/** How long after this process queued an outbox row a successful change still wakes the dispatcher. */
const NUDGE_WINDOW_MS = 5_000;

export async function buildServer(ctx: AppContext, parts: ServerParts): Promise<App> {
  const app = Fastify({
    logger: {
      level: ctx.config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      // Customer link tokens in request URLs (/my-order/<token>, /api/v1/public/…/<token>) never reach the log.
      serializers: { req: requestSerializer },
      ...(ctx.logStream
        ? { stream: ctx.logStream }
        : ctx.config.logFormat === 'pretty'
          ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true } } }
          : {}),
    },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: ctx.config.bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { coerceTypes: false } },
    // Errors Node's HTTP parser finds before a route runs (headers too large, malformed request line) are problems too.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({ type: 'https://orderly.dev/problems/bad_request', title: 'Bad request', status, code: 'bad_request', detail: status === 431 ? 'The request headers or URL are too large' : 'The request could not be read', errors: [] });
      if (socket.writable) {
        socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      } else {
        socket.destroy(err);
      }
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Response bodies: code generated once per schema writes them (compiled-serializer.ts); zod's own serializer answers
  // whatever that code is not certain of. With verifySerializer (the test suite) both run on every response and must agree.
  app.setSerializerCompiler((route: Parameters<typeof serializerCompiler>[0]) => {
    const viaZod = serializerCompiler(route);
    if (!isZodSchema(route.schema)) return viaZod;
    const compiled = compileSerializer(route.schema);
    if (!ctx.config.verifySerializer) return (data) => compiled(data) ?? viaZod(data);
    return (data) => {
      const ours = compiled(data);
      let zods: string;
      try {
        zods = viaZod(data);
      } catch (e) {
        if (ours !== undefined) throw new Error(`The compiled serializer wrote a body zod refuses (${route.method} ${route.url} ${route.httpStatus})`, { cause: e });
        throw e;
      }
      if (ours !== undefined && ours !== zods) throw new Error(`The compiled serializer differs from zod (${route.method} ${route.url} ${route.httpStatus}):\n${ours}\n${zods}`);
      return zods;
    };
  });
  registerProblemJson(app, {
    databaseUnavailable: (e) => {
      ctx.database.availability.reportDown(e);
      return { retryAfterSeconds: ctx.database.availability.retryAfterSeconds };
    },
  });
  await app.register(cookie);
  // Security headers on every answer. Helmet's middleware is built once here: @fastify/helmet rebuilt it (and
  // re-parsed the CSP directives) on every request, a few per cent of the server's CPU placing an order.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new AppError('rate_limited', `Too many requests: at most ${c.max} per ${c.after}; try again later`, [], { retryAfterSeconds: Math.ceil(c.ttl / 1000) }),
  });
  // One spelling of every path: anything else is a 404 before any route or rule sees it.
  app.addHook('onRequest', async (req) => {
    const verdict = judgePath(req.url);
    if (!verdict.ok) throw new AppError('not_found', `No route ${req.method} with this spelling of the path (${verdict.reason})`);
  });
  parts.auth(app);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  // A change may have queued mail (a confirmation): wake the dispatcher instead of waiting for its next poll —
  // only when this process queued something lately (its transaction may have committed only now), so a change
  // that queued nothing costs no claim. Rows queued by other processes are found by the poll, as before.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400 && enqueuedRecently(NUDGE_WINDOW_MS)) ctx.nudgeMail?.();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (created under /api/v1/api-tokens)' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'orderly_session', description: 'A staff session from /api/v1/auth/login; changes also need the X-CSRF-Token header' },
        },
      },
      info: { title: 'Orderly API', version: '1.0.0', description: 'Order taking and order processing. Errors are application/problem+json.' },
      tags: [
        { name: 'orders', description: 'Placing, finding and moving orders' },
        { name: 'catalog', description: 'Products and their order forms' },
        { name: 'customers', description: 'Who orders' },
        { name: 'inventory', description: 'Stock' },
        { name: 'settings', description: 'The business' },
        { name: 'payments', description: 'Payment terms, payments, refunds, bank statements, the card provider' },
        { name: 'mail', description: 'The communication log and local mailbox' },
        { name: 'mail in', description: 'E-mail taken in: the SMTP listener, pasted or uploaded messages, drafts and replies made from them' },
        { name: 'access', description: "Customers' access links" },
        { name: 'customer', description: 'Customer-facing pages reached by access links (no log-in)' },
        { name: 'auth', description: 'Log-in, staff users, API tokens, audit log' },
        { name: 'storefront', description: 'Public: the catalog and the customer order form' },
        { name: 'system', description: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Is the service up, and which database engine does it use',
        response: {
          200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']) }),
          503: z.object({ status: z.literal('unavailable'), engine: z.string(), detail: z.string() }).describe('The database cannot be reached (Retry-After says when to look again)'),
        },
      },
    },
    async (_req, reply) => {
      const { availability } = ctx.database;
      try {
        await ping(ctx.database.db);
        availability.reportUp();
        return { status: 'ok' as const, engine: ctx.database.engine };
      } catch (e) {
        availability.reportDown(e);
        void reply.header('retry-after', String(availability.retryAfterSeconds));
        return reply.status(503).send({ status: 'unavailable' as const, engine: ctx.database.engine, detail: `The database (${ctx.database.engine}) cannot be reached` });
      }
    },
  );

  parts.routes(app);
  await registerWebApp(app);
  return app;
}
