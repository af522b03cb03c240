/** HTTP: the shop's order form shows the expected completion date before the shopper submits. */
import { problems, type App, type AppContext } from '../http/types.ts';
import { cachedSettings } from '../settings/settings.use-cases.ts';
import { previewCompletion } from '../orders/completion.ts';
import { completionPreviewRequestSchema, completionPreviewSchema } from '../orders/orders.schemas.ts';

export function publicCompletionRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  app.post(
    '/api/v1/public/expected-completion',
    {
      config: { public: true, rateLimit: { max: ctx.config.publicReadRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['storefront'],
        summary: 'The date an order for these products would be expected complete if placed now (nothing is reserved or stored)',
        body: completionPreviewRequestSchema,
        response: { 200: completionPreviewSchema, ...problems(422, 429) },
      },
    },
    async (req) => previewCompletion(db, req.body, await cachedSettings(db)),
  );
}
