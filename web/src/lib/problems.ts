/** Field problems from a 422 (JSON pointers like /lines/0/fields/fabric) as messages beside each field. */
import type { FieldProblem } from '../api/client';

export type FieldErrors = Record<string, string>;

export function byPointer(problems: readonly FieldProblem[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) out[p.pointer] = out[p.pointer] ? `${out[p.pointer]} ${p.message}` : p.message;
  return out;
}

/** The errors under a prefix, keyed by the rest of the pointer: under(errors, '/lines/0/fields/') → { fabric: '…' }. */
export function under(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** A DOM id for a pointer, so the error summary can link to the field. */
export const fieldId = (pointer: string) => `f${pointer.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Moves focus to the first invalid field (after the DOM shows the errors). */
export function focusFirstError(root: ParentNode = document): void {
  requestAnimationFrame(() => {
    const el = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[data-error-summary]');
    el?.focus();
  });
}
