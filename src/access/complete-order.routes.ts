/** The public page a `complete` link opens: the answers a draft still needs from its customer. No log-in: the link is the key. */
import { z } from 'zod';
import { answersSchema, formFieldSchema } from '../catalog/form-definition.schemas.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { completeByToken, completePageByToken } from './complete-order.ts';

const tokenParam = z.strictObject({ token: z.string().min(1).max(200) });

const completePageSchema = z.object({
  customerName: z.string(),
  currency: z.string(),
  business: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() }),
  lines: z.array(
    z.object({
      line: z.number().int().describe('The line’s index in the order (answers are sent under it)'),
      productName: z.string(),
      quantity: z.number().int().nullable(),
      fields: z.array(formFieldSchema).describe('The product’s whole order form (conditions may name other fields); only `missing` are to be answered'),
      answers: z.record(z.string(), z.unknown()),
      missing: z.array(z.object({ key: z.string(), label: z.string(), message: z.string() })),
    }),
  ),
});

export function completeOrderRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/complete/:token',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'A draft sent back to its customer: the answers it still needs (only those), per line',
        description: 'A used (the order is placed), expired, withdrawn or unknown link answers 404 with the same message.',
        params: tokenParam,
        response: { 200: completePageSchema, ...problems(404) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return completePageByToken(db, req.params.token);
    },
  );

  app.post(
    '/api/v1/public/complete/:token',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'The customer answers what was missing: the order is placed',
        description:
          'Answers per line index: `{ "lines": { "0": { "fields": { "fabric": "linen" } } } }`. Only the fields asked for may be given (another answers 422 `not_asked`); ' +
          'the answers are checked with the same validator as every order form (422 naming each field, as `/lines/N/fields/KEY`), then the draft is submitted as staff would submit it: ' +
          'stock reserved, a number, the acknowledgement. The link stops working; the answer carries the number and a link to the order page.',
        params: tokenParam,
        body: z.strictObject({ lines: z.record(z.string().regex(/^\d{1,3}$/), z.strictObject({ fields: answersSchema })) }),
        response: { 201: z.object({ orderNumber: z.string(), orderPagePath: z.string() }), ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      const r = await completeByToken(db, reactions, req.params.token, req.body.lines, ctx.config.links);
      ctx.nudgeMail?.();
      return reply.status(201).send(r);
    },
  );
}
