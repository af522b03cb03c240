/**
 * A product's order form, as data. Field definitions are checked when saved
 * (`checkFormDefinition`) and compiled into one validator (`compileForm`) that
 * returns every problem with a set of answers at once. The API, the staff form,
 * the storefront and the completion link all use this one validator, and
 * the web imports this very file (alias `@server/`, see web/vite.config.ts) to
 * show, require and price fields live. Pure: no I/O, nothing Node-only.
 */
import { RE2JS } from 're2js';
export const FIELD_TYPES = ['text', 'number', 'select', 'multi_select', 'boolean', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** At most this many options per choice field, so at most this many choices in one answer. */
export const MAX_OPTIONS = 200;
export const MAX_TEXT_ANSWER = 10_000;

export type Scalar = string | number | boolean;

/**
 * "Only when X = Y": holds when the other field's answer equals `equals` (for a
 * multi-select, includes it), or is any of `in`. Exactly one of the two is given.
 */
export type Condition = { field: string; equals?: Scalar | undefined; in?: Scalar[] | undefined };
export type FieldOption = { value: string; label: string; /** Price change per unit in minor units; may be negative. */ priceDeltaMinor: number };

/**
 * One field of a product's order form, as stored and as the API returns it. The
 * zod schema that checks a definition sent to the API is in
 * form-definition.schemas.ts (server only, so the web bundle carries no zod);
 * a type test there keeps the two the same.
 */
export type FormField = {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  help?: string | undefined;
  options?: FieldOption[] | undefined;
  /** number: the lowest value; multi_select: the fewest choices; date: the earliest day, in whole days from the day of the order (0 = today, -30 = thirty days ago). */
  min?: number | undefined;
  /** number: the highest value; multi_select: the most choices; date: the latest day, in whole days from the day of the order (90 = ninety days ahead). */
  max?: number | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  /** RE2 syntax (no look-around, no back-references), checked in linear time; the whole answer must match. */
  pattern?: string | undefined;
  /** For a boolean field: price change per unit when the answer is true. */
  priceDeltaMinor?: number | undefined;
  /** The field is shown (and may be answered) only when this holds. */
  shownWhen?: Condition | undefined;
  /** The field is required exactly when this holds (and it is shown); overrides `required`. */
  requiredWhen?: Condition | undefined;
};

/**
 * A form pattern compiled by RE2 (re2js): matching takes time linear in the
 * answer, whatever the pattern, so no pattern can stall the server. RE2 has no
 * look-around and no back-references; such a pattern does not compile.
 */
export function compilePattern(pattern: string): { ok: true; re: RE2JS } | { ok: false; reason: string } {
  try {
    RE2JS.compile(pattern); // on its own, so "a)|(b" cannot escape the group below
    return { ok: true, re: RE2JS.compile(`(?:${pattern})`) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export type DefinitionProblem = { path: (string | number)[]; code: string; message: string };

/** Structural rules zod cannot express: unique keys, conditions naming real fields, options where needed. */
export function checkFormDefinition(fields: readonly FormField[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    if (seen.has(f.key)) {
      problems.push({ path: [i, 'key'], code: 'duplicate_key', message: `The key "${f.key}" is already used by field ${seen.get(f.key)}` });
    } else {
      seen.set(f.key, i);
    }
  });
  fields.forEach((f, i) => {
    const isChoice = f.type === 'select' || f.type === 'multi_select';
    if (isChoice && (!f.options || f.options.length === 0)) {
      problems.push({ path: [i, 'options'], code: 'options_required', message: 'A select field needs at least one option' });
    }
    if (!isChoice && f.options !== undefined) {
      problems.push({ path: [i, 'options'], code: 'options_not_allowed', message: `A ${f.type} field has no options` });
    }
    if (f.options) {
      const values = new Set<string>();
      f.options.forEach((o, j) => {
        if (values.has(o.value)) {
          problems.push({ path: [i, 'options', j, 'value'], code: 'duplicate_option', message: `The option "${o.value}" appears twice` });
        }
        values.add(o.value);
      });
    }
    if (f.priceDeltaMinor !== undefined && f.type !== 'boolean') {
      problems.push({ path: [i, 'priceDeltaMinor'], code: 'not_allowed', message: 'Only a boolean field has its own price change; give select options theirs' });
    }
    if ((f.min !== undefined || f.max !== undefined) && f.type !== 'number' && f.type !== 'date' && f.type !== 'multi_select') {
      problems.push({ path: [i, 'min'], code: 'not_allowed', message: `min/max do not apply to a ${f.type} field` });
    }
    if (f.type === 'date') {
      for (const which of ['min', 'max'] as const) {
        const v = f[which];
        if (v !== undefined && (!Number.isSafeInteger(v) || Math.abs(v) > 36_600)) {
          problems.push({ path: [i, which], code: 'invalid_days', message: `For a date, ${which} is a whole number of days from the day of the order (0 = that day, negative = before), at most 36600 either way` });
        }
      }
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
      problems.push({ path: [i, 'max'], code: 'invalid_range', message: 'max must not be below min' });
    }
    if ((f.pattern !== undefined || f.minLength !== undefined || f.maxLength !== undefined) && f.type !== 'text') {
      problems.push({ path: [i, 'pattern'], code: 'not_allowed', message: 'pattern and length limits apply to text fields only' });
    }
    if (f.pattern !== undefined) {
      const compiled = compilePattern(f.pattern);
      if (!compiled.ok) {
        problems.push({ path: [i, 'pattern'], code: 'invalid_pattern', message: `The pattern is not a regular expression RE2 can check (no look-around or back-references): ${compiled.reason}` });
      }
    }
    for (const which of ['shownWhen', 'requiredWhen'] as const) {
      const c = f[which];
      if (!c) continue;
      const target = fields.find((g) => g.key === c.field);
      if ((c.equals === undefined) === (c.in === undefined)) {
        problems.push({ path: [i, which], code: 'invalid_condition', message: 'A condition needs exactly one of "equals" or "in"' });
      }
      if (!target) {
        problems.push({ path: [i, which, 'field'], code: 'unknown_field', message: `The condition names "${c.field}", which is not a field of this form` });
      } else if (target.key === f.key) {
        problems.push({ path: [i, which, 'field'], code: 'self_reference', message: 'A field cannot depend on itself' });
      } else if (fields.indexOf(target) > i) {
        problems.push({ path: [i, which, 'field'], code: 'forward_reference', message: `A condition may only name a field above it; move "${c.field}" up` });
      }
    }
  });
  return problems;
}

export type AnswerProblem = { field: string; code: string; message: string };
export type Answers = Record<string, unknown>;
export type FrozenAnswer = { key: string; label: string; value: unknown; display: string; priceDeltaMinor: number };

export type FormResult = {
  problems: AnswerProblem[];
  /** The answers that apply (unshown fields dropped), normalised, with labels frozen for the order. */
  answers: FrozenAnswer[];
  /** Sum of the price changes of the chosen options, per unit, in minor units. */
  priceDeltaMinor: number;
  /** The keys of the fields shown for these answers (their conditions hold), in form order. */
  visible: string[];
  /** The keys of the shown fields that must be answered for these answers. */
  required: string[];
};

export type CompiledForm = (answers: Answers) => FormResult;

/** Options for compileForm: `today` (YYYY-MM-DD, UTC) anchors date fields' min/max; the current day when not given. */
export type CompileOptions = { today?: string };

/** "2026-11-30" moved by `days` whole days. */
export function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The earliest and latest day a date field accepts on `today`, as YYYY-MM-DD (either may be absent). */
export function dateBounds(f: Pick<FormField, 'type' | 'min' | 'max'>, today: string): { min?: string; max?: string } {
  if (f.type !== 'date') return {};
  return { ...(f.min !== undefined ? { min: addDays(today, f.min) } : {}), ...(f.max !== undefined ? { max: addDays(today, f.max) } : {}) };
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function conditionHolds(c: Condition, answers: ReadonlyMap<string, unknown>): boolean {
  const actual = answers.get(c.field);
  if (actual === undefined) return false;
  const wanted = c.in ?? (c.equals !== undefined ? [c.equals] : []);
  if (Array.isArray(actual)) return actual.some((a) => wanted.includes(a as Scalar));
  return wanted.includes(actual as Scalar);
}

const matchesPattern = (p: ReturnType<typeof compilePattern> | undefined, s: string) => p === undefined || (p.ok && p.re.matches(s));

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Compiles field definitions (already checked) into one validator returning every problem at once. */
export function compileForm(fields: readonly FormField[], options: CompileOptions = {}): CompiledForm {
  // A stored pattern RE2 cannot compile (saved before patterns were checked by RE2) refuses every answer: fail closed, never slow.
  const patterns = new Map(fields.flatMap((f) => (f.pattern ? [[f.key, compilePattern(f.pattern)] as const] : [])));
  const keys = new Set(fields.map((f) => f.key));

  return (input) => {
    const problems: AnswerProblem[] = [];
    const frozen: FrozenAnswer[] = [];
    const accepted = new Map<string, unknown>();
    const visible: string[] = [];
    const requiredKeys: string[] = [];
    let priceDeltaMinor = 0;

    for (const key of Object.keys(input)) {
      if (!keys.has(key)) problems.push({ field: key, code: 'unknown_field', message: `"${key}" is not a field of this product's form` });
    }

    for (const f of fields) {
      // Conditions only name fields above, so `accepted` already holds what they need.
      if (f.shownWhen && !conditionHolds(f.shownWhen, accepted)) continue;
      const required = f.requiredWhen ? conditionHolds(f.requiredWhen, accepted) : f.required;
      visible.push(f.key);
      if (required) requiredKeys.push(f.key);
      const raw = input[f.key];
      if (isBlank(raw)) {
        if (required) problems.push({ field: f.key, code: 'required', message: `${f.label} is required` });
        continue;
      }
      const bad = (code: string, message: string) => problems.push({ field: f.key, code, message });
      let value: unknown;
      let display = '';
      let delta = 0;
      switch (f.type) {
        case 'text': {
          if (typeof raw !== 'string') {
            bad('invalid_type', `${f.label} must be text`);
            break;
          }
          const s = raw.trim();
          if (f.minLength !== undefined && s.length < f.minLength) bad('too_short', `${f.label} needs at least ${f.minLength} characters`);
          else if (s.length > (f.maxLength ?? 2000)) bad('too_long', `${f.label} allows at most ${f.maxLength ?? 2000} characters`);
          else if (!matchesPattern(patterns.get(f.key), s)) bad('pattern', `${f.label} is not in the expected format`);
          else value = display = s;
          break;
        }
        case 'number': {
          const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
          if (typeof n !== 'number' || !Number.isFinite(n)) bad('invalid_type', `${f.label} must be a number`);
          else if (f.min !== undefined && n < f.min) bad('too_small', `${f.label} must be at least ${f.min}`);
          else if (f.max !== undefined && n > f.max) bad('too_big', `${f.label} must be at most ${f.max}`);
          else {
            value = n;
            display = String(n);
          }
          break;
        }
        case 'boolean': {
          const b = raw === 'true' ? true : raw === 'false' ? false : raw;
          if (typeof b !== 'boolean') bad('invalid_type', `${f.label} must be yes or no`);
          else {
            value = b;
            display = b ? 'Yes' : 'No';
            delta = b ? (f.priceDeltaMinor ?? 0) : 0;
          }
          break;
        }
        case 'date': {
          const bounds = dateBounds(f, options.today ?? todayUtc());
          if (typeof raw !== 'string' || !validDate(raw)) bad('invalid_date', `${f.label} must be a date (YYYY-MM-DD)`);
          else if (bounds.min !== undefined && raw < bounds.min) bad('too_early', `${f.label} must be on or after ${bounds.min}`);
          else if (bounds.max !== undefined && raw > bounds.max) bad('too_late', `${f.label} must be on or before ${bounds.max}`);
          else {
            value = display = raw;
          }
          break;
        }
        case 'select': {
          const opt = typeof raw === 'string' ? f.options?.find((o) => o.value === raw) : undefined;
          if (typeof raw !== 'string') bad('invalid_type', `${f.label} must be one of its choices`);
          else if (!opt) bad('invalid_option', `${f.label} must be one of: ${(f.options ?? []).map((o) => o.label).join(', ')}`);
          else {
            value = opt.value;
            display = opt.label;
            delta = opt.priceDeltaMinor;
          }
          break;
        }
        case 'multi_select': {
          if (!Array.isArray(raw) || !raw.every((r) => typeof r === 'string')) {
            bad('invalid_type', `${f.label} must be a list of choices`);
            break;
          }
          const options = f.options ?? [];
          if (raw.length > options.length) {
            bad('too_many', `${f.label} has ${options.length} choices; the answer lists ${raw.length}`);
            break;
          }
          const chosen = options.filter((o) => raw.includes(o.value));
          const unknown = raw.filter((r) => !options.some((o) => o.value === r));
          if (unknown.length > 0) bad('invalid_option', `${f.label} has choices that do not exist: ${unknown.slice(0, 5).map((u) => u.slice(0, 40)).join(', ')}${unknown.length > 5 ? ' …' : ''}`);
          else if (new Set(raw).size !== raw.length) bad('duplicate_choice', `${f.label} lists a choice twice`);
          else if (f.min !== undefined && chosen.length < f.min) bad('too_few', `${f.label} needs at least ${f.min} choices`);
          else if (f.max !== undefined && chosen.length > f.max) bad('too_many', `${f.label} allows at most ${f.max} choices`);
          else {
            value = chosen.map((o) => o.value);
            display = chosen.map((o) => o.label).join(', ');
            delta = chosen.reduce((s, o) => s + o.priceDeltaMinor, 0);
          }
          break;
        }
      }
      if (value !== undefined) {
        accepted.set(f.key, value);
        frozen.push({ key: f.key, label: f.label, value, display, priceDeltaMinor: delta });
        priceDeltaMinor += delta;
      }
    }
    return { problems, answers: frozen, priceDeltaMinor, visible, required: requiredKeys };
  };
}
