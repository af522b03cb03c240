/**
 * Pay by card from the customer's order page: a hosted checkout at the provider (the
 * Stripe stand-in's Checkout Sessions), settled by the provider's signed event. Only for
 * an order paid by card with money due, and only with a provider configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startStripeStandIn, type StandIn } from '../support/stripe-stand-in.ts';
import { business, command, placeOrder, setSettings, timeline, type OrderBody } from '../support/orders.ts';

let s: TestServer;
let plain: TestServer;
let stand: StandIn;
beforeAll(async () => {
  stand = await startStripeStandIn();
  [s, plain] = await Promise.all([
    startTestServer({}, { STRIPE_SECRET_KEY: stand.apiKey, STRIPE_WEBHOOK_SECRET: stand.webhookSecret, STRIPE_API_BASE: stand.url, ORDERLY_PUBLIC_URL: 'http://shop.example' }),
    startTestServer(),
  ]);
  const current = await s.api.get<{ payments: { methodsByChannel: Record<string, string[]> } }>('/api/v1/settings');
  await setSettings(s.api, { ...business, payments: { ...current.body.payments, methodsByChannel: { ...current.body.payments.methodsByChannel, web: ['card', 'bank_transfer'] } } });
});
afterAll(async () => {
  await Promise.all([s?.close(), plain?.close()]);
  await stand?.close();
});

type CustomerOrder = { number: string; payment: { state: string; method: string; dueMinor: number; payByCard: boolean } };
type Problem = { code: string; detail: string };

async function linkFor(server: TestServer, order: OrderBody): Promise<string> {
  const res = await server.api.post<{ token: string }>(`/api/v1/orders/${order.id}/access-links`, { purpose: 'order_status' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.token;
}
const page = async (server: TestServer, token: string) => server.anon.get<CustomerOrder>(`/api/v1/public/order-status/${token}`);
const checkout = (server: TestServer, token: string) => server.anon.post<{ url: string } & Problem>(`/api/v1/public/order-status/${token}/card-checkout`);

describe('pay by card from the order page', () => {
  it('a web order paid by card: the page offers it, the checkout asks the provider for what is due, and the signed event records the payment', async () => {
    const order = await placeOrder(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' }, overrides: { channel: 'web' } });
    const token = await linkFor(s, order);
    const before = await page(s, token);
    expect(before.body.payment).toMatchObject({ method: 'card', state: 'unpaid', dueMinor: 12_000, payByCard: true });

    const started = await checkout(s, token);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const sessionId = /\/c\/pay\/(cs_test_[0-9a-f]+)$/.exec(started.body.url)?.[1] ?? '';
    const session = stand.sessions.get(sessionId);
    // The provider was asked for exactly what is due, with return addresses that carry no token.
    expect(session).toMatchObject({ amount_total: 12_000, currency: 'eur', locale: null, success_url: 'http://shop.example/my-order/return?paid=1', cancel_url: 'http://shop.example/my-order/return' });
    expect(JSON.stringify(session)).not.toContain(token);

    // A second click while it is open is the same checkout page.
    expect((await checkout(s, token)).body.url).toBe(started.body.url);

    // The customer pays at the provider; its signed event records the payment.
    const pi = stand.payCheckout(sessionId);
    const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
    const hook = await s.anon.request<{ applied: boolean }>('POST', '/api/v1/webhooks/stripe', body, { 'content-type': 'application/json', 'stripe-signature': signature });
    expect(hook.status).toBe(200);
    expect(hook.body.applied).toBe(true);

    const after = await page(s, token);
    expect(after.body.payment).toMatchObject({ state: 'paid', dueMinor: 0, payByCard: false });
    const payments = await s.api.get<{ items: { method: string; status: string; amountMinor: number; providerRef: string }[] }>(`/api/v1/orders/${order.id}/payments`);
    expect(payments.body.items).toEqual([expect.objectContaining({ method: 'card', status: 'captured', amountMinor: 12_000, providerRef: pi.id })]);
    expect((await timeline(s.api, order.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['card_checkout_started', 'card_captured']));

    // Nothing left to pay: no new checkout.
    const again = await checkout(s, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
  });

  it('an order paid another way (a phone order by bank transfer) offers no card and refuses a checkout', async () => {
    const order = await placeOrder(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const token = await linkFor(s, order);
    expect((await page(s, token)).body.payment).toMatchObject({ method: 'bank_transfer', payByCard: false });
    const res = await checkout(s, token);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect([...stand.sessions.values()].filter((x) => x.client_reference_id === order.id)).toEqual([]);
  });

  it('without a card provider there is no card anywhere: no Pay button, and the checkout says card payments are not set up', async () => {
    const order = await placeOrder(plain.api, { priceMinor: 10_000, fields: { fabric: 'linen' }, overrides: { channel: 'web' } });
    expect((await command(plain.api, order.id, 'confirm')).status).toBe(200);
    const token = await linkFor(plain, order);
    const p = await page(plain, token);
    expect(p.body.payment.method).not.toBe('card');
    expect(p.body.payment.payByCard).toBe(false);
    const res = await checkout(plain, token);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('payment_provider_unavailable');
  });

  it('an unknown link gets 404, as every customer link does', async () => {
    const res = await checkout(s, `x${'a'.repeat(42)}`);
    expect(res.status).toBe(404);
  });
});
