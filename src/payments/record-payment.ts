/**
 * Recording money that came in outside the card provider: a bank transfer, cash
 * on delivery, cash or card at the counter, an invoice paid. Each payment is a
 * record of its own on the order's timeline; the order's payment state is
 * derived from all of them.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { whyNoPayment } from '../orders/lifecycle.ts';
import { summarisePayments } from './payment.ts';
import type { PaymentMethod } from './payment-settings.ts';
import { findPayment, insertPayment, insertPaymentOnce, paymentsOfOrder, updatePaymentIf, type PaymentRow } from './payments.repository.ts';

export type ManualPayment = {
  method: Exclude<PaymentMethod, 'card'>;
  amountMinor: number;
  /** 'captured': the money is here. 'pending': announced (a transfer on its way). */
  status: 'captured' | 'pending';
  reference?: string | undefined;
  note?: string | undefined;
  receivedAt?: Date | undefined;
  sourceKey?: string | undefined;
};

function assertPayable(order: OrderRow) {
  const why = whyNoPayment(order.status);
  if (why) throw new AppError('invalid_transition', why);
}

/** Within a transaction: inserts the payment and its timeline entry. Undefined when the source was recorded before. */
export async function insertManualPayment(tx: Conn, reactions: OrderReactions, order: OrderRow, p: ManualPayment, actor: Actor): Promise<PaymentRow | undefined> {
  assertPayable(order);
  const row = {
    orderId: order.id,
    method: p.method,
    status: p.status,
    amountMinor: p.amountMinor,
    currency: order.currency,
    reference: p.reference ?? null,
    note: p.note ?? '',
    recordedBy: actor,
    receivedAt: p.status === 'captured' ? (p.receivedAt ?? new Date()) : null,
    sourceKey: p.sourceKey ?? null,
  };
  const payment = p.sourceKey ? await insertPaymentOnce(tx, row) : await insertPayment(tx, row);
  if (!payment) return undefined;
  const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
  await recordOrderEvent(tx, order.id, p.status === 'captured' ? 'payment_received' : 'payment_announced', actor, {
    paymentId: payment.id,
    method: p.method,
    amountMinor: p.amountMinor,
    currency: order.currency,
    ...(p.reference ? { reference: p.reference } : {}),
    paymentState: summary.state,
    dueMinor: summary.dueMinor,
  });
  if (p.status === 'captured') await reactions.emit({ type: 'payment_received', order, actor, dueMinor: summary.dueMinor }, tx);
  return payment;
}

export async function recordPayment(db: Db, reactions: OrderReactions, orderRef: string, p: ManualPayment, actor: Actor): Promise<PaymentRow> {
  return db.transaction(async (tx) => {
    // The row lock orders concurrent recordings, so each timeline entry's state is right.
    const order = await getOrder(tx, orderRef, true);
    const payment = await insertManualPayment(tx, reactions, order, p, actor);
    if (!payment) throw new AppError('duplicate', 'This payment was already recorded');
    return payment;
  });
}

/** An announced payment (pending) arrived, or did not. */
export async function settlePendingPayment(db: Db, reactions: OrderReactions, paymentId: string, outcome: { received: true; receivedAt?: Date | undefined } | { received: false; reason: string }, actor: Actor): Promise<PaymentRow> {
  return db.transaction(async (tx) => {
    const current = await findPayment(tx, paymentId);
    if (!current) throw new AppError('not_found', 'There is no such payment');
    if (current.method === 'card') throw new AppError('invalid_transition', 'Card payments are settled by the card provider (capture, void)');
    const order = await getOrder(tx, current.orderId, true);
    const moved = await updatePaymentIf(
      tx,
      paymentId,
      ['pending'],
      outcome.received ? { status: 'captured', receivedAt: outcome.receivedAt ?? new Date() } : { status: 'failed', failureMessage: outcome.reason },
    );
    if (!moved) throw new AppError('invalid_transition', `The payment is ${current.status}; only a pending payment can be marked received or failed`);
    const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
    await recordOrderEvent(tx, order.id, outcome.received ? 'payment_received' : 'payment_failed', actor, {
      paymentId,
      method: moved.method,
      amountMinor: moved.amountMinor,
      currency: moved.currency,
      ...(outcome.received ? {} : { reason: outcome.reason }),
      paymentState: summary.state,
      dueMinor: summary.dueMinor,
    });
    if (outcome.received) await reactions.emit({ type: 'payment_received', order, actor, dueMinor: summary.dueMinor }, tx);
    return moved;
  });
}
