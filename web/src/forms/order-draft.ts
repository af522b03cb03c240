/** The order form's state in the browser, and the request body it becomes (the staff form and the storefront share it). */
import type { FormField } from '../api/client';
import { evaluateForm, type Answers } from './form-state';
import { computeTotals } from '@server/orders/totals.ts';

export type LineProduct = { id: string; sku: string; name: string; priceMinor: number; currency: string; taxRateBp: number; formFields: FormField[] };
export type LineState = { uid: string; product: LineProduct; quantity: string; values: Answers };
export type DeliveryMethod = 'shipping' | 'pickup' | 'local_delivery';
export type DeliveryState = { method: DeliveryMethod; line1: string; line2: string; city: string; postalCode: string; country: string; requestedDate: string; instructions: string };
export type ContactState = { name: string; email: string; phone: string; company: string };

export const DELIVERY_LABEL: Record<DeliveryMethod, string> = { shipping: 'Shipping', pickup: 'Pick-up', local_delivery: 'Local delivery' };
export const needsAddress = (m: DeliveryMethod) => m !== 'pickup';

let uidCounter = 0;
export const newLine = (product: LineProduct): LineState => ({ uid: `l${++uidCounter}`, product, quantity: '1', values: {} });

const trimmed = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== '')) as Record<string, string>;

export function quantityOf(q: string): number | string {
  const n = Number(q);
  return q.trim() !== '' && Number.isInteger(n) ? n : q;
}

export function linesBody(lines: LineState[]) {
  return lines.map((l) => ({ productId: l.product.id, quantity: quantityOf(l.quantity) as number, fields: evaluateForm(l.product.formFields, l.values).answers }));
}

export function contactBody(c: ContactState) {
  return trimmed(c) as { name?: string; email?: string; phone?: string; company?: string };
}

export function deliveryBody(d: DeliveryState) {
  const address = trimmed({ line1: d.line1, line2: d.line2, city: d.city, postalCode: d.postalCode });
  const hasAddress = needsAddress(d.method) && Object.keys(address).length > 0;
  return {
    method: d.method,
    ...(hasAddress ? { address: { ...address, country: d.country.trim().toUpperCase() } as { line1: string; city: string; country: string } } : {}),
    ...(d.requestedDate ? { requestedDate: d.requestedDate } : {}),
    ...(d.instructions.trim() ? { instructions: d.instructions.trim() } : {}),
  };
}

/** A quantity the server takes: a whole number of at least 1 (the upper bound is the server's to say). */
export function validQuantity(q: string): boolean {
  const n = Number(q);
  return q.trim() !== '' && Number.isInteger(n) && n >= 1;
}

export function lineTotals(lines: LineState[], deliveryFeeMinor: number, deliveryTaxRateBp: number) {
  const priced = lines.map((l) => {
    const q = Number(l.quantity);
    return { quantity: Number.isInteger(q) && q > 0 ? q : 0, unitPriceMinor: l.product.priceMinor, optionsPriceMinor: evaluateForm(l.product.formFields, l.values).priceDeltaMinor, taxRateBp: l.product.taxRateBp };
  });
  return { priced, totals: computeTotals(priced, deliveryFeeMinor, deliveryTaxRateBp) };
}

/** The line's first order-form field (or its quantity), to focus when the line is added. */
export function firstInputOf(uid: string): HTMLElement | null {
  const line = document.querySelector(`[data-line="${uid}"]`);
  return line?.querySelector<HTMLElement>('[id*="-fields-"]:is(select, input, fieldset input)') ?? line?.querySelector<HTMLElement>('input, select') ?? null;
}

/**
 * Required order-form fields left blank, as the server words them. When the
 * server refuses a request for its shape (say, a missing name) it stops before
 * checking each product's form; these are added so the person still sees every
 * problem at once.
 */
export function missingRequired(lines: LineState[], isRequired: (label: string) => string = (label) => `${label} is required`): { pointer: string; code: string; message: string }[] {
  const out: { pointer: string; code: string; message: string }[] = [];
  lines.forEach((l, i) => {
    const state = evaluateForm(l.product.formFields, l.values);
    for (const f of l.product.formFields) {
      if (state.required.has(f.key) && state.answers[f.key] === undefined) out.push({ pointer: `/lines/${i}/fields/${f.key}`, code: 'required', message: isRequired(f.label) });
    }
  });
  return out;
}

/** The server's problems plus any required field it did not get to (see missingRequired). */
export function withMissing<P extends { code: string; errors: { pointer: string; code: string; message: string }[] }>(problem: P, lines: LineState[], isRequired?: (label: string) => string): P {
  if (problem.code !== 'validation_failed') return problem;
  const known = new Set(problem.errors.map((e) => e.pointer));
  const extra = missingRequired(lines, isRequired).filter((e) => !known.has(e.pointer));
  return extra.length ? { ...problem, errors: [...extra, ...problem.errors] } : problem;
}
