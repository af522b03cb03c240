/**
 * Payments as data: an order's payment state is derived from its payment
 * records by one function; payment references are ISO 11649 creditor references
 * ("RF" + check digits), so a typo in a bank transfer is caught. Pure.
 */
import { ORDER_PAYMENT_STATES, PAYMENT_STATUSES, type OrderPaymentState } from './payment-vocabulary.ts';
import { minorDigits } from '../shared/money.ts';
import type { PaymentMethod } from './payment-settings.ts';

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export { PAYMENT_STATUSES };

export { ORDER_PAYMENT_STATES, type OrderPaymentState };

/** Money has reached the business (and stays counted when part or all of it is refunded). */
const RECEIVED: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['captured', 'refunded', 'partially_refunded']);

export type PaymentFacts = { status: PaymentStatus; amountMinor: number; refundedMinor: number };

export type PaymentSummary = {
  state: OrderPaymentState;
  totalMinor: number;
  receivedMinor: number;
  refundedMinor: number;
  /** received − refunded */
  paidMinor: number;
  /** Card authorisations not yet captured: promised, not received. */
  authorisedMinor: number;
  /** What is still to pay (never negative). */
  dueMinor: number;
  /** What was paid beyond the total (never negative). */
  overpaidMinor: number;
};

/** The one function that says how paid an order is. */
export function summarisePayments(totalMinor: number, payments: readonly PaymentFacts[]): PaymentSummary {
  let receivedMinor = 0;
  let refundedMinor = 0;
  let authorisedMinor = 0;
  for (const p of payments) {
    if (RECEIVED.has(p.status)) {
      receivedMinor += p.amountMinor;
      refundedMinor += p.refundedMinor;
    } else if (p.status === 'authorised') {
      authorisedMinor += p.amountMinor;
    }
  }
  const paidMinor = receivedMinor - refundedMinor;
  let state: OrderPaymentState;
  if (receivedMinor > 0 && paidMinor === 0) state = 'refunded';
  else if (paidMinor > totalMinor) state = 'over_paid';
  else if (paidMinor === totalMinor) state = 'paid';
  else if (paidMinor > 0) state = 'partially_paid';
  else state = 'unpaid';
  return {
    state,
    totalMinor,
    receivedMinor,
    refundedMinor,
    paidMinor,
    authorisedMinor,
    dueMinor: Math.max(0, totalMinor - paidMinor),
    overpaidMinor: Math.max(0, paidMinor - totalMinor),
  };
}

/**
 * Whether the order must wait for its money before fulfilment: only for the
 * methods the business holds (card, bank transfer by default). A card
 * authorisation covering the rest counts: it is captured at shipment.
 */
export function holdsForPayment(method: PaymentMethod, holdUntilPaid: readonly PaymentMethod[], s: PaymentSummary): boolean {
  if (!holdUntilPaid.includes(method)) return false;
  return s.paidMinor + (method === 'card' ? s.authorisedMinor : 0) < s.totalMinor;
}

// ---- ISO 11649 creditor references ----

const alnumToDigits = (s: string) => [...s].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');

function mod97(digits: string): number {
  let r = 0;
  for (const d of digits) r = (r * 10 + Number(d)) % 97;
  return r;
}

/** "SO-2026-000123" → "RF71SO2026000123": the order number's letters and digits with RF check digits. */
export function creditorReference(orderNumber: string): string {
  const body = orderNumber.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 21);
  if (!body) throw new RangeError('An order number needs letters or digits');
  const check = 98 - mod97(alnumToDigits(`${body}RF00`));
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/**
 * Every well-formed creditor reference in free text (spaces inside are allowed,
 * as people type them). With the spaces gone a reference may run into the next
 * word, so every valid prefix is a candidate, longest first: the caller keeps
 * the one it knows.
 */
export function findCreditorReferences(text: string): string[] {
  const compact = text.toUpperCase().replace(/[\s-]+/g, '');
  const found = new Set<string>();
  for (const m of compact.matchAll(/RF\d{2}[A-Z0-9]{1,21}/g)) {
    for (let end = m[0].length; end >= 5; end--) {
      const candidate = m[0].slice(0, end);
      if (isValidCreditorReference(candidate)) found.add(candidate);
    }
  }
  return [...found];
}

export function isValidCreditorReference(ref: string): boolean {
  const r = ref.toUpperCase().replace(/\s+/g, '');
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(r)) return false;
  return mod97(alnumToDigits(`${r.slice(4)}${r.slice(0, 4)}`)) === 1;
}

/** "RF71SO2026000123" → "RF71 SO20 2600 0123", as printed for people. */
export const printReference = (ref: string) => ref.replace(/(.{4})(?=.)/g, '$1 ');

// ---- Amounts typed by people or banks ----

/**
 * A decimal amount as text ("1.234,50", "1,234.50", "-12.5", "1234") in minor
 * units of the currency, without floating point. Undefined when it is not an amount.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  let s = text.trim().replace(/[\s'\u00a0]/g, '').replace(/^\+/, '');
  const negative = s.startsWith('-') || (s.startsWith('(') && s.endsWith(')'));
  s = s.replace(/^[-(]|\)$/g, '').replace(/[^\d.,]/g, '');
  if (!/\d/.test(s)) return undefined;
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const digits = minorDigits(currency);
  let whole = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= digits && s.length - lastSep - 1 > 0) {
    whole = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  } else if (lastSep >= 0 && s.length - lastSep - 1 === 3 && digits < 3) {
    // "1.234" in a two-digit currency is a thousands separator.
  } else if (lastSep === s.length - 1) {
    whole = s.slice(0, -1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac)) return undefined;
  const minor = Number(whole || '0') * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return undefined;
  return negative ? -minor : minor;
}
