/** Customer-facing API reached by access links: no log-in, the link is the key. */
import { z } from 'zod';
import { ORDER_STATUSES } from '../orders/order-vocabulary.ts';
import { ORDER_PAYMENT_STATES, PAYMENT_METHODS } from '../payments/payment-vocabulary.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { orderPageByToken, verifyByCustomer, type ShipmentsReader } from './customer-page.ts';
import { SHIPMENT_METHODS } from '../fulfilment/fulfilment-vocabulary.ts';
import type { OrderReactions } from '../orders/order-events.ts';

const tokenParam = z.strictObject({ token: z.string().min(1).max(200) });
const langQuery = z.strictObject({ lang: z.enum(LANGUAGES).optional().describe("Override the language (default: the customer's, else the business's)") });

export const customerOrderSchema = z
  .object({
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    statusText: z.string(),
    language: z.enum(LANGUAGES),
    placedAt: z.date().nullable(),
    expectedCompletionDate: z.string().nullable(),
    expectedCompletionText: z.string().nullable(),
    currency: z.string(),
    lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), options: z.array(z.object({ label: z.string(), value: z.string() })), totalMinor: z.number().int(), totalText: z.string() })),
    totals: z.object({ linesTotalMinor: z.number().int(), taxTotalMinor: z.number().int(), deliveryFeeMinor: z.number().int(), grandTotalMinor: z.number().int(), grandTotalText: z.string() }),
    payment: z.object({
      state: z.enum(ORDER_PAYMENT_STATES),
      stateText: z.string(),
      method: z.enum(PAYMENT_METHODS),
      methodText: z.string(),
      paidMinor: z.number().int(),
      dueMinor: z.number().int(),
      dueText: z.string(),
      reference: z.string(),
      dueDate: z.string().nullable(),
      howToPay: z.string().nullable(),
      bank: z.object({ accountName: z.string(), iban: z.string(), bic: z.string(), bankName: z.string() }).nullable(),
    }),
    verification: z.object({ required: z.boolean(), verified: z.boolean() }),
    shipments: z
      .array(
        z.object({
          number: z.number().int(),
          method: z.enum(SHIPMENT_METHODS),
          carrier: z.string().nullable(),
          trackingNumber: z.string().nullable(),
          trackingUrl: z.string().nullable(),
          slot: z.string().nullable(),
          shippedOn: z.string(),
          expectedDeliveryOn: z.string().nullable(),
          deliveredOn: z.string().nullable(),
          lines: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
        }),
      )
      .describe('What has left: each shipment with its tracking link'),
    timeline: z.array(z.object({ at: z.date(), type: z.string(), text: z.string() })),
    business: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() }),
  })
  .meta({ id: 'CustomerOrder' });

export function publicRoutes(app: App, ctx: AppContext, reactions: OrderReactions, shipmentsOf: ShipmentsReader): void {
  const { db } = ctx.database;
  // Tokens are 256-bit and cannot be guessed; the limit keeps a scanner from trying anyway.
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/order-status/:token',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: "The customer's order page: status, lines, totals, payment due, expected date, progress and contact",
        params: tokenParam,
        querystring: langQuery,
        response: { 200: customerOrderSchema, ...problems(404) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return orderPageByToken(db, req.params.token, 'order_status', shipmentsOf, req.query.lang);
    },
  );

  app.get(
    '/api/v1/public/verify/:token',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['customer'], summary: 'The order a verify link asks the customer to check', params: tokenParam, querystring: langQuery, response: { 200: customerOrderSchema, ...problems(404) } },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return orderPageByToken(db, req.params.token, 'verify', shipmentsOf, req.query.lang);
    },
  );

  app.post(
    '/api/v1/public/verify/:token',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'The customer confirms their order is right (verification)',
        description: 'Idempotent: verifying twice, or after staff verified, answers with the order as it is.',
        params: tokenParam,
        querystring: langQuery,
        response: { 200: customerOrderSchema, ...problems(404) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return verifyByCustomer(db, reactions, req.params.token, shipmentsOf, req.query.lang);
    },
  );
}
