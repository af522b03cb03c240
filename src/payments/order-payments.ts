/** An order's money as staff see it, and choosing how it is paid: use cases over payment-terms and the repository. */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { getOrder } from '../orders/order-facts.ts';
import { canTakePayment } from '../orders/lifecycle.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { choosePaymentMethod, offeredMethods, termsOf, type Terms } from './payment-terms.ts';
import { holdsForPayment, summarisePayments } from './payment.ts';
import { toPaymentView, toRefundView } from './payments.schemas.ts';
import { paymentsOfOrder, refundsOfOrder } from './payments.repository.ts';
import { availableMethods, type PaymentMethod } from './payment-settings.ts';

/** The order's payments, refunds, terms, what is still due and whether it holds fulfilment. */
export async function orderPayments(db: Db, orderRef: string, cardAvailable: boolean) {
  const order = await getOrder(db, orderRef);
  const settings = await getSettings(db);
  // Each read once: the summary and the hold are worked out from the same payments and terms.
  const [payments, terms, refunds] = await Promise.all([paymentsOfOrder(db, order.id), termsOf(db, order, settings), refundsOfOrder(db, order.id)]);
  const summary = summarisePayments(order.grandTotalMinor, payments);
  return {
    summary,
    terms,
    offeredMethods: availableMethods(offeredMethods(settings, order.channel), cardAvailable),
    takesPayment: canTakePayment(order.status),
    holdsFulfilment: holdsForPayment(terms.method, settings.payments.holdUntilPaid, summary),
    items: payments.map((p) => toPaymentView(p)),
    refunds: refunds.map(toRefundView),
  };
}

/** Chooses how the order is paid (among the methods its channel offers), with the order locked. */
export async function choosePaymentTerms(db: Db, orderRef: string, choice: { method: PaymentMethod; netDays?: number | undefined }, actor: Actor, cardAvailable: boolean): Promise<Terms> {
  return db.transaction(async (tx) => choosePaymentMethod(tx, await getOrder(tx, orderRef, true), choice, actor, cardAvailable));
}
