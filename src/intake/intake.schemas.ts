/** Mail in: the request and answer shapes (the OpenAPI document is made from them). */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { INBOUND_OUTCOMES, INBOUND_SOURCES } from './intake-vocabulary.ts';

export const takeInRequestSchema = z
  .strictObject({
    raw: z.string().min(1).optional().describe('The whole message as text (headers, blank line, body), e.g. pasted from "show original"'),
    rawBase64: z.base64().min(1).optional().describe('The whole message, base64: an .eml file byte for byte'),
  })
  .superRefine((b, ctx) => {
    if ((b.raw === undefined) === (b.rawBase64 === undefined)) ctx.addIssue({ code: 'custom', path: ['raw'], message: 'Give the message once: as raw (text) or as rawBase64 (an .eml file)' });
  });

export const inboundAttachmentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  kept: z.boolean().describe('false: only its name, type and size were kept (refusedReason says why)'),
  refusedReason: z.string().nullable(),
});

export const inboundSummarySchema = z
  .object({
    id: z.uuid(),
    source: z.enum(INBOUND_SOURCES),
    receivedAt: z.string(),
    from: z.object({ address: z.string(), name: z.string().nullable() }).nullable(),
    envelopeFrom: z.string().nullable().describe('The SMTP envelope sender (listener only)'),
    senderTrusted: z.boolean().describe('false: the From header could not be checked against the envelope, so nobody was matched by it'),
    subject: z.string(),
    messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    outcome: z.enum(INBOUND_OUTCOMES).describe('draft: a draft order was made; reply: it answers our e-mail on that order; inquiry: a believed sender named no product we know, an inquiry was recorded (inquiryId); unmatched: left for staff'),
    notes: z.array(z.string()),
    customerId: z.uuid().nullable(),
    orderId: z.uuid().nullable(),
    inquiryId: z.uuid().nullable().describe('The inquiry it became'),
    rawSize: z.number().int(),
    hadHtml: z.boolean().describe('The message had an HTML part: it is never shown as HTML, only in the raw download'),
    receivedBy: actorSchema,
    attachments: z.array(inboundAttachmentSchema),
  })
  .meta({ id: 'InboundMessage' });

export const inboundDetailSchema = inboundSummarySchema.extend({ text: z.string().describe('The message as plain text') }).meta({ id: 'InboundMessageWithText' });
export const inboundPageSchema = z.object({ items: z.array(inboundSummarySchema), nextCursor: z.string().nullable() });
