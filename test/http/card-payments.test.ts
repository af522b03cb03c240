import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startStripeStandIn, type StandIn } from '../support/stripe-stand-in.ts';
import { business, command, placeOrder, setSettings, timeline, type OrderBody } from '../support/orders.ts';

let s: TestServer;
let stand: StandIn;
beforeAll(async () => {
  stand = await startStripeStandIn();
  s = await startTestServer({}, { STRIPE_SECRET_KEY: stand.apiKey, STRIPE_WEBHOOK_SECRET: stand.webhookSecret, STRIPE_API_BASE: stand.url });
  // A business with a card provider makes card its shop's default (without one, the settings refuse that).
  const current = await s.api.get<{ payments: { methodsByChannel: Record<string, string[]> } }>('/api/v1/settings');
  await setSettings(s.api, { ...business, payments: { ...current.body.payments, methodsByChannel: { ...current.body.payments.methodsByChannel, web: ['card', 'bank_transfer'] } } });
});
afterAll(async () => {
  await s?.close();
  await stand?.close();
});

type Payment = { id: string; status: string; amountMinor: number; providerRef: string | null; clientSecret?: string | null; failureMessage: string | null };
type Problem = { code: string };
const summary = async (o: OrderBody) => (await s.api.get<{ summary: { state: string; paidMinor: number; authorisedMinor: number } }>(`/api/v1/orders/${o.id}/payments`)).body.summary;

async function webOrder(): Promise<OrderBody> {
  const order = await placeOrder(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' }, overrides: { channel: 'web' } });
  expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
  return order;
}
const postWebhook = (body: string, signature: string) =>
  s.anon.request<{ received: boolean; applied: boolean } & Problem>('POST', '/api/v1/webhooks/stripe', body, { 'content-type': 'application/json', 'stripe-signature': signature });

describe('card payments through the provider', () => {
  it('authorise releases the order to fulfilment, capture takes the money, a refund goes back through the provider', async () => {
    const order = await webOrder();
    expect((await command(s.api, order.id, 'start-fulfilment')).body.code).toBe('payment_outstanding');

    const auth = await s.api.post<Payment>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: 'pm_card_visa' });
    expect(auth.status, JSON.stringify(auth.body)).toBe(201);
    expect(auth.body).toMatchObject({ status: 'authorised', amountMinor: 12_000 });
    expect(stand.intents.get(auth.body.providerRef ?? '')?.metadata.orderId).toBe(order.id);
    expect(await summary(order)).toMatchObject({ state: 'unpaid', authorisedMinor: 12_000 });
    expect((await command(s.api, order.id, 'start-fulfilment')).status).toBe(200);

    const captured = await s.api.post<Payment>(`/api/v1/payments/${auth.body.id}/capture`);
    expect(captured.body.status).toBe('captured');
    expect(await summary(order)).toMatchObject({ state: 'paid', paidMinor: 12_000 });

    const refund = await s.api.post<{ status: string; providerRef: string }>(`/api/v1/payments/${auth.body.id}/refunds`, { amountMinor: 2_000, reason: 'scratched leg' });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.status).toBe('succeeded');
    expect(stand.refunds.get(refund.body.providerRef)?.amount).toBe(2_000);
    expect(await summary(order)).toMatchObject({ state: 'partially_paid', paidMinor: 10_000 });
    const types = (await timeline(s.api, order.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['card_authorised', 'card_captured', 'refund_requested', 'refunded']));
  });

  it('a declined card is recorded as a failed payment and the order stays unpaid', async () => {
    const order = await webOrder();
    const res = await s.api.post<Payment>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: 'pm_card_chargeDeclined' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'failed', failureMessage: 'Your card was declined.' });
    expect((await summary(order)).state).toBe('unpaid');
  });

  it('an authorisation can be voided instead of captured', async () => {
    const order = await webOrder();
    const auth = await s.api.post<Payment>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: 'pm_card_visa' });
    expect((await s.api.post<Payment>(`/api/v1/payments/${auth.body.id}/void`)).body.status).toBe('voided');
    expect(stand.intents.get(auth.body.providerRef ?? '')?.status).toBe('canceled');
    expect((await s.api.post<Problem>(`/api/v1/payments/${auth.body.id}/capture`)).body.code).toBe('invalid_transition');
  });

  it('when the provider acted but its answer was lost, the payment stays pending and its webhook settles it', async () => {
    const order = await webOrder();
    stand.blackhole = true;
    const lost = await s.api.post<Problem>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: 'pm_card_visa' });
    stand.blackhole = false;
    expect(lost.status).toBe(502);
    const listed = await s.api.get<{ items: Payment[] }>(`/api/v1/orders/${order.id}/payments`);
    const pending = listed.body.items[0];
    expect(pending).toMatchObject({ status: 'pending', providerRef: null });
    // The provider did authorise it (the SDK's retries reused the idempotency key: one intent only).
    const intents = [...stand.intents.values()].filter((pi) => pi.metadata.paymentId === pending?.id);
    expect(intents).toHaveLength(1);
    const { body, signature } = stand.webhook('payment_intent.amount_capturable_updated', { ...intents[0], amount_capturable: 12_000 });
    expect((await postWebhook(body, signature)).body).toMatchObject({ applied: true });
    const after = await s.api.get<{ items: Payment[] }>(`/api/v1/orders/${order.id}/payments`);
    expect(after.body.items[0]).toMatchObject({ status: 'authorised', providerRef: intents[0]?.id });
  });

  it('a payment the customer finishes in their browser arrives by signed webhook, once', async () => {
    const order = await webOrder();
    const started = await s.api.post<Payment>(`/api/v1/orders/${order.id}/card-payments`, { capture: 'now' });
    expect(started.body.status).toBe('pending');
    expect(started.body.clientSecret).toMatch(/_secret_/);

    const pi = stand.completeWithCard(started.body.providerRef ?? '');
    const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
    const first = await postWebhook(body, signature);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: true, applied: true });
    expect(await summary(order)).toMatchObject({ state: 'paid', paidMinor: 12_000 });
    const replay = await postWebhook(body, signature);
    expect(replay.body).toMatchObject({ received: true, applied: false });

    const forged = await postWebhook(body.replace('"succeeded"', '"canceled"'), signature);
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_signature');
  });
});

