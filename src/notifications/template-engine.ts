/**
 * The mail template engine: Mustache (logic-less), one source per template and
 * language for the subject and one for the body. The body is rendered twice —
 * once as the plain-text part (values as they are) and once as the HTML part
 * (every value HTML-escaped, paragraphs and line breaks kept, web addresses made
 * links) — so the two parts never say different things.
 *
 * `checkTemplate` refuses what would fail or say nothing at send time: a syntax
 * error, a name the template does not offer (Mustache would print nothing),
 * unescaped output (`{{{ }}}`, `{{& }}`), partials and delimiter changes. The
 * business's edits are checked when saved, so a message never fails to render. Pure.
 */
import Mustache, { type TemplateSpans } from 'mustache';

export type RenderedMail = { subject: string; text: string; html: string };
export type TemplateSource = { subject: string; body: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const asText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A problem with one part of a template: which part, and what is wrong. */
export type TemplateProblem = { part: keyof TemplateSource; message: string };

type Frame = unknown;

function lookup(stack: Frame[], name: string): unknown {
  if (name === '.') return stack.at(-1);
  const [head = '', ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i];
    if (frame !== null && typeof frame === 'object' && head in frame) {
      let v: unknown = (frame as Record<string, unknown>)[head];
      for (const key of rest) {
        if (v === null || typeof v !== 'object' || !(key in v)) return undefined;
        v = (v as Record<string, unknown>)[key];
      }
      return v;
    }
  }
  return undefined;
}

/** Every name the spans use must resolve in the sample (which holds every field, optional ones filled, lists with one item). */
function walk(spans: TemplateSpans, stack: Frame[], problems: string[]): void {
  for (const span of spans) {
    const [type, value] = span;
    if (type === 'text' || type === '!') continue;
    if (type === '&') {
      problems.push(`"${value}" is written unescaped ({{{ }}} or {{& }}); write {{${value}}} instead`);
      continue;
    }
    if (type === '>' || type === '=') {
      problems.push(type === '>' ? `partials ({{> ${value}}}) are not available` : 'changing the delimiters is not available');
      continue;
    }
    const found = lookup(stack, value);
    if (found === undefined) {
      problems.push(`unknown name {{${value}}}`);
      continue;
    }
    if (type === '#' || type === '^') {
      const inner = span[4] as TemplateSpans | undefined;
      if (!inner) continue;
      if (type === '#' && Array.isArray(found)) walk(inner, [...stack, found[0] ?? {}], problems);
      else if (type === '#' && found !== null && typeof found === 'object') walk(inner, [...stack, found], problems);
      else walk(inner, stack, problems);
    }
  }
}

function checkPart(source: string, sample: object): string[] {
  let spans: TemplateSpans;
  try {
    spans = Mustache.parse(source);
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
  const problems: string[] = [];
  walk(spans, [sample], problems);
  return [...new Set(problems)];
}

/** Every problem of a template against the names it may use (`sample`): empty when it renders. */
export function checkTemplate(t: TemplateSource, sample: object): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  for (const part of ['subject', 'body'] as const) {
    const problems = checkPart(t[part], sample);
    if (problems.length) out.push({ part, message: problems.join('; ') });
  }
  if (!out.length) {
    // It parses and every name is known: it must also render (and say something) with the sample.
    try {
      const r = renderTemplate(t, sample, 'en');
      if (!r.subject.trim()) out.push({ part: 'subject', message: 'the subject is empty' });
      if (!r.text.trim()) out.push({ part: 'body', message: 'the body is empty' });
    } catch (e) {
      out.push({ part: 'body', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** The HTML body: escaped text, blank lines as paragraphs, line breaks kept, links clickable. */
function toHtml(escapedBody: string, lang: string): string {
  const paragraphs = escapedBody
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.replace(URL_RE, (u) => `<a href="${u}">${u}</a>`).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
    `<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;max-width:640px;margin:0 auto;padding:16px;white-space:normal">${paragraphs}</body></html>`
  );
}

/** Subject and plain text with values as they are; the HTML part with every value escaped. */
/** Only the subject line (what the mail log shows of a queued message), without rendering the body twice. */
export const renderSubject = (t: TemplateSource, view: object): string => Mustache.render(t.subject, view, {}, { escape: asText }).replace(/\s+/g, ' ').trim();

export function renderTemplate(t: TemplateSource, view: object, lang: string): RenderedMail {
  const subject = renderSubject(t, view);
  const text = Mustache.render(t.body, view, {}, { escape: asText })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const html = toHtml(
    Mustache.render(escapeHtml(t.body), view, {}, { escape: (v: unknown) => escapeHtml(asText(v)) })
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    lang,
  );
  return { subject, text, html };
}
