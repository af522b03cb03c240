/**
 * Refunds. A refund never exceeds what was received: the amount is reserved on
 * the payment by one conditional update (refunded + amount ≤ amount received),
 * so concurrent refunds cannot together go over. A card refund then goes to the
 * provider; if the provider refuses, the reservation is given back.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { formatMoney } from '../shared/money.ts';
import { summarisePayments } from './payment.ts';
import { ProviderError, type PaymentProvider, type ProviderRefundUpdate } from './provider.ts';
import type { Conn } from '../shared/db.ts';
import {
  findPayment,
  findRefund,
  findRefundByProviderRef,
  insertRefund,
  paymentsOfOrder,
  releaseRefund,
  reserveRefund,
  updateRefund,
  updateRefundIf,
  type RefundRow,
} from './payments.repository.ts';

export async function refundPayment(
  db: Db,
  paymentId: string,
  r: { amountMinor: number; reason: string },
  actor: Actor,
  provider: PaymentProvider | undefined,
): Promise<RefundRow> {
  const reserved = await db.transaction(async (tx) => {
    const payment = await findPayment(tx, paymentId);
    if (!payment) throw new AppError('not_found', 'There is no such payment');
    if (payment.method === 'card' && payment.provider && !provider) throw new AppError('payment_provider_unavailable', 'Card refunds need the card provider, which is not configured');
    const updated = await reserveRefund(tx, paymentId, r.amountMinor);
    if (!updated) {
      const now = await findPayment(tx, paymentId);
      if (!now || (now.status !== 'captured' && now.status !== 'partially_refunded' && now.status !== 'refunded')) {
        throw new AppError('invalid_transition', `Only received money can be refunded; this payment is ${now?.status ?? 'gone'}`);
      }
      const left = now.amountMinor - now.refundedMinor;
      throw new AppError(
        'refund_exceeds_received',
        `At most ${formatMoney(left, now.currency)} of this payment can still be refunded`,
        [{ pointer: '/amountMinor', code: 'too_big', message: `At most ${left}` }],
        { refundableMinor: left },
      );
    }
    const viaProvider = payment.method === 'card' && payment.provider !== null;
    const refund = await insertRefund(tx, {
      paymentId,
      orderId: payment.orderId,
      amountMinor: r.amountMinor,
      status: viaProvider ? 'pending' : 'succeeded',
      reason: r.reason,
      recordedBy: actor,
    });
    const order = await getOrder(tx, payment.orderId);
    const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
    await recordOrderEvent(tx, payment.orderId, viaProvider ? 'refund_requested' : 'refunded', actor, {
      paymentId,
      refundId: refund.id,
      amountMinor: r.amountMinor,
      currency: payment.currency,
      reason: r.reason,
      paymentState: summary.state,
    });
    return { refund, payment, viaProvider };
  });
  if (!reserved.viaProvider || !provider || !reserved.payment.providerRef) return reserved.refund;

  const { refund, payment } = reserved;
  try {
    const done = await provider.refund(payment.providerRef ?? '', { amountMinor: r.amountMinor, idempotencyKey: `refund-${refund.id}`, reason: r.reason, metadata: { refundId: refund.id, paymentId } });
    if (done.status === 'failed') throw new ProviderError(done.failureMessage ?? 'The provider could not refund', 'declined');
    return await db.transaction(async (tx) => {
      // The provider's webhook may have settled it already (it finds the refund by our id in its metadata).
      const saved = await updateRefundIf(tx, refund.id, ['pending'], { status: done.status === 'succeeded' ? 'succeeded' : 'pending', providerRef: done.refundRef });
      if (saved && done.status === 'succeeded') await recordOrderEvent(tx, payment.orderId, 'refunded', actor, { paymentId, refundId: refund.id, amountMinor: r.amountMinor, currency: payment.currency });
      return saved ?? (await findRefund(tx, refund.id)) ?? refund;
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db.transaction(async (tx) => {
      await releaseRefund(tx, paymentId, r.amountMinor);
      await updateRefund(tx, refund.id, { status: 'failed', failureMessage: message });
      await recordOrderEvent(tx, payment.orderId, 'refund_failed', actor, { paymentId, refundId: refund.id, amountMinor: r.amountMinor, message });
    });
    throw new AppError('payment_provider_error', `The card provider did not refund: ${message}`);
  }
}

/**
 * A card refund moved at the provider (its webhook): a pending refund succeeds or fails, and a refund
 * the provider first reported as succeeded can still fail days later (an expired card). A failed refund
 * gives its amount back to the payment. Within the webhook's transaction; false when nothing changed
 * (an unknown refund, a repeat, or a state it is already in).
 */
export async function applyRefundUpdate(tx: Conn, provider: string, u: ProviderRefundUpdate): Promise<boolean> {
  if (u.status === 'pending') return false;
  let refund = await findRefundByProviderRef(tx, u.refundRef);
  if (!refund && u.refundId && /^[0-9a-f-]{36}$/i.test(u.refundId)) {
    const byId = await findRefund(tx, u.refundId);
    if (byId && (byId.providerRef === null || byId.providerRef === u.refundRef)) refund = byId;
  }
  if (!refund) return false;
  const payment = await findPayment(tx, refund.paymentId);
  if (!payment || payment.provider !== provider) return false;
  const actor: Actor = { kind: 'system', name: provider };
  const base = { paymentId: payment.id, refundId: refund.id, amountMinor: refund.amountMinor, currency: payment.currency, via: 'webhook' };
  if (u.status === 'succeeded') {
    const moved = await updateRefundIf(tx, refund.id, ['pending'], { status: 'succeeded', providerRef: u.refundRef, failureMessage: null });
    if (!moved) return false;
    await recordOrderEvent(tx, payment.orderId, 'refunded', actor, base);
    return true;
  }
  const message = u.failureMessage ?? 'The card provider could not refund';
  const moved = await updateRefundIf(tx, refund.id, ['pending', 'succeeded'], { status: 'failed', providerRef: u.refundRef, failureMessage: message });
  if (!moved) return false;
  await releaseRefund(tx, payment.id, refund.amountMinor);
  const order = await getOrder(tx, payment.orderId);
  const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
  await recordOrderEvent(tx, payment.orderId, 'refund_failed', actor, { ...base, message, paymentState: summary.state });
  return true;
}
