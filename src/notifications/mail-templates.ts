/**
 * The business's wording of each customer e-mail, per language: read (its own
 * edit or the default), save (checked first: a template that would not render,
 * or names a value the message does not have, is refused with a 422 naming the
 * part — never at send time), reset to the default.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { keptReads } from '../shared/kept-reads.ts';
import { LANGUAGES, type Language } from './i18n.ts';
import { DEFAULT_TEMPLATES, TEMPLATE_NAMES, TEMPLATE_PURPOSE, type TemplateName } from './default-templates.ts';
import { checkTemplate, type TemplateProblem, type TemplateSource } from './template-engine.ts';
import { SAMPLE_DATA, viewOf } from './templates.ts';
import { deleteTemplate, findTemplate, findTemplates, upsertTemplate, type MailTemplateRow } from './mail-templates.repository.ts';

export type MailTemplateView = TemplateSource & {
  template: TemplateName;
  language: Language;
  purpose: string;
  customised: boolean;
  updatedAt: Date | null;
  default: TemplateSource;
};

const view = (template: TemplateName, language: Language, row: MailTemplateRow | undefined): MailTemplateView => {
  const d = DEFAULT_TEMPLATES[language][template];
  return {
    template,
    language,
    purpose: TEMPLATE_PURPOSE[template],
    subject: row?.subject ?? d.subject,
    body: row?.body ?? d.body,
    customised: row !== undefined,
    updatedAt: row?.updatedAt ?? null,
    default: d,
  };
};

/**
 * How long a process may render with the wording it read last. A change saved in this process
 * is used at once (the cache is dropped); one saved in another process within this long — the
 * same rule as a revoked API token. Every queued and every sent message read its template row
 * otherwise: two statements per e-mail, one of them in the placing transaction.
 */
export const TEMPLATE_FRESH_MS = 1_000;
const sources = keptReads<string, TemplateSource>(TEMPLATE_FRESH_MS);

/** The wording a message of this template and language is rendered with now (see TEMPLATE_FRESH_MS). */
export async function templateSource(conn: Conn, template: TemplateName, language: Language, now = Date.now()): Promise<TemplateSource> {
  return sources.get(
    `${template}:${language}`,
    async () => {
      const row = await findTemplate(conn, template, language);
      return row ? { subject: row.subject, body: row.body } : DEFAULT_TEMPLATES[language][template];
    },
    now,
  );
}

export async function listTemplates(conn: Conn): Promise<MailTemplateView[]> {
  const rows = await findTemplates(conn);
  return TEMPLATE_NAMES.flatMap((t) => LANGUAGES.map((l) => view(t, l, rows.find((r) => r.template === t && r.language === l))));
}

export async function getTemplate(conn: Conn, template: TemplateName, language: Language): Promise<MailTemplateView> {
  return view(template, language, await findTemplate(conn, template, language));
}

/** The problems of a wording for this template: each names the part (subject or body). */
export const templateProblems = (template: TemplateName, language: Language, source: TemplateSource): TemplateProblem[] =>
  checkTemplate(source, viewOf(template, language, SAMPLE_DATA[template], 'https://shop.example'));

export async function saveTemplate(conn: Conn, template: TemplateName, language: Language, source: TemplateSource, actor: Actor): Promise<MailTemplateView> {
  const problems = templateProblems(template, language, source);
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      `The ${problems.map((p) => p.part).join(' and ')} would not render: ${problems.map((p) => p.message).join('; ')}`,
      problems.map((p) => ({ pointer: `/${p.part}`, code: 'template_invalid', message: p.message })),
    );
  }
  const saved = await upsertTemplate(conn, { template, language, subject: source.subject, body: source.body, updatedBy: actor });
  sources.forget();
  return view(template, language, saved);
}

export async function resetTemplate(conn: Conn, template: TemplateName, language: Language): Promise<MailTemplateView> {
  await deleteTemplate(conn, template, language);
  sources.forget();
  return view(template, language, undefined);
}
