/** HTTP for mail in: paste or upload a message, the inbox, one message, its raw form and attachments, a draft from it. */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { orderRefParam, problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { INBOUND_OUTCOMES } from './intake-vocabulary.ts';
import { attachmentContent, draftFromInbound, inquiryFromInbound, getInbound, listInboundMail, rawMessage, takeInMail } from './take-in-mail.ts';
import { inboundDetailSchema, inboundPageSchema, takeInRequestSchema } from './intake.schemas.ts';

/** A download that is never shown in the page: attachment, no sniffing, and a sandbox should a browser open it anyway. */
function download(reply: FastifyReply, contentType: string, filename: string, body: Buffer) {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(body);
}

export function intakeRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;
  const maxBytes = ctx.config.mailIn.maxBytes;

  app.post(
    '/api/v1/inbound-mail',
    {
      // Base64 grows a message by a third; the use case checks the message's own size.
      bodyLimit: Math.ceil(maxBytes * 1.4) + 16_384,
      config: { permission: 'orders.place' },
      schema: {
        tags: ['mail in'],
        summary: 'Take in an e-mail pasted or uploaded by staff: it becomes a draft order, a reply on an order, or waits in the inbox',
        description:
          'The sender is matched to a customer by address; products are recognised by SKU or name with the quantity written beside them. ' +
          'A reply to one of our e-mails (In-Reply-To / References) lands on that order. Attachments are kept only for PDF, images, plain text and CSV whose content matches their type. ' +
          'The text is kept; HTML is never rendered. 413 over ORDERLY_MAIL_IN_MAX_BYTES.',
        body: takeInRequestSchema,
        response: { 201: inboundDetailSchema, ...problems(413, 422) },
      },
    },
    async (req, reply) => {
      const raw = req.body.raw !== undefined ? Buffer.from(req.body.raw, 'utf8') : Buffer.from(req.body.rawBase64 ?? '', 'base64');
      const view = await takeInMail(db, reactions, { raw, source: 'upload', envelopeFrom: null }, maxBytes, actorOf(req));
      return reply.status(201).header('location', `/api/v1/inbound-mail/${view.id}`).send(view);
    },
  );

  app.get(
    '/api/v1/inbound-mail',
    {
      config: { permission: 'mail.read' },
      schema: {
        tags: ['mail in'],
        summary: 'The inbox: messages taken in, newest first',
        querystring: z.strictObject({ outcome: z.enum(INBOUND_OUTCOMES).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: inboundPageSchema, ...problems(422) },
      },
    },
    async (req) => listInboundMail(db, req.query),
  );

  app.get(
    '/api/v1/inbound-mail/:id',
    { config: { permission: 'mail.read' }, schema: { tags: ['mail in'], summary: 'One message taken in, with its text', params: uuidParam, response: { 200: inboundDetailSchema, ...problems(404) } } },
    async (req) => getInbound(db, req.params.id),
  );

  app.get(
    '/api/v1/inbound-mail/:id/raw',
    { config: { permission: 'mail.read' }, schema: { tags: ['mail in'], summary: 'The message exactly as received (message/rfc822, as a download)', params: uuidParam, response: problems(404) } },
    async (req, reply) => download(reply, 'message/rfc822', `message-${req.params.id}.eml`, await rawMessage(db, req.params.id)),
  );

  app.get(
    '/api/v1/inbound-mail/:id/attachments/:attachmentId',
    {
      config: { permission: 'mail.read' },
      schema: { tags: ['mail in'], summary: "A kept attachment's content (as a download)", params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }), response: problems(404) },
    },
    async (req, reply) => {
      const a = await attachmentContent(db, req.params.id, req.params.attachmentId);
      return download(reply, a.contentType, a.filename, a.content);
    },
  );

  app.post(
    '/api/v1/inbound-mail/:id/draft',
    {
      config: { permission: 'orders.place' },
      schema: {
        tags: ['mail in'],
        summary: 'Make a draft order from a message left in the inbox (the sender when believed, and the products it names)',
        params: uuidParam,
        response: { 201: z.object({ orderId: z.uuid() }), ...problems(404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await draftFromInbound(db, reactions, req.params.id, actorOf(req))),
  );

  app.post(
    '/api/v1/inbound-mail/:id/inquiry',
    {
      config: { permission: 'inquiries.write' },
      schema: {
        tags: ['mail in'],
        summary: 'Make an inquiry from a message left in the inbox (its From address as who asked, the subject and text as the question)',
        params: uuidParam,
        response: { 201: z.object({ inquiryId: z.uuid() }), ...problems(404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await inquiryFromInbound(db, req.params.id, actorOf(req))),
  );

  app.get(
    '/api/v1/orders/:id/inbound-mail',
    {
      config: { permission: 'mail.read' },
      schema: { tags: ['mail in'], summary: "Messages received on the order (replies, and the e-mail a draft was made from): its communication log's incoming side", params: orderRefParam, response: { 200: inboundPageSchema, ...problems(404) } },
    },
    async (req) => listInboundMail(db, { orderRef: req.params.id, limit: 200 }),
  );
}
