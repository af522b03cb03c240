/** Customer-facing API reached by access links: no log-in, the link is the key. */
import { z } from 'zod';
import { ORDER_STATUSES } from '../orders/order-vocabulary.ts';
import { ORDER_PAYMENT_STATES, PAYMENT_METHODS } from '../payments/payment-vocabulary.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { cardCheckoutByToken, orderPageByToken, verifyByCustomer } from './customer-page.ts';
import type { PaymentProvider } from '../payments/provider.ts';
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
      payByCard: z.boolean().describe("The customer can pay what is due by card now (card terms, money due, a card provider configured): POST …/card-checkout"),
    }),
    verification: z.object({ required: z.boolean(), verified: z.boolean() }),
    timeline: z.array(z.object({ at: z.date(), type: z.string(), text: z.string() })),
    business: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() }),
  })
  .meta({ id: 'CustomerOrder' });

/** `card`: the card provider the composition root chose (none without one configured). */
export function publicRoutes(app: App, ctx: AppContext, reactions: OrderReactions, card: PaymentProvider | undefined): void {
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
      return orderPageByToken(db, req.params.token, 'order_status', req.query.lang, card !== undefined);
    },
  );

  app.post(
    '/api/v1/public/order-status/:token/card-checkout',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'Pay by card: start a hosted checkout at the card provider for what is due',
        description:
          'Only for an order paid by card with money due, and only when a card provider is configured (else 409). Answers the checkout page to send the customer to; the payment is recorded when the provider reports it (its signed event). A second call while a checkout is open answers the same page.',
        params: tokenParam,
        response: { 201: z.object({ url: z.string() }), ...problems(404, 409, 502) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(await cardCheckoutByToken(db, card, req.params.token, ctx.config.publicUrl));
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
      return orderPageByToken(db, req.params.token, 'verify', req.query.lang);
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
      return verifyByCustomer(db, reactions, req.params.token, req.query.lang);
    },
  );
}
