/** HTTP for the business settings. */
import { z } from 'zod';
import { ifMatchVersion, problems, type App, type AppContext } from '../http/types.ts';
import { settingsSchema } from './settings.ts';
import { AppError } from '../shared/errors.ts';
import { cardDefaultProblems } from '../payments/payment-settings.ts';
import { getSettings, updateSettings } from './settings.use-cases.ts';
import { settingsResponse } from './settings.schemas.ts';

export function settingsRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  const cardAvailable = Boolean(ctx.config.stripe.secretKey);
  app.get('/api/v1/settings', { config: { permission: 'settings.read' }, schema: { tags: ['settings'], summary: 'The business settings', response: { 200: settingsResponse } } }, async () => getSettings(db));
  app.get(
    '/api/v1/settings/server',
    {
      config: { permission: 'settings.read' },
      schema: {
        tags: ['settings'],
        summary: 'What this server is set up for (from its environment, not the settings): card payments, e-mail delivery',
        response: {
          200: z
            .object({
              cardPayments: z.boolean().describe('A card provider is configured (STRIPE_SECRET_KEY); without it card cannot be a default method'),
              mailDelivery: z.enum(['smtp', 'local_mailbox']).describe('smtp: SMTP_URL is set; local_mailbox: messages are kept in the mail log, not sent'),
            })
            .meta({ id: 'ServerSetup' }),
        },
      },
    },
    async () => ({ cardPayments: cardAvailable, mailDelivery: ctx.config.mail.smtpUrl ? ('smtp' as const) : ('local_mailbox' as const) }),
  );
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
      const problems = req.body.payments ? cardDefaultProblems(req.body.payments, cardAvailable) : [];
      if (problems.length) throw new AppError('validation_failed', 'Card payments are not set up, so card cannot be a default method', problems);
      return updateSettings(db, req.body, v);
    },
  );
}
