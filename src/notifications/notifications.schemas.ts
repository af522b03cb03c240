/** Response schemas of the e-mail wording (templates) and the messages staff send. */
import { z } from 'zod';
import { LANGUAGES } from './i18n.ts';
import { TEMPLATE_NAMES } from './default-templates.ts';

export const templateParams = z.strictObject({ template: z.enum(TEMPLATE_NAMES), language: z.enum(LANGUAGES) });

export const templateSourceSchema = z.strictObject({
  subject: z.string().max(500).describe('Mustache: {{name}} prints a value (escaped in the HTML part)'),
  body: z.string().max(20_000).describe('Plain text with Mustache tags; blank lines make paragraphs; the HTML part is made from it, every value escaped'),
});

export const mailTemplateSchema = z
  .object({
    template: z.enum(TEMPLATE_NAMES),
    language: z.enum(LANGUAGES),
    purpose: z.string(),
    subject: z.string(),
    body: z.string(),
    customised: z.boolean().describe('false: the default wording'),
    updatedAt: z.date().nullable(),
    default: z.object({ subject: z.string(), body: z.string() }),
  })
  .meta({ id: 'MailTemplate' });

export const templatePreviewSchema = z
  .object({
    rendered: z.object({ subject: z.string(), text: z.string(), html: z.string() }).nullable().describe('null when the wording has problems'),
    problems: z.array(z.object({ part: z.enum(['subject', 'body']), message: z.string() })),
    orderNumber: z.string().nullable().describe('The order previewed with; null: sample data'),
  })
  .meta({ id: 'MailTemplatePreview' });
