/** HTTP for quotes, staff side: prepare, list, read, download, send, withdraw. */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { createQuoteInputSchema } from './quote.ts';
import { QUOTE_STATUSES } from './quote-vocabulary.ts';
import { quoteSchema } from './quotes.schemas.ts';
import { createQuote, findQuotes, getQuote, quotePdf, sendQuote, withdrawQuote } from './quotes.use-cases.ts';

const quoteRef = z.strictObject({ id: z.string().min(1).max(64).describe('Quote id or number (Q-2026-0001)') });

function sendPdf(reply: FastifyReply, doc: { contentType: string; fileName: string; body: Buffer | string }) {
  return reply
    .header('content-type', doc.contentType)
    .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .send(doc.body);
}

export function quoteRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/quotes',
    {
      config: { permission: 'quotes.read', showsPrices: true },
      schema: {
        tags: ['quotes'],
        summary: 'Quotes, newest first',
        querystring: z.strictObject({
          status: z.enum(QUOTE_STATUSES).optional(),
          customerId: z.uuid().optional(),
          inquiryId: z.uuid().optional().describe('Only the quotes prepared from this inquiry'),
          after: z.string().max(200).optional().describe('Cursor: nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(quoteSchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => findQuotes(db, req.query),
  );

  app.post(
    '/api/v1/quotes',
    {
      config: { permission: 'quotes.write', showsPrices: true },
      schema: {
        tags: ['quotes'],
        summary: 'Prepare a quote (a draft) for a customer',
        description:
          'The lines and product order forms are checked exactly as an order’s (every problem at once). A line may carry an agreed unit price (before options and tax) with the reason; the totals follow the orders’ arithmetic. validUntil defaults to 30 days from today. With inquiryId the quote answers that inquiry: sending it moves the inquiry to quoted, its acceptance to won (where the inquiry’s state allows), each on the inquiry’s timeline. The quote takes the next number of its own series (Q-YYYY-NNNN, no gaps).',
        body: createQuoteInputSchema,
        response: { 201: quoteSchema, ...problems(422) },
      },
    },
    async (req, reply) => {
      const q = await createQuote(db, req.body, actorOf(req));
      return reply.status(201).header('location', `/api/v1/quotes/${q.id}`).send(q);
    },
  );

  app.get(
    '/api/v1/quotes/:id',
    { config: { permission: 'quotes.read', showsPrices: true }, schema: { tags: ['quotes'], summary: 'A quote', params: quoteRef, response: { 200: quoteSchema, ...problems(404) } } },
    async (req) => getQuote(db, req.params.id),
  );

  app.get(
    '/api/v1/quotes/:id/pdf',
    { config: { permission: 'quotes.read' }, schema: { tags: ['quotes'], summary: 'The quote as the PDF the customer receives', params: quoteRef, response: problems(404) } },
    async (req, reply) => sendPdf(reply, await quotePdf(db, req.params.id)),
  );

  app.post(
    '/api/v1/quotes/:id/send',
    {
      config: { permission: 'quotes.write', showsPrices: true },
      schema: {
        tags: ['quotes'],
        summary: 'Send the quote to the customer (or send it again)',
        description: 'An e-mail in the customer’s language with the quote as a PDF and a personal link to a page where they can accept it. Only a draft or sent quote that has not expired; the customer needs an e-mail address.',
        params: quoteRef,
        response: { 200: z.object({ quote: quoteSchema, mailId: z.uuid() }), ...problems(404, 409, 422) },
      },
    },
    async (req) => {
      const sent = await sendQuote(db, req.params.id, actorOf(req));
      ctx.nudgeMail?.();
      return sent;
    },
  );

  app.post(
    '/api/v1/quotes/:id/withdraw',
    {
      config: { permission: 'quotes.write', showsPrices: true },
      schema: { tags: ['quotes'], summary: 'Withdraw a quote not yet accepted: its link then says so and it cannot be accepted', params: quoteRef, response: { 200: quoteSchema, ...problems(404, 409) } },
    },
    async (req) => withdrawQuote(db, req.params.id),
  );
}
