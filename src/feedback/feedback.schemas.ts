/** Request and response schemas of feedback (the OpenAPI document names them). */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { LANGUAGES } from '../notifications/i18n.ts';

export const surveySchema = z
  .object({
    orderNumber: z.string(),
    customerName: z.string(),
    businessName: z.string(),
    language: z.enum(LANGUAGES),
    questions: z.array(z.object({ index: z.number().int(), text: z.string(), kind: z.enum(['text', 'yes_no']) })),
    answered: z.boolean().describe('The survey of this order was answered (a second answer is refused)'),
    optedOut: z.boolean().describe('This address asked for no more feedback requests'),
  })
  .meta({ id: 'Survey' });

export const surveyAnswerBody = z
  .strictObject({
    rating: z.number({ error: 'Choose a rating from 1 to 5' }).int().min(1, 'Choose a rating from 1 to 5').max(5, 'Choose a rating from 1 to 5'),
    recommend: z.number({ error: 'Choose a number from 0 to 10' }).int().min(0, 'Choose a number from 0 to 10').max(10, 'Choose a number from 0 to 10'),
    comment: z.string().max(4000).optional(),
    answers: z
      .array(z.union([z.string().max(2000), z.boolean(), z.null()]))
      .max(5)
      .optional()
      .describe("Answers to the business's questions, in their order: text, true/false for yes/no, or null"),
  })
  .meta({ id: 'SurveyAnswer' });

export const followUpSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    orderNumber: z.string().nullable(),
    kind: z.enum(['call_back']),
    customerName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    assigneeUserId: z.uuid().nullable(),
    assigneeName: z.string().nullable(),
    dueDate: z.string(),
    doneAt: z.date().nullable(),
    doneNote: z.string().nullable(),
    doneBy: actorSchema.nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'FollowUp' });

const scoreShape = { responses: z.number().int(), averageRating: z.number().nullable(), nps: z.number().int().nullable().describe('Promoters (9–10) less detractors (0–6), in percent') };

export const feedbackReportSchema = z
  .object({
    unit: z.enum(['week', 'month']),
    since: z.string(),
    overall: z.object(scoreShape),
    periods: z.array(z.object({ period: z.string().describe('The first day of the week (Monday) or month'), ...scoreShape })),
    channels: z.array(z.object({ key: z.string(), label: z.string(), ...scoreShape })),
    products: z.array(z.object({ key: z.string(), label: z.string(), ...scoreShape })),
    comments: z.array(
      z.object({
        orderId: z.uuid(),
        orderNumber: z.string().nullable(),
        customerName: z.string().nullable(),
        channel: z.string(),
        rating: z.number().int(),
        recommend: z.number().int(),
        comment: z.string().nullable(),
        answers: z.array(z.object({ question: z.string(), kind: z.enum(['text', 'yes_no']), answer: z.union([z.string(), z.boolean(), z.null()]) })),
        createdAt: z.date(),
      }),
    ),
  })
  .meta({ id: 'FeedbackReport' });
