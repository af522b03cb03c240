/** HTTP for the business's wording of customer e-mails: list, read, preview, save, reset. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { getTemplate, listTemplates, resetTemplate, saveTemplate } from './mail-templates.ts';
import { previewTemplate } from './template-preview.ts';
import { mailTemplateSchema, templateParams, templatePreviewSchema, templateSourceSchema } from './notifications.schemas.ts';

export function mailTemplateRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/mail-templates',
    {
      config: { permission: 'settings.read' },
      schema: { tags: ['mail'], summary: 'The wording of every customer e-mail, per language (the business’s own, or the default)', response: { 200: z.object({ items: z.array(mailTemplateSchema) }) } },
    },
    async () => ({ items: await listTemplates(db) }),
  );

  app.get(
    '/api/v1/mail-templates/:template/:language',
    { config: { permission: 'settings.read' }, schema: { tags: ['mail'], summary: 'The wording of one e-mail in one language', params: templateParams, response: { 200: mailTemplateSchema, ...problems(404) } } },
    async (req) => getTemplate(db, req.params.template, req.params.language),
  );

  app.put(
    '/api/v1/mail-templates/:template/:language',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags: ['mail'],
        summary: 'Change the wording of one e-mail in one language',
        description: 'Refused (422 naming /subject or /body) when it would not render: a syntax error, a name the e-mail does not offer, unescaped output, an empty subject or body.',
        params: templateParams,
        body: templateSourceSchema,
        response: { 200: mailTemplateSchema, ...problems(422) },
      },
    },
    async (req) => saveTemplate(db, req.params.template, req.params.language, req.body, actorOf(req)),
  );

  app.delete(
    '/api/v1/mail-templates/:template/:language',
    { config: { permission: 'settings.write' }, schema: { tags: ['mail'], summary: 'Reset one e-mail in one language to the default wording', params: templateParams, response: { 200: mailTemplateSchema } } },
    async (req) => resetTemplate(db, req.params.template, req.params.language),
  );

  app.post(
    '/api/v1/mail-templates/:template/:language/preview',
    {
      config: { permission: 'mail.read' },
      schema: {
        tags: ['mail'],
        summary: 'Preview a wording as an order’s customer would read it (sample data without an order)',
        description: 'Links show a placeholder, never a working token. A wording with problems answers 200 with them listed and no rendering, so an editor can show them as you type.',
        params: templateParams,
        body: templateSourceSchema.extend({ order: z.string().min(1).max(64).optional().describe('Order id or number') }),
        response: { 200: templatePreviewSchema, ...problems(404, 422) },
      },
    },
    async (req) => previewTemplate(db, { template: req.params.template, language: req.params.language, source: { subject: req.body.subject, body: req.body.body }, orderRef: req.body.order, publicUrl: ctx.config.publicUrl }),
  );
}
