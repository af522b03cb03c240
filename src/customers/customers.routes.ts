/** HTTP for customers. */
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { cachedSettings, getSettings } from '../settings/settings.use-cases.ts';
import { ifMatchVersion, problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { customerInputSchema, customerPatchSchema } from './customer.ts';
import { changeCustomer, createCustomer, getCustomer, searchCustomers } from './customers.use-cases.ts';
import { customerSchema } from './customers.schemas.ts';

const cursor = {
  encode: (c: { name: string; id: string }) => Buffer.from(JSON.stringify([c.name, c.id])).toString('base64url'),
  decode: (s: string): { name: string; id: string } => {
    try {
      const [name, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown[];
      if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { name, id };
    } catch {
      /* fall through */
    }
    throw new AppError('validation_failed', 'The cursor is not one this API gave out', [{ pointer: 'after', code: 'invalid_cursor', message: 'Use nextCursor from the previous page' }]);
  },
};

export function customerRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/customers',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['customers'],
        summary: 'Search customers by name, e-mail, phone or company',
        querystring: z.strictObject({
          q: z.string().max(200).optional(),
          after: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => {
      const { q, after, limit } = req.query;
      const items = await searchCustomers(db, { limit, ...(q ? { q } : {}), ...(after ? { after: cursor.decode(after) } : {}) }, (await cachedSettings(db)).defaultCountry);
      const last = items.at(-1);
      return { items, nextCursor: items.length === limit && last ? cursor.encode(last) : null };
    },
  );

  app.post(
    '/api/v1/customers',
    {
      config: { permission: 'customers.write' },
      schema: {
        tags: ['customers'],
        summary: 'Create a customer (a duplicate e-mail is refused with a pointer to the existing customer)',
        body: customerInputSchema,
        response: { 201: customerSchema, ...problems(409, 422) },
      },
    },
    async (req, reply) => {
      const settings = await getSettings(db);
      const c = await createCustomer(db, req.body, settings.defaultCountry);
      return reply.status(201).header('etag', `"${c.version}"`).send(c);
    },
  );

  app.get(
    '/api/v1/customers/:id',
    { config: { permission: 'customers.read' }, schema: { tags: ['customers'], summary: 'Read a customer', params: uuidParam, response: { 200: customerSchema, ...problems(404) } } },
    async (req, reply) => {
      const c = await getCustomer(db, req.params.id);
      return reply.header('etag', `"${c.version}"`).send(c);
    },
  );

  app.patch(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customers.write' },
      schema: {
        tags: ['customers'],
        summary: 'Change a customer',
        params: uuidParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: customerPatchSchema,
        response: { 200: customerSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const settings = await getSettings(db);
      const version = ifMatchVersion(req.headers['if-match']);
      const c = await changeCustomer(db, req.params.id, req.body, settings.defaultCountry, version);
      return reply.header('etag', `"${c.version}"`).send(c);
    },
  );
}
