/** Response schemas of mail (the OpenAPI document names them). */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { MAIL_STATUSES } from './mail-vocabulary.ts';


export const mailSummarySchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid().nullable(),
    template: z.string(),
    language: z.string(),
    to: z.string(),
    toName: z.string().nullable(),
    subject: z.string(),
    status: z.enum(MAIL_STATUSES).describe('queued: waiting or retrying; sent: accepted by the SMTP server; kept_locally: no SMTP configured, kept here; failed: gave up after the last attempt; bounced: refused for good'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    transport: z.string().nullable(),
    resendOf: z.uuid().nullable(),
    requestedBy: actorSchema,
    sentAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'MailMessage' });

export const mailSchema = mailSummarySchema.extend({ messageId: z.string(), text: z.string(), html: z.string() }).meta({ id: 'MailMessageWithBody' });

export const page = z.object({ items: z.array(mailSummarySchema), nextCursor: z.string().nullable() });
