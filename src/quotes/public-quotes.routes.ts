/** HTTP for quotes, customer side: the quote's page and accepting it, reached by its link. */
import { z } from 'zod';
import { problems, type App, type AppContext } from '../http/types.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { acceptanceSchema, customerQuoteSchema } from './quotes.schemas.ts';
import { acceptQuoteByToken, quotePageByToken } from './quotes.use-cases.ts';

const tokenParam = z.strictObject({ token: z.string().min(1).max(200) });

export function publicQuoteRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/quotes/:token',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['customer'], summary: "The customer's quote page: lines, prices, validity, and whether it can still be accepted", params: tokenParam, response: { 200: customerQuoteSchema, ...problems(404) } },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return quotePageByToken(db, req.params.token);
    },
  );

  app.post(
    '/api/v1/public/quotes/:token/accept',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'The customer accepts the quote: it becomes an order',
        description:
          'Places an order with the quote’s lines, answers and prices (checked as any order is; stock reserved now). 201 with the order’s number and a link to its page; accepting again answers 200 with the same order. 410 when the quote was withdrawn or has expired; 409 when it no longer matches the catalogue (each line’s problem listed) or stock is short.',
        params: tokenParam,
        response: { 200: acceptanceSchema, 201: acceptanceSchema, ...problems(404, 409, 410) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      const a = await acceptQuoteByToken(db, reactions, req.params.token);
      ctx.nudgeMail?.();
      return reply.status(a.alreadyAccepted ? 200 : 201).send(a);
    },
  );
}
