/** HTTP: the clerk's order form asks for the expected completion date before it submits. */
import { problems, type App, type AppContext } from '../http/types.ts';
import { cachedSettings } from '../settings/settings.use-cases.ts';
import { previewCompletion } from './completion.ts';
import { completionPreviewRequestSchema, completionPreviewSchema } from './orders.schemas.ts';

export function completionRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  app.post(
    '/api/v1/orders/expected-completion',
    {
      config: { permission: 'orders.place' },
      schema: {
        tags: ['orders'],
        summary: 'The expected completion date these lines would get if ordered now (nothing is reserved or stored)',
        body: completionPreviewRequestSchema,
        response: { 200: completionPreviewSchema, ...problems(422) },
      },
    },
    async (req) => previewCompletion(db, req.body, await cachedSettings(db)),
  );
}
