import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe("the customer's order page", () => {
  it('the customer opens the link from the confirmation e-mail on a phone and sees the order', async () => {
    const sofa = await createProduct(s.api, { name: 'Chesterfield sofa' });
    const placed = await s.api.post<{ id: string; number: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'velvet' } }], { delivery: { method: 'pickup' } }));
    expect(placed.status).toBe(201);
    expect((await s.api.post(`/api/v1/orders/${placed.body.id}/confirm`)).status).toBe(200);

    // No SMTP in tests: the message waits in the local mailbox, exactly as it would have been sent.
    let text = '';
    await expect
      .poll(async () => {
        const list = await s.api.get<{ items: { id: string; template: string }[] }>(`/api/v1/orders/${placed.body.id}/mail`);
        const confirmation = list.body.items.find((m) => m.template === 'order_confirmation');
        if (!confirmation) return false;
        text = (await s.api.get<{ text: string }>(`/api/v1/mail/${confirmation.id}`)).body.text;
        return /\/my-order\/\S+/.test(text);
      }, { timeout: 20_000 })
      .toBe(true);
    const link = /(https?:\/\/\S+)?(\/my-order\/[A-Za-z0-9_-]+)/.exec(text)?.[2] ?? '';

    await inBrowser(browser, 'my order', PHONE, async (page) => {
      await page.goto(`${s.url}${link}`);
      await page.getByRole('heading', { name: placed.body.number }).waitFor();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/confirmed/i);
      expect(await page.getByText(/Chesterfield sofa/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/Velvet/).count()).toBeGreaterThan(0);
      // Nothing of the back office leaks onto the customer's page.
      expect(await page.getByRole('link', { name: 'Log out' }).count()).toBe(0);
    });

    // A link that is not one we gave out shows an error, not someone's order.
    await inBrowser(browser, 'bad link', PHONE, async (page) => {
      await page.goto(`${s.url}/my-order/not-a-real-token-${'x'.repeat(30)}`);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('heading', { name: placed.body.number }).count()).toBe(0);
    });
  });
});
