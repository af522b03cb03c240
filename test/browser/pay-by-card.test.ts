/**
 * A customer whose order is paid by card pays from their order page: the Pay button takes
 * them to the card provider's hosted checkout (the Stripe stand-in's page), the provider's
 * signed event records the payment, and coming back shows the order paid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startStripeStandIn, type StandIn } from '../support/stripe-stand-in.ts';
import { business, placeOrder, setSettings } from '../support/orders.ts';
import { PHONE, inBrowser, launchBrowser } from '../support/browser.ts';

let s: TestServer;
let stand: StandIn;
let browser: Browser;
beforeAll(async () => {
  stand = await startStripeStandIn();
  [s, browser] = await Promise.all([startTestServer({}, { STRIPE_SECRET_KEY: stand.apiKey, STRIPE_WEBHOOK_SECRET: stand.webhookSecret, STRIPE_API_BASE: stand.url }), launchBrowser()]);
  const current = await s.api.get<{ payments: { methodsByChannel: Record<string, string[]> } }>('/api/v1/settings');
  await setSettings(s.api, { ...business, payments: { ...current.body.payments, methodsByChannel: { ...current.body.payments.methodsByChannel, web: ['card', 'bank_transfer'] } } });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await stand?.close();
});

describe('pay by card from the order page, in a browser', () => {
  it('the customer taps Pay, pays on the provider\'s page, comes back and sees the order paid', async () => {
    const order = await placeOrder(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' }, overrides: { channel: 'web' } });
    const link = await s.api.post<{ path: string }>(`/api/v1/orders/${order.id}/access-links`, { purpose: 'order_status' });
    expect(link.status).toBe(201);

    await inBrowser(browser, 'pay by card', PHONE, async (page) => {
      await page.goto(`${s.url}${link.body.path}`);
      const pay = page.getByRole('button', { name: /^Pay .*120\.00 by card$/ });
      await pay.waitFor();
      await pay.click();
      // At the provider's hosted page, for the amount due.
      await page.waitForURL(new RegExp(`^${stand.url}/c/pay/cs_test_`));
      expect(await page.getByRole('heading').textContent()).toBe('Pay 12000 EUR');
      const sessionId = new URL(page.url()).pathname.split('/').pop() ?? '';

      // The customer pays there; the provider tells the shop (signed event) and sends the customer back.
      const pi = stand.payCheckout(sessionId);
      const { body, signature } = stand.webhook('payment_intent.succeeded', pi);
      const hook = await s.anon.request<{ applied: boolean }>('POST', '/api/v1/webhooks/stripe', body, { 'content-type': 'application/json', 'stripe-signature': signature });
      expect(hook.body.applied).toBe(true);
      const back = new URL(stand.sessions.get(sessionId)?.success_url ?? '');
      expect(back.pathname + back.search).toBe('/my-order/return?paid=1');
      await page.goto(`${s.url}${back.pathname}${back.search}`);

      // Back on their own order (the tab remembered which), now paid: no Pay button.
      await page.waitForURL(new RegExp(`${link.body.path}\\?paid=1$`));
      await page.getByRole('heading', { name: order.number }).waitFor();
      await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toMatch(/Paid/);
      await expect.poll(() => page.getByRole('button', { name: /by card/ }).count()).toBe(0);
    });
  });
});
