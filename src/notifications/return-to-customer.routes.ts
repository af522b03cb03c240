/** Staff send an incomplete draft back to its customer, and see which drafts wait on a customer. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { actorSchema, orderRefParam, problems, type App, type AppContext } from '../http/types.ts';
import { getOrder } from '../orders/order-facts.ts';
import { draftsWaitingOnCustomer } from '../orders/draft-return.ts';
import { findReturn } from '../orders/draft-returns.repository.ts';
import { returnDraftToCustomer } from './return-to-customer.ts';

const missingSchema = z.array(z.object({ line: z.number().int(), product: z.string(), field: z.string(), pointer: z.string() }));
const draftReturnSchema = z.object({
  orderId: z.uuid(),
  sentTo: z.string(),
  sentAt: z.date(),
  reminderDueAt: z.date(),
  remindedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  missing: missingSchema,
});
const waitingSchema = z.object({
  items: z.array(
    z.object({
      orderId: z.uuid(),
      customerName: z.string().nullable(),
      channel: z.string(),
      sentTo: z.string(),
      sentAt: z.date(),
      reminderDueAt: z.date(),
      remindedAt: z.date().nullable(),
      missing: z.array(z.object({ pointer: z.string(), line: z.number().int(), key: z.string() })),
    }),
  ),
});

export function returnToCustomerRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post(
    '/api/v1/orders/:id/return-to-customer',
    {
      config: { permission: 'orders.place', onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Send a draft to the customer to complete',
        description:
          'E-mails the customer (complete_order, their language) exactly what is missing — the answers to the products’ order forms, line by line — with a link (valid ORDERLY_COMPLETE_LINK_DAYS days) to a page showing only those fields; completing it there places the order. ' +
          'One reminder follows after settings.notifications.completeReminderHours if it is not completed. Give `email` when the draft has none (it is saved on the draft). ' +
          'Refused (422, each field named) when something other than product answers is missing — complete that first; 409 when nothing is missing. Sending again starts afresh.',
        params: orderRefParam,
        body: z.strictObject({ email: z.email().max(254).optional() }),
        response: { 201: draftReturnSchema, ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const r = await returnDraftToCustomer(db, req.params.id, { email: req.body.email, linkDays: ctx.config.links.completeDays }, actorOf(req));
      ctx.nudgeMail?.();
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/orders/:id/return-to-customer',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['orders'],
        summary: 'Whether this draft was sent to the customer to complete: when, to whom, reminded, completed',
        params: orderRefParam,
        response: { 200: z.object({ sent: z.object({ sentTo: z.string(), sentAt: z.date(), reminderDueAt: z.date(), remindedAt: z.date().nullable(), completedAt: z.date().nullable(), sentBy: actorSchema }).nullable() }), ...problems(404) },
      },
    },
    async (req) => {
      const order = await getOrder(db, req.params.id);
      const r = await findReturn(db, order.id);
      return { sent: r ? { sentTo: r.sentTo, sentAt: r.sentAt, reminderDueAt: r.reminderDueAt, remindedAt: r.remindedAt, completedAt: r.completedAt, sentBy: r.sentBy } : null };
    },
  );

  app.get(
    '/api/v1/orders/waiting-on-customer',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['orders'],
        summary: 'Drafts sent to their customer to complete and not completed yet, oldest first: when sent, to whom, whether reminded',
        response: { 200: waitingSchema },
      },
    },
    async () => ({ items: await draftsWaitingOnCustomer(db) }),
  );
}
