/** Customer-facing API reached by access links: no log-in, the link is the key. */
import { z } from 'zod';
import { LANGUAGES } from '../notifications/i18n.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { orderPageByToken, verifyByCustomer } from './customer-page.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { customerOrderSchema } from './access.schemas.ts';

const tokenParam = z.strictObject({ token: z.string().min(1).max(200) });
const langQuery = z.strictObject({ lang: z.enum(LANGUAGES).optional().describe("Override the language (default: the customer's, else the business's)") });

export function publicRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
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
      return orderPageByToken(db, req.params.token, 'order_status', req.query.lang);
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
