/**
 * A product's order form, as data. Field definitions are checked when saved
 * (`checkFormDefinition`) and compiled into one validator (`compileForm`) that
 * returns every problem with a set of answers at once. The API, the staff form,
 * the storefront and the completion link all use this one validator.
 * Pure: no I/O.
 */
import { RE2JS } from 're2js';
import { z } from 'zod';

export const FIELD_TYPES = ['text', 'number', 'select', 'multi_select', 'boolean', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** At most this many options per choice field, so at most this many choices in one answer. */
export const MAX_OPTIONS = 200;
const MAX_TEXT_ANSWER = 10_000;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof scalar>;

export const conditionSchema = z.strictObject({
  field: z.string().min(1),
  /** The condition holds when the other field's answer equals this value (or, for multi-select, includes it). */
  equals: scalar.optional(),
  /** The condition holds when the other field's answer is any of these. */
  in: z.array(scalar).min(1).max(MAX_OPTIONS).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const optionSchema = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(200),
  /** Price change per unit in minor units; may be negative. */
  priceDeltaMinor: z.number().int().min(-100_000_000).max(100_000_000).default(0),
});

export const formFieldSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Use lower-case letters, digits and _ (start with a letter, at most 50)'),
  label: z.string().trim().min(1).max(200),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  help: z.string().max(500).optional(),
  options: z.array(optionSchema).max(MAX_OPTIONS).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(MAX_TEXT_ANSWER).optional(),
  pattern: z.string().max(500).optional().describe('RE2 syntax (no look-around, no back-references), checked in linear time; the whole answer must match'),
  /** For a boolean field: price change per unit when the answer is true. */
  priceDeltaMinor: z.number().int().min(-100_000_000).max(100_000_000).optional(),
  /** The field is shown (and may be answered) only when this holds. */
  shownWhen: conditionSchema.optional(),
  /** The field is required exactly when this holds (and it is shown); overrides `required`. */
  requiredWhen: conditionSchema.optional(),
});
export type FormField = z.output<typeof formFieldSchema>;
export type FormFieldInput = z.input<typeof formFieldSchema>;

export const formDefinitionSchema = z.array(formFieldSchema).max(100);

/**
 * The shape of one answer, whatever its field: text, a number, yes/no, nothing,
 * or a list of choices. The field's own type narrows it further (compileForm);
 * anything nested deeper is refused here, naming the field.
 */
export const answerValueSchema = z
  .union([z.string().max(MAX_TEXT_ANSWER), z.number(), z.boolean(), z.null(), z.array(z.string().max(100))], {
    error: 'An answer is text, a number, yes/no, or a list of choices',
  })
  .refine((v) => !Array.isArray(v) || v.length <= MAX_OPTIONS, { message: `A list of choices has at most ${MAX_OPTIONS} entries` });
export const answersSchema = z.record(z.string().max(50), answerValueSchema);

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
};

export type CompiledForm = (answers: Answers) => FormResult;

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
export function compileForm(fields: readonly FormField[]): CompiledForm {
  // A stored pattern RE2 cannot compile (saved before patterns were checked by RE2) refuses every answer: fail closed, never slow.
  const patterns = new Map(fields.flatMap((f) => (f.pattern ? [[f.key, compilePattern(f.pattern)] as const] : [])));
  const keys = new Set(fields.map((f) => f.key));

  return (input) => {
    const problems: AnswerProblem[] = [];
    const frozen: FrozenAnswer[] = [];
    const accepted = new Map<string, unknown>();
    let priceDeltaMinor = 0;

    for (const key of Object.keys(input)) {
      if (!keys.has(key)) problems.push({ field: key, code: 'unknown_field', message: `"${key}" is not a field of this product's form` });
    }

    for (const f of fields) {
      // Conditions only name fields above, so `accepted` already holds what they need.
      if (f.shownWhen && !conditionHolds(f.shownWhen, accepted)) continue;
      const required = f.requiredWhen ? conditionHolds(f.requiredWhen, accepted) : f.required;
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
          if (typeof raw !== 'string' || !validDate(raw)) bad('invalid_date', `${f.label} must be a date (YYYY-MM-DD)`);
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
    return { problems, answers: frozen, priceDeltaMinor };
  };
}
