/**
 * What a product's order form shows, requires and costs for the answers so far —
 * computed by the server's own validator (src/catalog/form-definition.ts,
 * imported through the `@server` alias), not by a copy. The server still
 * validates on submit; this keeps the form live.
 */
import { compileForm, dateBounds, todayUtc, type CompiledForm, type FormField, type FormResult } from '@server/catalog/form-definition.ts';

export type Answers = Record<string, unknown>;
/** The shape of an answer the server accepts (answerValueSchema): text, a number, yes/no, nothing, or a list of choices. */
export type AnswerValue = string | number | boolean | null | string[];
export type FormState = {
  visible: Set<string>;
  required: Set<string>;
  priceDeltaMinor: number;
  /** The answers to send: shown fields only, blanks and malformed values dropped. */
  answers: Record<string, AnswerValue>;
  /** What the server's validator says of these answers, by field key (shown fields only). */
  problems: FormResult['problems'];
};

const isAnswerValue = (v: unknown): v is AnswerValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** One compiled validator per definition (the arrays come from the API and do not change in place). */
const compiled = new WeakMap<readonly FormField[], { day: string; form: CompiledForm }>();
function formOf(fields: readonly FormField[]): CompiledForm {
  const day = todayUtc();
  const hit = compiled.get(fields);
  if (hit && hit.day === day) return hit.form;
  const form = compileForm(fields, { today: day });
  compiled.set(fields, { day, form });
  return form;
}

export function evaluateForm(fields: readonly FormField[], values: Answers): FormState {
  const result = formOf(fields)(Object.fromEntries(Object.entries(values).filter(([k]) => fields.some((f) => f.key === k))));
  const visible = new Set(result.visible);
  const answers: Record<string, AnswerValue> = {};
  for (const key of result.visible) {
    const raw = values[key];
    if (!isBlank(raw) && isAnswerValue(raw)) answers[key] = raw;
  }
  return { visible, required: new Set(result.required), priceDeltaMinor: result.priceDeltaMinor, answers, problems: result.problems };
}

/** The earliest and latest day a date field accepts today, for the date input's min/max. */
export const dateLimits = (f: FormField) => dateBounds(f, todayUtc());
