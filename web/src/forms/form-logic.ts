/**
 * What a product's order form shows, requires and costs for the answers so far.
 * The same rules as the server's compileForm (src/catalog/form-definition.ts):
 * a field is shown when its shownWhen holds on the accepted answers above it,
 * required when its requiredWhen holds (else `required`), and priced by its
 * chosen options. The server still validates; this only keeps the form live.
 * A test checks the two agree. Patterns run in RE2 (re2js), as on the server:
 * linear time, the same syntax, the same answer.
 */
import { RE2JS } from 're2js';
import type { Condition, FormField } from '../api/client';

export type Answers = Record<string, unknown>;
/** The shape of an answer the server accepts (answerValueSchema): text, a number, yes/no, nothing, or a list of choices. */
export type AnswerValue = string | number | boolean | null | string[];
export type FormState = {
  visible: Set<string>;
  required: Set<string>;
  priceDeltaMinor: number;
  /** The answers to send: shown fields only, blanks and malformed values dropped. */
  answers: Record<string, AnswerValue>;
};

const isAnswerValue = (v: unknown): v is AnswerValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

type Scalar = string | number | boolean;
const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function holds(c: Condition, accepted: ReadonlyMap<string, unknown>): boolean {
  const actual = accepted.get(c.field);
  if (actual === undefined) return false;
  const wanted: Scalar[] = c.in ?? (c.equals !== undefined ? [c.equals] : []);
  if (Array.isArray(actual)) return actual.some((a) => wanted.includes(a as Scalar));
  return wanted.includes(actual as Scalar);
}

const compiledPatterns = new Map<string, RE2JS | null>();
/** The pattern compiled as the server compiles it (see compilePattern in src/catalog/form-definition.ts); null when RE2 cannot. */
function patternOf(pattern: string): RE2JS | null {
  let re = compiledPatterns.get(pattern);
  if (re === undefined) {
    try {
      RE2JS.compile(pattern);
      re = RE2JS.compile(`(?:${pattern})`);
    } catch {
      re = null;
    }
    if (compiledPatterns.size > 500) compiledPatterns.clear();
    compiledPatterns.set(pattern, re);
  }
  return re;
}

/** The value the server would accept for a field, or undefined (blank or invalid). */
function accept(f: FormField, raw: unknown): { value: unknown; delta: number } | undefined {
  switch (f.type) {
    case 'select': {
      const o = f.options?.find((x) => x.value === raw);
      return o ? { value: o.value, delta: o.priceDeltaMinor } : undefined;
    }
    case 'multi_select': {
      if (!Array.isArray(raw)) return undefined;
      const chosen = (f.options ?? []).filter((o) => raw.includes(o.value));
      if (chosen.length !== raw.length) return undefined;
      if (f.min !== undefined && chosen.length < f.min) return undefined;
      if (f.max !== undefined && chosen.length > f.max) return undefined;
      return { value: chosen.map((o) => o.value), delta: chosen.reduce((s, o) => s + o.priceDeltaMinor, 0) };
    }
    case 'boolean': {
      const b = raw === 'true' ? true : raw === 'false' ? false : raw;
      return typeof b === 'boolean' ? { value: b, delta: b ? (f.priceDeltaMinor ?? 0) : 0 } : undefined;
    }
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) return undefined;
      return { value: n, delta: 0 };
    }
    case 'date':
      return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { value: raw, delta: 0 } : undefined;
    case 'text': {
      if (typeof raw !== 'string') return undefined;
      const s = raw.trim();
      if (f.minLength !== undefined && s.length < f.minLength) return undefined;
      if (s.length > (f.maxLength ?? 2000)) return undefined;
      if (f.pattern) {
        const re = patternOf(f.pattern);
        if (!re || !re.matches(s)) return undefined;
      }
      return { value: s, delta: 0 };
    }
  }
}

export function evaluateForm(fields: readonly FormField[], values: Answers): FormState {
  const visible = new Set<string>();
  const required = new Set<string>();
  const accepted = new Map<string, unknown>();
  const answers: Record<string, AnswerValue> = {};
  let priceDeltaMinor = 0;
  for (const f of fields) {
    if (f.shownWhen && !holds(f.shownWhen, accepted)) continue;
    visible.add(f.key);
    if (f.requiredWhen ? holds(f.requiredWhen, accepted) : f.required) required.add(f.key);
    const raw = values[f.key];
    if (isBlank(raw) || !isAnswerValue(raw)) continue;
    answers[f.key] = raw;
    const ok = accept(f, raw);
    if (ok) {
      accepted.set(f.key, ok.value);
      priceDeltaMinor += ok.delta;
    }
  }
  return { visible, required, priceDeltaMinor, answers };
}
