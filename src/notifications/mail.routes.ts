/** HTTP for the mail log and the local mailbox: read messages, resend one. */
import { z } from 'zod';
import { MAIL_STATUSES } from './mail-vocabulary.ts';
import { actorOf } from '../http/actor.ts';
import { problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { getOrder } from '../orders/order-facts.ts';
import { findMailLog, getMail, renderStored, resendMail } from './mail.ts';
import type { MailRow } from './mail.repository.ts';
import { mailSummarySchema, mailSchema, page } from './mail.schemas.ts';

const summary = (m: MailRow) => ({
  id: m.id,
  orderId: m.orderId,
  template: m.template,
  language: m.language,
  to: m.toAddress,
  toName: m.toName,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  transport: m.transport,
  resendOf: m.resendOf,
  requestedBy: m.requestedBy,
  sentAt: m.sentAt,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

export function mailRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/mail',
    {
      config: { permission: 'mail.read' },
      schema: {
        tags: ['mail'],
        summary: 'The mail log, newest first: every message Orderly sent or means to send',
        description: 'With no SMTP server configured this is the local mailbox: messages are kept here (status kept_locally), never dropped.',
        querystring: z.strictObject({
          status: z.enum(MAIL_STATUSES).optional(),
          orderId: z.uuid().optional(),
          after: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: page, ...problems(422) },
      },
    },
    async (req) => {
      const r = await findMailLog(db, req.query);
      return { items: r.items.map(summary), nextCursor: r.nextCursor };
    },
  );

  app.get(
    '/api/v1/mail/:id',
    { config: { permission: 'mail.read' }, schema: { tags: ['mail'], summary: 'One message with its text and HTML', params: uuidParam, response: { 200: mailSchema, ...problems(404) } } },
    async (req) => {
      const m = await getMail(db, req.params.id);
      return { ...summary(m), messageId: m.messageIdHeader, ...renderStored(m, ctx.config.publicUrl) };
    },
  );

  app.post(
    '/api/v1/mail/:id/resend',
    {
      config: { permission: 'mail.resend' },
      schema: {
        tags: ['mail'],
        summary: 'Send a message again, as a new message (optionally to another address)',
        params: uuidParam,
        body: z.strictObject({ to: z.email().max(254).optional() }).optional(),
        response: { 201: mailSummarySchema, ...problems(404, 422) },
      },
    },
    async (req, reply) => {
      const m = await resendMail(db, req.params.id, req.body?.to, actorOf(req));
      ctx.nudgeMail?.();
      return reply.status(201).send(summary(m));
    },
  );

  app.get(
    '/api/v1/orders/:id/mail',
    {
      config: { permission: 'mail.read' },
      schema: {
        tags: ['mail'],
        summary: "The order's communication log",
        params: z.strictObject({ id: z.string().min(1).max(64).describe('Order id or number') }),
        response: { 200: page, ...problems(404) },
      },
    },
    async (req) => {
      const order = await getOrder(db, req.params.id);
      const r = await findMailLog(db, { orderId: order.id, limit: 200 });
      return { items: r.items.map(summary), nextCursor: r.nextCursor };
    },
  );
}
