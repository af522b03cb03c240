/**
 * What an invoice bills, frozen when it is issued: the lines with their answers,
 * the taxes, the totals, the customer and the seller (with its bank details).
 * Later edits to the order or the settings cannot change an issued document. Pure.
 */
import type { Address } from '../shared/address.ts';
import type { InvoiceKind } from './document-vocabulary.ts';
import type { ORDER_STATUSES } from '../orders/order-vocabulary.ts';
import type { Language } from '../notifications/i18n.ts';

type OrderStatus = (typeof ORDER_STATUSES)[number];

export type FrozenParty = { name: string; address: string; email: string | null; phone: string | null };
export type FrozenBank = { accountName: string; iban: string; bic: string; bankName: string };
export type FrozenLine = {
  position: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  optionsPriceMinor: number;
  taxRateBp: number;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  answers: { label: string; display: string }[];
};

export type InvoiceDocument = {
  kind: InvoiceKind;
  number: string;
  issueDate: string;
  language: Language;
  currency: string;
  order: { id: string; number: string; placedAt: string | null };
  seller: FrozenParty & { bank: FrozenBank | null };
  customer: { name: string; company: string | null; email: string | null; phone: string | null; billingAddress: Address | null; deliveryAddress: Address | null };
  lines: FrozenLine[];
  /** Tax by rate over the lines; `deliveryTaxMinor` is the tax on the delivery fee. */
  taxes: { rateBp: number; baseMinor: number; taxMinor: number }[];
  totals: { linesTotalMinor: number; optionsTotalMinor: number; deliveryFeeMinor: number; deliveryTaxMinor: number; taxTotalMinor: number; grandTotalMinor: number };
  /** A credit note: the invoice it cancels, and why. */
  credits: { number: string; issueDate: string } | null;
  reason: string | null;
};

/** An invoice is issued for an order that is confirmed or later (a held order counts by the state it was held from). */
const INVOICEABLE: readonly OrderStatus[] = ['confirmed', 'in_fulfilment', 'shipped', 'delivered', 'completed'];
export function invoiceable(status: OrderStatus, heldFrom: OrderStatus | null): boolean {
  return INVOICEABLE.includes(status) || (status === 'on_hold' && heldFrom !== null && INVOICEABLE.includes(heldFrom));
}

/** The series each kind is numbered in; each has its own gap-free sequence per year. */
export const SERIES: Record<InvoiceKind, string> = { invoice: 'invoice', credit_note: 'credit_note' };
export const NUMBER_DIGITS = 6;

/** "2026-000001" for an invoice, "CN-2026-000001" for a credit note. */
export function formatInvoiceNumber(kind: InvoiceKind, year: number, seq: number): string {
  return `${kind === 'credit_note' ? 'CN-' : ''}${year}-${String(seq).padStart(NUMBER_DIGITS, '0')}`;
}

/** Tax by rate, from the lines: each rate's taxable base and tax. */
export function taxesByRate(lines: readonly Pick<FrozenLine, 'taxRateBp' | 'subtotalMinor' | 'taxMinor'>[]): InvoiceDocument['taxes'] {
  const byRate = new Map<number, { baseMinor: number; taxMinor: number }>();
  for (const l of lines) {
    const t = byRate.get(l.taxRateBp) ?? { baseMinor: 0, taxMinor: 0 };
    t.baseMinor += l.subtotalMinor;
    t.taxMinor += l.taxMinor;
    byRate.set(l.taxRateBp, t);
  }
  return [...byRate.entries()].sort(([a], [b]) => b - a).map(([rateBp, t]) => ({ rateBp, ...t }));
}
