/** The customer's survey, reached by the link in the feedback request: no log-in, the link is the key. */
import { z } from 'zod';
import { problems, type App, type AppContext } from '../http/types.ts';
import { answerSurvey, optOutByToken, surveyByToken } from './survey.ts';
import { surveyAnswerBody, surveySchema } from './feedback.schemas.ts';

const tokenParam = z.strictObject({ token: z.string().min(1).max(200) });

export function surveyRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/survey/:token',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['customer'], summary: 'The feedback survey of an order: its questions, and whether it was answered', params: tokenParam, response: { 200: surveySchema, ...problems(404) } },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return surveyByToken(db, req.params.token);
    },
  );

  app.post(
    '/api/v1/public/survey/:token',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: "The customer's answer: rating 1–5, recommend 0–10, an optional comment and the business's questions",
        description: 'One answer per order: a second is refused (409). A rating at or below settings.feedback.lowRatingAtMost makes a "call the customer back" follow-up for staff.',
        params: tokenParam,
        body: surveyAnswerBody,
        response: { 201: z.object({ thanks: z.literal(true) }), ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      await answerSurvey(db, req.params.token, req.body);
      return reply.status(201).send({ thanks: true as const });
    },
  );

  app.post(
    '/api/v1/public/survey/:token/opt-out',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['customer'],
        summary: 'Stop feedback requests to this address (order and delivery e-mails still go)',
        params: tokenParam,
        response: { 200: z.object({ optedOut: z.literal(true) }), ...problems(404) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return optOutByToken(db, req.params.token);
    },
  );
}