type Refund = { id: string; status: string; amountMinor: number; providerRef: string | null; failureMessage: string | null };
type OrderPayments = { summary: { state: string; paidMinor: number; refundedMinor: number }; items: (Payment & { refundedMinor: number })[]; refunds: Refund[] };
const payments = async (o: OrderBody) => (await s.api.get<OrderPayments>(`/api/v1/orders/${o.id}/payments`)).body;

/** A web order paid in full by card with this test card, captured. */
async function paidWith(card: string): Promise<{ order: OrderBody; payment: Payment }> {
  const order = await webOrder();
  const paid = await s.api.post<Payment>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: card, capture: 'now' });
  expect(paid.body.status, JSON.stringify(paid.body)).toBe('captured');
  return { order, payment: paid.body };
}

describe('card refunds settled by the provider afterwards', () => {
  it('a pending card refund becomes succeeded when refund.updated arrives, once', async () => {
    const { order, payment } = await paidWith('pm_card_pendingRefund');
    const asked = await s.api.post<Refund>(`/api/v1/payments/${payment.id}/refunds`, { amountMinor: 3_000, reason: 'late delivery' });
    expect(asked.status).toBe(201);
    expect(asked.body.status).toBe('pending');
    expect(stand.refunds.get(asked.body.providerRef ?? '')?.metadata.refundId).toBe(asked.body.id);

    const { body, signature } = stand.webhook('refund.updated', stand.settleRefund(asked.body.providerRef ?? '', 'succeeded'));
    const delivered = await postWebhook(body, signature);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toEqual({ received: true, applied: true });
    const after = await payments(order);
    expect(after.refunds).toEqual([expect.objectContaining({ id: asked.body.id, status: 'succeeded', amountMinor: 3_000 })]);
    expect(after.summary).toMatchObject({ state: 'partially_paid', refundedMinor: 3_000 });
    const entries = (await timeline(s.api, order.id)).filter((e) => e.type.startsWith('refund'));
    expect(entries.map((e) => e.type)).toEqual(['refund_requested', 'refunded']);
    expect(entries[1]).toMatchObject({ actor: { kind: 'system', name: 'stripe' }, data: { refundId: asked.body.id, via: 'webhook' } });

    expect((await postWebhook(body, signature)).body).toEqual({ received: true, applied: false });
    expect((await timeline(s.api, order.id)).filter((e) => e.type === 'refunded')).toHaveLength(1);
  });

  it('a pending card refund that fails (refund.failed) gives the money back to the payment and says why', async () => {
    const { order, payment } = await paidWith('pm_card_pendingRefund');
    const asked = await s.api.post<Refund>(`/api/v1/payments/${payment.id}/refunds`, { amountMinor: 12_000, reason: 'cancelled' });
    expect(asked.body.status).toBe('pending');
    expect((await payments(order)).items[0]).toMatchObject({ status: 'refunded', refundedMinor: 12_000 });

    const { body, signature } = stand.webhook('refund.failed', stand.settleRefund(asked.body.providerRef ?? '', 'failed', 'expired_or_canceled_card'));
    expect((await postWebhook(body, signature)).body).toEqual({ received: true, applied: true });
    const after = await payments(order);
    expect(after.refunds[0]).toMatchObject({ status: 'failed', failureMessage: 'The card has expired or was cancelled' });
    expect(after.items[0]).toMatchObject({ status: 'captured', refundedMinor: 0 });
    expect(after.summary).toMatchObject({ state: 'paid', refundedMinor: 0 });
    expect((await timeline(s.api, order.id)).map((e) => e.type)).toContain('refund_failed');
    // The money is refundable again.
    expect((await s.api.post<Refund>(`/api/v1/payments/${payment.id}/refunds`, { amountMinor: 12_000, reason: 'cancelled, again' })).status).toBe(201);
  });

  it('a refund first reported succeeded that fails days later (refund.updated → failed) is undone', async () => {
    const { order, payment } = await paidWith('pm_card_refundFail');
    const asked = await s.api.post<Refund>(`/api/v1/payments/${payment.id}/refunds`, { amountMinor: 2_000, reason: 'scratch' });
    expect(asked.body.status).toBe('succeeded');
    const { body, signature } = stand.webhook('refund.updated', stand.settleRefund(asked.body.providerRef ?? '', 'failed', 'lost_or_stolen_card'));
    expect((await postWebhook(body, signature)).body).toEqual({ received: true, applied: true });
    const after = await payments(order);
    expect(after.refunds[0]).toMatchObject({ status: 'failed', failureMessage: 'The card was reported lost or stolen' });
    expect(after.summary).toMatchObject({ state: 'paid', refundedMinor: 0 });
    expect((await timeline(s.api, order.id)).map((e) => e.type).filter((t) => t.startsWith('refund'))).toEqual(['refund_requested', 'refunded', 'refund_failed']);
  });

  it('charge.refunded with its refunds list settles the pending refund; without the list it is acknowledged and changes nothing', async () => {
    const { order, payment } = await paidWith('pm_card_pendingRefund');
    const asked = await s.api.post<Refund>(`/api/v1/payments/${payment.id}/refunds`, { amountMinor: 1_000, reason: 'goodwill' });
    stand.settleRefund(asked.body.providerRef ?? '', 'succeeded');
    const bare = stand.webhook('charge.refunded', stand.charge(payment.providerRef ?? ''));
    expect((await postWebhook(bare.body, bare.signature)).body).toEqual({ received: true, applied: false });
    expect((await payments(order)).refunds[0]?.status).toBe('pending');

    const expanded = stand.webhook('charge.refunded', stand.charge(payment.providerRef ?? '', true));
    expect((await postWebhook(expanded.body, expanded.signature)).body).toEqual({ received: true, applied: true });
    expect((await payments(order)).refunds[0]?.status).toBe('succeeded');
  });

  it('a refund event for a refund we never asked for is acknowledged and ignored', async () => {
    const { body, signature } = stand.webhook('refund.updated', { id: 're_unknown', object: 'refund', amount: 500, currency: 'eur', payment_intent: 'pi_unknown', charge: null, balance_transaction: null, reason: null, status: 'succeeded', metadata: {}, created: 0 });
    const res = await postWebhook(body, signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, applied: false });
  });
});
