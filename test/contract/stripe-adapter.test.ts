/**
 * Contract test: the Stripe adapter, on the official SDK, against a local
 * stand-in that speaks the documented subset of Stripe's API we use.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripePaymentProvider } from '../../src/payments/stripe-provider.ts';
import { ProviderError, ProviderSignatureError } from '../../src/payments/provider.ts';
import { startStripeStandIn, type Charge, type CheckoutSession, type Refund, type StandIn } from '../support/stripe-stand-in.ts';

// The stand-in's objects have Stripe's real shapes: these fail to compile if the SDK's types disagree.
type ChargeFields = keyof Charge;
const _refundIsStripes = (r: Refund): Stripe.Refund => r;
const _chargeIsStripes = (c: Charge): Pick<Stripe.Charge, Exclude<ChargeFields, 'refunds'>> & { refunds?: { object: 'list'; data: Stripe.Refund[]; has_more: boolean; url: string } } => c;
const _eventTypes: Stripe.Event.Type[] = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated', 'charge.refunded'];
const _sessionIsStripes = (c: CheckoutSession): Pick<Stripe.Checkout.Session, keyof CheckoutSession> => c;
void [_refundIsStripes, _chargeIsStripes, _eventTypes, _sessionIsStripes];

let stand: StandIn;
let stripe: StripePaymentProvider;
const meta = { orderId: 'o-1', orderNumber: 'SO-2026-000001', paymentId: 'p-1' };
let n = 0;
const key = () => `test-${process.pid}-${++n}`;

beforeAll(async () => {
  stand = await startStripeStandIn();
  stripe = new StripePaymentProvider({ secretKey: stand.apiKey, webhookSecret: stand.webhookSecret, apiBase: stand.url, timeoutMs: 5000 });
});
afterAll(async () => stand?.close());

describe('the Stripe adapter: hosted checkout (Checkout Sessions)', () => {
  const checkout = { amountMinor: 107_880, currency: 'EUR', description: 'Order SO-2026-000001', successUrl: 'http://shop.example/my-order/return?paid=1', cancelUrl: 'http://shop.example/my-order/return', metadata: meta };

  it('creates a payment-mode session with one line for the amount, the return URLs and our metadata on its PaymentIntent; answers its page', async () => {
    const idempotencyKey = key();
    const started = await stripe.startCheckout({ ...checkout, idempotencyKey, locale: 'tr' });
    expect(started.sessionRef).toMatch(/^cs_test_/);
    expect(started.url).toBe(`${stand.url}/c/pay/${started.sessionRef}`);
    const sent = stand.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.idempotencyKey).toBe(idempotencyKey);
    const form = new URLSearchParams(sent?.body ?? '');
    expect(Object.fromEntries(form)).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '107880',
      'line_items[0][price_data][product_data][name]': 'Order SO-2026-000001',
      success_url: checkout.successUrl,
      cancel_url: checkout.cancelUrl,
      client_reference_id: 'o-1',
      'metadata[paymentId]': 'p-1',
      'payment_intent_data[metadata][paymentId]': 'p-1',
      locale: 'tr',
    });
    expect(stand.sessions.get(started.sessionRef)).toMatchObject({ amount_total: 107_880, currency: 'eur', status: 'open', payment_intent: null });

    // The same key gives the same page (a double click or a retry is one checkout).
    expect(await stripe.startCheckout({ ...checkout, idempotencyKey, locale: 'tr' })).toEqual(started);

    // The customer pays there: the PaymentIntent carries our payment id, and its signed event reads as a capture of it.
    const pi = stand.payCheckout(started.sessionRef);
    const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
    expect(stripe.parseWebhook(body, { 'stripe-signature': signature })).toMatchObject({ type: 'payment.captured', providerRef: pi.id, paymentId: 'p-1', amountMinor: 107_880 });
  });

  it('refuses what Stripe refuses (a zero amount, a relative URL), naming the parameter', async () => {
    const zero = await stripe.startCheckout({ ...checkout, amountMinor: 0, idempotencyKey: key() }).catch((e: unknown) => e);
    expect(zero).toBeInstanceOf(ProviderError);
    expect(zero).toMatchObject({ kind: 'invalid', providerCode: 'parameter_invalid_integer' });
    const relative = await stripe.startCheckout({ ...checkout, successUrl: '/my-order/return', idempotencyKey: key() }).catch((e: unknown) => e);
    expect(relative).toMatchObject({ kind: 'invalid', providerCode: 'url_invalid' });
  });
});

describe('the Stripe adapter', () => {
  it('authorises with manual capture, captures part, refunds part, and refuses a refund beyond what was captured', async () => {
    const auth = await stripe.authorise({ amountMinor: 12_000, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_visa', captureNow: false, description: 'Order SO-2026-000001', metadata: meta });
    expect(auth).toMatchObject({ status: 'authorised', amountMinor: 12_000, capturedMinor: 0, clientSecret: null });
    const pi = stand.intents.get(auth.providerRef);
    expect(pi).toMatchObject({ currency: 'eur', capture_method: 'manual', metadata: meta });

    const captured = await stripe.capture(auth.providerRef, { amountMinor: 10_000, idempotencyKey: key() });
    expect(captured).toMatchObject({ status: 'captured', capturedMinor: 10_000 });

    const refund = await stripe.refund(auth.providerRef, { amountMinor: 4_000, idempotencyKey: key(), reason: 'returned cushion' });
    expect(refund).toMatchObject({ status: 'succeeded' });
    expect(refund.refundRef).toMatch(/^re_/);

    const tooMuch = await stripe.refund(auth.providerRef, { amountMinor: 6_001, idempotencyKey: key() }).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(ProviderError);
    expect(tooMuch).toMatchObject({ kind: 'invalid', providerCode: 'amount_too_large' });
  });

  it('charges at once with automatic capture', async () => {
    const paid = await stripe.authorise({ amountMinor: 500, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_visa', captureNow: true, description: 'x', metadata: meta });
    expect(paid).toMatchObject({ status: 'captured', capturedMinor: 500 });
  });

  it('reports a declined card as a failed payment with the reason', async () => {
    const declined = await stripe.authorise({ amountMinor: 500, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_chargeDeclined', captureNow: false, description: 'x', metadata: meta });
    expect(declined).toMatchObject({ status: 'failed', failureMessage: 'Your card was declined.' });
    expect(declined.providerRef).toMatch(/^pi_/);
  });

  it("without a payment method, leaves the intent pending with a client secret for the customer's browser", async () => {
    const pending = await stripe.authorise({ amountMinor: 700, currency: 'EUR', idempotencyKey: key(), captureNow: false, description: 'x', metadata: meta });
    expect(pending.status).toBe('pending');
    expect(pending.clientSecret).toMatch(/^pi_.+_secret_/);
  });

  it('voids an authorisation; capturing it afterwards is refused', async () => {
    const auth = await stripe.authorise({ amountMinor: 900, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_visa', captureNow: false, description: 'x', metadata: meta });
    expect((await stripe.void(auth.providerRef, { idempotencyKey: key() })).status).toBe('voided');
    await expect(stripe.capture(auth.providerRef, { idempotencyKey: key() })).rejects.toMatchObject({ kind: 'invalid', providerCode: 'payment_intent_unexpected_state' });
  });

  it('sends an Idempotency-Key: a retried authorisation does not charge twice', async () => {
    const k = key();
    const before = stand.intents.size;
    const a = await stripe.authorise({ amountMinor: 300, currency: 'EUR', idempotencyKey: k, paymentMethod: 'pm_card_visa', captureNow: false, description: 'x', metadata: meta });
    const b = await stripe.authorise({ amountMinor: 300, currency: 'EUR', idempotencyKey: k, paymentMethod: 'pm_card_visa', captureNow: false, description: 'x', metadata: meta });
    expect(b.providerRef).toBe(a.providerRef);
    expect(stand.intents.size).toBe(before + 1);
    expect(stand.requests.filter((r) => r.idempotencyKey === k)).toHaveLength(2);
  });

  it('says the provider is unavailable when the key is wrong', async () => {
    const wrong = new StripePaymentProvider({ secretKey: 'sk_test_wrong', webhookSecret: undefined, apiBase: stand.url });
    await expect(wrong.authorise({ amountMinor: 300, currency: 'EUR', idempotencyKey: key(), captureNow: false, description: 'x', metadata: meta })).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('never sends anything that looks like a card number', () => {
    // A card number would be a value of its own (`card[number]=4242…`); a run of digits inside a
    // random identifier (`pi_3N…0123456789012…`) is not one, and used to make this check flaky.
    for (const r of stand.requests) expect(r.body).not.toMatch(/(?<![A-Za-z0-9_])\d{13,19}(?![A-Za-z0-9_])/);
    // The pattern does catch a card number sent as a form value.
    expect('amount=1200&card[number]=4242424242424242&currency=eur').toMatch(/(?<![A-Za-z0-9_])\d{13,19}(?![A-Za-z0-9_])/);
  });
});

describe('Stripe webhooks', () => {
  const pi = { id: 'pi_123', object: 'payment_intent', amount: 1200, amount_received: 1200, amount_capturable: 0, status: 'succeeded', last_payment_error: null };

  it('accepts a correctly signed event and reads it in our words', () => {
    const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
    expect(stripe.parseWebhook(Buffer.from(body), { 'stripe-signature': signature })).toMatchObject({ type: 'payment.captured', providerRef: 'pi_123', amountMinor: 1200 });
    const failed = stand.webhook('payment_intent.payment_failed', { ...pi, status: 'requires_payment_method', last_payment_error: { message: 'Insufficient funds' } });
    expect(stripe.parseWebhook(failed.body, { 'stripe-signature': failed.signature })).toMatchObject({ type: 'payment.failed', failureMessage: 'Insufficient funds' });
  });

  it("reads refund events (refund.updated, refund.failed, charge.refund.updated) as the refund's new state, with our refund id", async () => {
    const auth = await stripe.authorise({ amountMinor: 5_000, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_pendingRefund', captureNow: true, description: 'x', metadata: meta });
    const refund = await stripe.refund(auth.providerRef, { amountMinor: 1_500, idempotencyKey: key(), reason: 'returned', metadata: { refundId: 'r-1', paymentId: 'p-1' } });
    expect(refund.status).toBe('pending');
    expect(stand.refunds.get(refund.refundRef)?.metadata).toEqual({ refundId: 'r-1', paymentId: 'p-1', reason: 'returned' });

    const read = (type: string, object: unknown) => {
      const e = stand.webhook(type, object);
      return stripe.parseWebhook(e.body, { 'stripe-signature': e.signature });
    };
    const succeeded = stand.settleRefund(refund.refundRef, 'succeeded');
    expect(read('refund.updated', succeeded)).toMatchObject({ type: 'refund.updated', providerType: 'refund.updated', refunds: [{ refundRef: refund.refundRef, status: 'succeeded', amountMinor: 1_500, refundId: 'r-1', failureMessage: null }] });
    expect(read('charge.refund.updated', succeeded).refunds).toEqual([expect.objectContaining({ status: 'succeeded', refundId: 'r-1' })]);
    const failed = stand.settleRefund(refund.refundRef, 'failed', 'insufficient_funds');
    expect(read('refund.failed', failed).refunds).toEqual([expect.objectContaining({ status: 'failed', failureMessage: 'The account balance does not cover the refund' })]);
    expect(read('refund.updated', { ...failed, status: 'canceled', failure_reason: 'merchant_request' }).refunds[0]).toMatchObject({ status: 'failed', failureMessage: 'The refund was cancelled' });
    expect(read('refund.updated', { ...failed, status: 'requires_action' }).refunds[0]?.status).toBe('pending');
  });

  it('reads charge.refunded: its refunds when the list is expanded, none when it is not (the default since 2022-11-15)', async () => {
    const auth = await stripe.authorise({ amountMinor: 4_000, currency: 'EUR', idempotencyKey: key(), paymentMethod: 'pm_card_pendingRefund', captureNow: true, description: 'x', metadata: meta });
    await stripe.refund(auth.providerRef, { amountMinor: 4_000, idempotencyKey: key() });
    const bare = stand.webhook('charge.refunded', stand.charge(auth.providerRef));
    expect(stripe.parseWebhook(bare.body, { 'stripe-signature': bare.signature })).toMatchObject({ type: 'refund.updated', providerRef: auth.providerRef, refunds: [] });
    const full = stand.webhook('charge.refunded', stand.charge(auth.providerRef, true));
    expect(stripe.parseWebhook(full.body, { 'stripe-signature': full.signature }).refunds).toEqual([expect.objectContaining({ status: 'pending', amountMinor: 4_000 })]);
  });

  it('refuses a changed body, another secret, an old timestamp and a missing header', () => {
    const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
    expect(() => stripe.parseWebhook(body.replace('1200', '9999'), { 'stripe-signature': signature })).toThrow(ProviderSignatureError);
    const other = stand.webhook('payment_intent.succeeded', pi, { secret: 'whsec_someone_else' });
    expect(() => stripe.parseWebhook(other.body, { 'stripe-signature': other.signature })).toThrow(ProviderSignatureError);
    const old = stand.webhook('payment_intent.succeeded', pi, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(() => stripe.parseWebhook(old.body, { 'stripe-signature': old.signature })).toThrow(ProviderSignatureError);
    expect(() => stripe.parseWebhook(body, {})).toThrow(ProviderSignatureError);
  });
});
