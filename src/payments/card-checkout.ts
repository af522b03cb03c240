/**
 * A customer pays what is due by card on the provider's hosted checkout page (Stripe
 * Checkout). Only for an order whose payment method is card, with money due, and only
 * when a card provider is configured. The pending card payment is written down before
 * the provider is asked, its id is the idempotency key (a second click while it is open
 * gets the same page: the request is the same, so no language is sent — the provider's page
 * follows the customer's browser) and rides on the provider's payment as metadata: the signed
 * provider event settles it through the same path as every card payment
 * (handleProviderEvent), and a checkout never finished leaves it pending, counting for nothing.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { summarisePayments } from './payment.ts';
import { termsOf } from './payment-terms.ts';
import { ProviderError, type PaymentProvider, type ProviderCheckout } from './provider.ts';
import { insertPayment, paymentsOfOrder, updatePaymentIf } from './payments.repository.ts';

/** How long a started checkout is offered again to the next click, rather than a new one (Stripe's sessions live 24 hours). */
const REUSE_MS = 60 * 60 * 1000;

export async function startCardCheckout(
  db: Db,
  provider: PaymentProvider | undefined,
  orderId: string,
  a: { successUrl: string; cancelUrl: string },
  actor: Actor,
): Promise<ProviderCheckout> {
  if (!provider) throw new AppError('payment_provider_unavailable', 'Card payments are not set up on this server');
  const { payment, order } = await db.transaction(async (tx) => {
    const order = await getOrder(tx, orderId, true);
    if (order.status === 'draft' || order.status === 'cancelled') throw new AppError('invalid_transition', `A ${order.status} order cannot be paid`);
    if ((await termsOf(tx, order)).method !== 'card') throw new AppError('conflict', 'This order is not paid by card; see how to pay on the order page');
    const all = await paymentsOfOrder(tx, order.id);
    const s = summarisePayments(order.grandTotalMinor, all);
    const amountMinor = s.dueMinor - s.authorisedMinor;
    if (amountMinor <= 0) throw new AppError('conflict', 'Nothing is due on this order');
    // A checkout started a moment ago for the same amount is offered again (same key, same page).
    const open = all.find((p) => p.method === 'card' && p.status === 'pending' && p.provider === provider.name && p.providerRef === null && p.amountMinor === amountMinor && Date.now() - p.createdAt.getTime() < REUSE_MS);
    const payment = open ?? (await insertPayment(tx, { orderId: order.id, method: 'card', status: 'pending', amountMinor, currency: order.currency, provider: provider.name, recordedBy: actor, reference: order.number }));
    return { payment, order };
  });
  try {
    const checkout = await provider.startCheckout({
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      idempotencyKey: `checkout-${payment.id}`,
      description: `Order ${order.number ?? order.id}`,
      successUrl: a.successUrl,
      cancelUrl: a.cancelUrl,
      metadata: { orderId: order.id, orderNumber: order.number ?? '', paymentId: payment.id },
    });
    await recordOrderEvent(db, order.id, 'card_checkout_started', actor, { paymentId: payment.id, amountMinor: payment.amountMinor, currency: payment.currency, sessionRef: checkout.sessionRef });
    return checkout;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof ProviderError && e.kind !== 'unavailable') {
      await updatePaymentIf(db, payment.id, ['pending'], { status: 'failed', failureMessage: message }).catch(() => undefined);
      throw new AppError('payment_provider_error', `The card provider answered: ${message}`, [], { providerCode: e.providerCode, kind: e.kind });
    }
    throw new AppError('payment_provider_error', `The card provider could not be reached: ${message}`);
  }
}
