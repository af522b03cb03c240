/** HTTP for the catalog: schemas and thin handlers. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, idOrSkuParam, ifMatchVersion, type App, type AppContext } from '../http/types.ts';
import { productInputSchema, productPatchSchema, type PartyCheck } from './product.ts';
import { FIELD_TYPES } from './form-definition.ts';
import { productSchema } from './catalog.schemas.ts';
import { changeProduct, createProduct, getProduct, listProducts } from './catalog.use-cases.ts';

/** `checkParty`: the composition root's check of a named supplier or manufacturer (parties sit beside the catalog). */
export function catalogRoutes(app: App, ctx: AppContext, checkParty?: PartyCheck): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/products',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'List products, by SKU',
        querystring: z.strictObject({
          q: z.string().max(200).optional(),
          active: z.enum(['true', 'false']).optional(),
          after: z.string().max(64).optional().describe('Cursor: the last SKU of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => {
      const { q, active, after, limit } = req.query;
      const items = await listProducts(db, {
        limit,
        ...(q ? { q } : {}),
        ...(active ? { active: active === 'true' } : {}),
        ...(after ? { after } : {}),
      });
      return { items, nextCursor: items.length === limit ? (items.at(-1)?.sku ?? null) : null };
    },
  );

  app.post(
    '/api/v1/products',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['catalog'],
        summary: 'Create a product with its order form',
        body: productInputSchema,
        response: { 201: productSchema, ...problems(409, 422) },
      },
    },
    async (req, reply) => {
      actorOf(req);
      const product = await createProduct(db, req.body, checkParty);
      return reply.status(201).header('etag', `"${product.version}"`).send(product);
    },
  );

  app.get(
    '/api/v1/products/:id',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'Read a product by id or SKU',
        params: idOrSkuParam,
        response: { 200: productSchema, ...problems(404) },
      },
    },
    async (req, reply) => {
      const product = await getProduct(db, req.params.id);
      return reply.header('etag', `"${product.version}"`).send(product);
    },
  );

  app.patch(
    '/api/v1/products/:id',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['catalog'],
        summary: 'Change a product (send If-Match with its version to guard against concurrent edits)',
        params: idOrSkuParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: productPatchSchema,
        response: { 200: productSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      actorOf(req);
      const version = ifMatchVersion(req.headers['if-match']);
      const product = await changeProduct(db, req.params.id, req.body, version, checkParty);
      return reply.header('etag', `"${product.version}"`).send(product);
    },
  );

  app.get(
    '/api/v1/form-field-types',
    { config: { permission: 'catalog.read' }, schema: { tags: ['catalog'], summary: 'The field types an order form may use', response: { 200: z.object({ types: z.array(z.enum(FIELD_TYPES)) }) } } },
    async () => ({ types: [...FIELD_TYPES] }),
  );
}
