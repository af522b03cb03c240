/** HTTP for staff: the feedback report, and the follow-ups a low rating makes. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { feedbackReport } from './feedback-report.ts';
import { completeFollowUp, followUps } from './follow-ups.ts';
import { feedbackReportSchema, followUpSchema } from './feedback.schemas.ts';

export function feedbackRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/feedback/report',
    {
      config: { permission: 'feedback.read' },
      schema: {
        tags: ['feedback'],
        summary: 'Average rating and recommend score (NPS) by week or month, by channel and by product; the latest answers, newest first',
        querystring: z.strictObject({
          unit: z.enum(['week', 'month']).default('week'),
          days: z.coerce.number().int().min(1).max(3660).default(182).describe('How far back the scores go'),
        }),
        response: { 200: feedbackReportSchema },
      },
    },
    async (req) => feedbackReport(db, { unit: req.query.unit, days: req.query.days }),
  );

  app.get(
    '/api/v1/follow-ups',
    {
      config: { permission: 'feedback.read' },
      schema: {
        tags: ['feedback'],
        summary: 'Follow-ups for staff ("call the customer back"): open ones by due date, or done ones, latest first',
        querystring: z.strictObject({ done: z.enum(['true', 'false']).default('false'), limit: z.coerce.number().int().min(1).max(200).default(100) }),
        response: { 200: z.object({ items: z.array(followUpSchema) }) },
      },
    },
    async (req) => ({ items: await followUps(db, { open: req.query.done === 'false', limit: req.query.limit }) }),
  );

  app.post(
    '/api/v1/follow-ups/:id/done',
    {
      config: { permission: 'feedback.act' },
      schema: {
        tags: ['feedback'],
        summary: 'Mark a follow-up done, with a note of what came of it',
        params: uuidParam,
        body: z.strictObject({ note: z.string().trim().min(1, 'Write what came of it').max(2000) }),
        response: { 200: followUpSchema.omit({ orderNumber: true, assigneeName: true }), ...problems(404, 409, 422) },
      },
    },
    async (req) => completeFollowUp(db, req.params.id, req.body.note, actorOf(req)),
  );
}
