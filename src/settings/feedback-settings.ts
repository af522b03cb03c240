/** The feedback survey after delivery: whether it is sent, when, how long its link works, what counts as a low rating, and the business's own questions. Pure. */
import { z } from 'zod';

export const FEEDBACK_QUESTION_KINDS = ['text', 'yes_no'] as const;

export const feedbackQuestionSchema = z.strictObject({
  text: z.string().trim().min(1).max(200),
  /** A free-text answer, or yes / no. */
  kind: z.enum(FEEDBACK_QUESTION_KINDS),
});

export const feedbackSettingsSchema = z
  .strictObject({
    /** Customers get a feedback request after their order is delivered. */
    enabled: z.boolean().default(true),
    /** Days after delivery the request is sent. */
    delayDays: z.number().int().min(0).max(60).default(2),
    /** A rating at or below this (1–5) creates a "call the customer back" follow-up for staff. */
    lowRatingAtMost: z.number().int().min(1).max(5).default(2),
    /** Days the survey link works after it is sent. */
    linkDays: z.number().int().min(1).max(365).default(30),
    /** Up to five questions of the business's own, shown after the fixed ones; every answer is optional. */
    questions: z.array(feedbackQuestionSchema).max(5).default([]),
  })
  .describe('The feedback survey after delivery');

export type FeedbackSettings = z.infer<typeof feedbackSettingsSchema>;
export type FeedbackQuestion = z.infer<typeof feedbackQuestionSchema>;

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = { enabled: true, delayDays: 2, lowRatingAtMost: 2, linkDays: 30, questions: [] };
