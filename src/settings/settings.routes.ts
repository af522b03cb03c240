/** HTTP for the business settings. */
import { z } from 'zod';
import { ifMatchVersion, problems, type App, type AppContext } from '../http/types.ts';
import { settingsSchema } from './settings.ts';
import { getSettings, updateSettings } from './settings.service.ts';

const settingsResponse = settingsSchema.extend({ version: z.number().int() }).meta({ id: 'Settings' });

export function settingsRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  app.get('/api/v1/settings', { config: { permission: 'settings.read' }, schema: { tags: ['settings'], summary: 'The business settings', response: { 200: settingsResponse } } }, async () => getSettings(db));
  app.patch(
    '/api/v1/settings',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags: ['settings'],
        summary: 'Change the business settings',
        headers: z.object({ 'if-match': z.string().optional() }),
        body: settingsSchema.partial(),
        response: { 200: settingsResponse, ...problems(412, 422) },
      },
    },
    async (req) => {
      const v = ifMatchVersion(req.headers['if-match']);
      return updateSettings(db, req.body, v);
    },
  );
}
