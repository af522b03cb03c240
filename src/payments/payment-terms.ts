/**
 * How an order is to be paid: the method (among those its channel offers), the
 * payment reference, and for invoice terms the due date. Chosen by staff or left
 * to the channel's default, fixed at the latest when the order is confirmed.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { Settings } from '../settings/settings.ts';
import type { OrderRow } from '../orders/order-facts.ts';
import { whyNoPayment } from '../orders/lifecycle.ts';
import { creditorReference, holdsForPayment, printReference, summarisePayments, type PaymentSummary } from './payment.ts';
import { availableMethods, usableBankDetails, type PaymentMethod } from './payment-settings.ts';
import { printIban } from './bank-account.ts';
import { findTerms, paymentsOfOrder, upsertTerms, type TermsRow } from './payments.repository.ts';

const addDays = (isoDate: string, days: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const today = () => new Date().toISOString().slice(0, 10);

export type Terms = { method: PaymentMethod; reference: string; netDays: number | null; dueDate: string | null; chosen: boolean };

export const offeredMethods = (settings: Settings, channel: OrderRow['channel']): readonly PaymentMethod[] => settings.payments.methodsByChannel[channel];

function defaultTerms(order: OrderRow, settings: Settings): Terms {
  const method = offeredMethods(settings, order.channel)[0] ?? 'bank_transfer';
  return { method, reference: creditorReference(order.number ?? order.id), netDays: method === 'invoice' ? settings.payments.invoiceNetDays : null, dueDate: null, chosen: false };
}

const fromRow = (t: TermsRow): Terms => ({ method: t.method, reference: t.reference, netDays: t.netDays, dueDate: t.dueDate, chosen: true });

/** The terms as chosen, or what they would be by default. */
export async function termsOf(conn: Conn, order: OrderRow, settings?: Settings): Promise<Terms> {
  const row = await findTerms(conn, order.id);
  return row ? fromRow(row) : defaultTerms(order, settings ?? (await getSettings(conn)));
}

export async function choosePaymentMethod(tx: Conn, order: OrderRow, a: { method: PaymentMethod; netDays?: number | undefined }, actor: Actor, cardAvailable: boolean): Promise<Terms> {
  const settings = await getSettings(tx);
  const offered = availableMethods(offeredMethods(settings, order.channel), cardAvailable);
  if (a.method === 'card' && !cardAvailable) {
    throw new AppError('validation_failed', 'Card payments are not set up on this server', [{ pointer: '/method', code: 'card_not_set_up', message: `Card payments are not set up; choose one of: ${offered.join(', ')}` }]);
  }
  if (!offered.includes(a.method)) {
    throw new AppError('validation_failed', `${a.method} is not offered for ${order.channel} orders`, [
      { pointer: '/method', code: 'not_offered', message: `Choose one of: ${offered.join(', ')}` },
    ]);
  }
  if (a.netDays !== undefined && a.method !== 'invoice') {
    throw new AppError('validation_failed', 'Only invoice terms have net days', [{ pointer: '/netDays', code: 'not_allowed', message: 'Only for invoice terms' }]);
  }
  const why = whyNoPayment(order.status);
  if (why) throw new AppError('invalid_transition', why);
  const netDays = a.method === 'invoice' ? (a.netDays ?? settings.payments.invoiceNetDays) : null;
  const confirmedOn = order.status === 'placed' || order.status === 'verified' ? null : today();
  const saved = await upsertTerms(tx, {
    orderId: order.id,
    method: a.method,
    reference: creditorReference(order.number ?? order.id),
    netDays,
    dueDate: netDays !== null && confirmedOn ? addDays(confirmedOn, netDays) : null,
    chosenBy: actor,
  });
  return fromRow(saved);
}

/** At confirmation: the terms become fixed, and invoice terms get their due date. */
export async function fixTermsAtConfirmation(tx: Conn, order: OrderRow, actor: Actor, settings: Settings): Promise<Terms> {
  const current = await termsOf(tx, order, settings);
  const dueDate = current.netDays !== null ? addDays(today(), current.netDays) : null;
  const saved = await upsertTerms(tx, { orderId: order.id, method: current.method, reference: current.reference, netDays: current.netDays, dueDate, chosenBy: actor });
  return fromRow(saved);
}

export async function paymentSummary(conn: Conn, order: OrderRow): Promise<PaymentSummary> {
  return summarisePayments(order.grandTotalMinor, await paymentsOfOrder(conn, order.id));
}

/** Is a confirmed order held back from fulfilment for its money? (card and bank transfer by default) */
export async function paymentHolds(conn: Conn, order: OrderRow, settings: Settings): Promise<boolean> {
  const terms = await termsOf(conn, order, settings);
  return holdsForPayment(terms.method, settings.payments.holdUntilPaid, await paymentSummary(conn, order));
}

/** What the customer needs to know to pay: shown in the confirmation and on their order page. */
export type PaymentInstructions = {
  method: PaymentMethod;
  reference: string;
  printedReference: string;
  currency: string;
  amountDueMinor: number;
  dueDate: string | null;
  /** Where to transfer to (the IBAN printed in groups of four); null when not a transfer or the business has set no IBAN yet. */
  bank: Settings['payments']['bank'] | null;
};

const printable = (bank: Settings['payments']['bank'] | null) => (bank ? { ...bank, iban: printIban(bank.iban) } : null);

export async function paymentInstructions(conn: Conn, order: OrderRow, settings: Settings): Promise<PaymentInstructions> {
  const terms = await termsOf(conn, order, settings);
  const summary = await paymentSummary(conn, order);
  return {
    method: terms.method,
    reference: terms.reference,
    printedReference: printReference(terms.reference),
    currency: order.currency,
    amountDueMinor: summary.dueMinor,
    dueDate: terms.dueDate,
    bank: terms.method === 'bank_transfer' ? printable(usableBankDetails(settings.payments.bank)) : null,
  };
}
