/**
 * Card payments through the provider. Each step is written down before and
 * after the call: the payment row exists (pending) before the provider is asked,
 * with its id as the idempotency key, so a retry never charges twice; an
 * authorisation has its undo (void).
 */
import type { OrderReactions } from '../orders/order-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { whyNoPayment } from '../orders/lifecycle.ts';
import { summarisePayments } from './payment.ts';
import { ProviderError, type PaymentProvider, type ProviderEvent, type ProviderPayment } from './provider.ts';
import { applyRefundUpdate } from './refund-payment.ts';
import { findPayment, findPaymentByProviderRef, firstSighting, insertPayment, paymentsOfOrder, updatePaymentIf, type PaymentRow } from './payments.repository.ts';

const need = (p: PaymentProvider | undefined): PaymentProvider => {
  if (!p) throw new AppError('payment_provider_unavailable', 'Card payments are not set up: configure STRIPE_SECRET_KEY');
  return p;
};

const providerFailure = (e: unknown): AppError => {
  if (e instanceof ProviderError) return new AppError('payment_provider_error', `The card provider answered: ${e.message}`, [], { providerCode: e.providerCode, kind: e.kind });
  return new AppError('payment_provider_error', `The card provider could not be reached: ${e instanceof Error ? e.message : String(e)}`);
};

async function applyProviderResult(db: Db, reactions: OrderReactions, payment: PaymentRow, result: ProviderPayment, actor: Actor, from: PaymentRow['status'][]): Promise<PaymentRow> {
  return db.transaction(async (tx) => {
    const moved = await updatePaymentIf(tx, payment.id, from, {
      status: result.status,
      providerRef: result.providerRef || payment.providerRef,
      failureMessage: result.failureMessage,
      ...(result.status === 'captured' ? { amountMinor: result.capturedMinor || payment.amountMinor, receivedAt: new Date() } : {}),
    });
    const row = moved ?? (await findPayment(tx, payment.id)) ?? payment;
    if (moved) {
      const order = await getOrder(tx, payment.orderId);
      const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
      await recordOrderEvent(tx, payment.orderId, `card_${result.status}`, actor, {
        paymentId: payment.id,
        amountMinor: row.amountMinor,
        currency: row.currency,
        ...(result.failureMessage ? { message: result.failureMessage } : {}),
        paymentState: summary.state,
      });
      if (result.status === 'captured') await reactions.emit({ type: 'payment_received', order, actor, dueMinor: summary.dueMinor }, tx);
    }
    return row;
  });
}

export type CardRequest = { amountMinor?: number | undefined; paymentMethod?: string | undefined; captureNow: boolean };

/** Starts a card payment for (by default) what is still due. */
export async function startCardPayment(db: Db, reactions: OrderReactions, providerIn: PaymentProvider | undefined, orderRef: string, req: CardRequest, actor: Actor): Promise<{ payment: PaymentRow; clientSecret: string | null }> {
  const provider = need(providerIn);
  const { payment, order } = await db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    const why = whyNoPayment(order.status);
    if (why) throw new AppError('invalid_transition', why);
    const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
    const amountMinor = req.amountMinor ?? summary.dueMinor - summary.authorisedMinor;
    if (amountMinor <= 0) throw new AppError('conflict', 'Nothing is due on this order');
    const payment = await insertPayment(tx, { orderId: order.id, method: 'card', status: 'pending', amountMinor, currency: order.currency, provider: provider.name, recordedBy: actor, reference: order.number });
    return { payment, order };
  });
  let result: ProviderPayment;
  try {
    result = await provider.authorise({
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      idempotencyKey: `payment-${payment.id}`,
      paymentMethod: req.paymentMethod,
      captureNow: req.captureNow,
      description: `Order ${order.number ?? order.id}`,
      metadata: { orderId: order.id, orderNumber: order.number ?? '', paymentId: payment.id },
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof ProviderError && e.kind !== 'unavailable') {
      await applyProviderResult(db, reactions, payment, { providerRef: '', status: 'failed', amountMinor: payment.amountMinor, capturedMinor: 0, clientSecret: null, failureMessage: message }, actor, ['pending']).catch(() => undefined);
    } else {
      // We do not know whether the provider acted: the payment stays pending, and the provider's
      // webhook (which carries our payment id) settles it.
      await updatePaymentIf(db, payment.id, ['pending'], { failureMessage: `No answer from the card provider: ${message}` }).catch(() => undefined);
    }
    throw providerFailure(e);
  }
  const saved = await applyProviderResult(db, reactions, payment, result, actor, ['pending']);
  return { payment: saved, clientSecret: result.clientSecret };
}

