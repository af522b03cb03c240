/** HTTP for mail to a customer on request: staff ask them to verify; a customer asks for a fresh link to their order page. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, type App, type AppContext, orderRefParam } from '../http/types.ts';
import { requestVerification } from './verification-request.ts';
import { requestOrderLink } from './order-link-request.ts';


export function customerMailRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post(
    '/api/v1/orders/:id/verification-request',
    {
      config: { permission: 'orders.verify' },
      schema: {
        tags: ['orders'],
        summary: 'Ask the customer to verify the order: sends them a verify link by e-mail',
        description: "The link is made when the e-mail is delivered to the order's customer address; the mail log never holds it.",
        params: orderRefParam,
        response: { 202: z.object({ mailId: z.uuid() }), ...problems(404, 409) },
      },
    },
    async (req, reply) => reply.status(202).send(await requestVerification(db, req.params.id, actorOf(req))),
  );

  app.post(
    '/api/v1/public/order-links',
    {
      config: { public: true, rateLimit: { max: ctx.config.links.renewalRateLimit, timeWindow: '1 hour' } },
      schema: {
        tags: ['customer'],
        summary: 'Ask for a fresh link to your order page, by e-mail',
        description:
          "With the order number and the order's e-mail address, a new order-page link is e-mailed to the order's customer address (never to another). " +
          'The answer is the same 202 whether or not they matched, so it reveals nothing about which orders exist. Limited per address and per order.',
        body: z.strictObject({ orderNumber: z.string().trim().min(1).max(40), email: z.email().max(254) }),
        response: { 202: z.object({ accepted: z.literal(true), detail: z.string() }), ...problems(422, 429) },
      },
    },
    async (req, reply) => {
      await requestOrderLink(db, req.body, ctx.config.links.orderStatusDays);
      void reply.header('cache-control', 'no-store');
      return reply.status(202).send({ accepted: true as const, detail: 'If the order number and e-mail address belong to an order, a new link is on its way to that address.' });
    },
  );
}
