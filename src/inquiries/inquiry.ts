/** What an inquiry is given as input (staff and the shop's form) and how it reads. Pure. */
import { z } from 'zod';
import { INQUIRY_CHANNELS, INQUIRY_STATES } from './inquiry-vocabulary.ts';
import { INQUIRY_COMMANDS } from './inquiry-lifecycle.ts';

const isoDay = z.iso.date('Enter a date as YYYY-MM-DD');

export const contactSchema = z.strictObject({
  name: z.string({ error: 'Enter the name of who asked' }).trim().min(1, 'Enter the name of who asked').max(200),
  email: z.email('Enter a valid e-mail address').max(254).optional(),
  phone: z.string().trim().min(3, 'Enter a phone number').max(40).optional(),
});

export const askedProductSchema = z.strictObject({
  product: z.string().trim().min(1, 'Choose a product').max(100).describe('Product id or SKU'),
  answers: z.record(z.string().max(100), z.unknown()).default({}).describe("Options the customer asked about: answers to the product's order form, any of them (missing ones are fine)"),
  note: z.string().trim().max(2000).default(''),
});

export const inquiryInputSchema = z.strictObject({
  customerId: z.uuid().optional().describe('A known customer; or give contact'),
  contact: contactSchema.optional().describe('Who asked, when not a known customer: a name and an e-mail address and/or a phone number'),
  channel: z.enum(INQUIRY_CHANNELS),
  question: z.string({ error: 'Write down the question' }).trim().min(1, 'Write down the question').max(5000),
  products: z.array(askedProductSchema).max(20).default([]),
  assigneeUserId: z.uuid().nullable().optional(),
  followUpOn: isoDay.nullable().optional(),
  language: z.enum(['en', 'tr']).optional().describe("The language to answer in (else the customer's, else the business's)"),
});
export type InquiryInput = z.output<typeof inquiryInputSchema>;

export const inquiryPatchSchema = z.strictObject({
  assigneeUserId: z.uuid().nullable().optional(),
  followUpOn: isoDay.nullable().optional(),
  customerId: z.uuid().nullable().optional().describe('Link the inquiry to a known customer (null: unlink)'),
});
export type InquiryPatch = z.output<typeof inquiryPatchSchema>;

export const answerInputSchema = z.strictObject({
  answer: z.string({ error: 'Write the answer' }).trim().min(1, 'Write the answer').max(10_000),
  sendEmail: z.boolean().default(false).describe('Send the answer to the customer by e-mail (the inquiry_answer template, through the outbox)'),
});

const frozenAnswer = z.object({ key: z.string(), label: z.string(), value: z.unknown(), display: z.string() });

export const inquiryTimelineEntrySchema = z
  .object({ id: z.number().int(), type: z.string(), at: z.date(), actor: z.object({ kind: z.string(), name: z.string() }), data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'InquiryTimelineEntry' });

export const inquirySchema = z
  .object({
    id: z.uuid(),
    customer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    contact: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    channel: z.enum(INQUIRY_CHANNELS),
    question: z.string(),
    products: z.array(z.object({ productId: z.uuid(), sku: z.string(), name: z.string(), answers: z.array(frozenAnswer), note: z.string() })),
    state: z.enum(INQUIRY_STATES),
    lostReason: z.string().nullable(),
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    followUpOn: z.string().nullable(),
    overdue: z.boolean().describe('Open, answered or quoted, with a follow-up date before today'),
    language: z.string().nullable(),
    allowedCommands: z.array(z.enum(INQUIRY_COMMANDS)),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Inquiry' });
export type InquiryView = z.infer<typeof inquirySchema>;

export const inquiryDetailSchema = inquirySchema.extend({ timeline: z.array(inquiryTimelineEntrySchema) }).meta({ id: 'InquiryDetail' });
export type InquiryDetail = z.infer<typeof inquiryDetailSchema>;