async function loadCard(db: Db, paymentId: string): Promise<PaymentRow & { providerRef: string }> {
  const p = await findPayment(db, paymentId);
  if (!p) throw new AppError('not_found', 'There is no such payment');
  if (p.method !== 'card' || !p.providerRef) throw new AppError('invalid_transition', 'Only a card payment made through the provider can be captured or voided');
  return { ...p, providerRef: p.providerRef };
}

export async function captureCardPayment(db: Db, reactions: OrderReactions, providerIn: PaymentProvider | undefined, paymentId: string, amountMinor: number | undefined, actor: Actor): Promise<PaymentRow> {
  const provider = need(providerIn);
  const p = await loadCard(db, paymentId);
  if (p.status !== 'authorised') throw new AppError('invalid_transition', `The payment is ${p.status}; only an authorised payment can be captured`);
  if (amountMinor !== undefined && amountMinor > p.amountMinor) throw new AppError('validation_failed', 'Cannot capture more than was authorised', [{ pointer: '/amountMinor', code: 'too_big', message: `At most ${p.amountMinor}` }]);
  try {
    return await applyProviderResult(db, reactions, p, await provider.capture(p.providerRef, { amountMinor, idempotencyKey: `capture-${p.id}` }), actor, ['authorised', 'pending']);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw providerFailure(e);
  }
}

export async function voidCardPayment(db: Db, reactions: OrderReactions, providerIn: PaymentProvider | undefined, paymentId: string, actor: Actor): Promise<PaymentRow> {
  const provider = need(providerIn);
  const p = await loadCard(db, paymentId);
  if (p.status !== 'authorised' && p.status !== 'pending') throw new AppError('invalid_transition', `The payment is ${p.status}; only an authorisation can be voided (refund a captured payment)`);
  try {
    return await applyProviderResult(db, reactions, p, await provider.void(p.providerRef, { idempotencyKey: `void-${p.id}` }), actor, ['authorised', 'pending']);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw providerFailure(e);
  }
}

const WEBHOOK_MOVES: Partial<Record<ProviderEvent['type'], { to: PaymentRow['status']; from: PaymentRow['status'][] }>> = {
  'payment.authorised': { to: 'authorised', from: ['pending'] },
  'payment.captured': { to: 'captured', from: ['pending', 'authorised'] },
  'payment.failed': { to: 'failed', from: ['pending'] },
  'payment.voided': { to: 'voided', from: ['pending', 'authorised'] },
};

/** Applies a verified provider event (a payment's or a refund's) once; repeats and unknown payments or refunds are acknowledged and ignored. */
export async function handleProviderEvent(db: Db, reactions: OrderReactions, provider: PaymentProvider, event: ProviderEvent): Promise<{ applied: boolean }> {
  const move = WEBHOOK_MOVES[event.type];
  const actor: Actor = { kind: 'system', name: provider.name };
  return db.transaction(async (tx) => {
    if (!(await firstSighting(tx, provider.name, event.id, event.providerType))) return { applied: false };
    if (event.type === 'refund.updated') {
      let applied = false;
      for (const u of event.refunds) if (await applyRefundUpdate(tx, provider.name, u)) applied = true;
      return { applied };
    }
    if (!move || !event.providerRef) return { applied: false };
    const providerRef = event.providerRef;
    let payment = await findPaymentByProviderRef(tx, provider.name, event.providerRef);
    if (!payment && event.paymentId && /^[0-9a-f-]{36}$/i.test(event.paymentId)) {
      const byId = await findPayment(tx, event.paymentId);
      if (byId?.provider === provider.name && byId.providerRef === null) payment = byId;
    }
    if (!payment) return { applied: false };
    const moved = await updatePaymentIf(tx, payment.id, move.from, {
      status: move.to,
      providerRef,
      ...(move.to === 'captured' ? { receivedAt: new Date(), ...(event.amountMinor ? { amountMinor: event.amountMinor } : {}) } : {}),
      ...(event.failureMessage ? { failureMessage: event.failureMessage } : {}),
    });
    if (!moved) return { applied: false };
    const order = await getOrder(tx, payment.orderId);
    const summary = summarisePayments(order.grandTotalMinor, await paymentsOfOrder(tx, order.id));
    await recordOrderEvent(tx, payment.orderId, `card_${move.to}`, actor, { paymentId: payment.id, amountMinor: moved.amountMinor, currency: moved.currency, via: 'webhook', eventId: event.id, paymentState: summary.state });
    if (move.to === 'captured') await reactions.emit({ type: 'payment_received', order, actor, dueMinor: summary.dueMinor }, tx);
    return { applied: true };
  });
}
