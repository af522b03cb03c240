import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser } from '../support/browser.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let s: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  [s, browser] = await Promise.all([startTestServer({}, { SMTP_URL: smtp.url, ORDERLY_OUTBOX_POLL_MS: '50' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await smtp?.close();
});

describe("the customer's order page", () => {
  it('the customer opens the link from the confirmation e-mail on a phone and sees the order', async () => {
    const sofa = await createProduct(s.api, { name: 'Chesterfield sofa' });
    const placed = await s.api.post<{ id: string; number: string; customer: { email: string } }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'velvet' } }], { delivery: { method: 'pickup' } }));
    expect(placed.status).toBe(201);
    expect((await s.api.post(`/api/v1/orders/${placed.body.id}/confirm`)).status).toBe(200);

    // The link exists only in the e-mail as delivered (the mail log never holds a working one).
    const [mail] = await smtp.waitFor((m) => m.subject.includes(placed.body.number));
    const link = /(https?:\/\/\S+)?(\/my-order\/[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[2] ?? '';
    expect(link).not.toBe('');

    await inBrowser(browser, 'my order', PHONE, async (page) => {
      await page.goto(`${s.url}${link}`);
      await page.getByRole('heading', { name: placed.body.number }).waitFor();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/confirmed/i);
      await expect.poll(() => page.getByText(/Chesterfield sofa/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/Velvet/).count()).toBeGreaterThan(0);
      // Nothing of the back office leaks onto the customer's page.
      expect(await page.getByRole('link', { name: 'Log out' }).count()).toBe(0);
    });

    // A link that is not one we gave out shows an error, not someone's order.
    await inBrowser(browser, 'bad link', PHONE, async (page) => {
      await page.goto(`${s.url}/my-order/not-a-real-token-${'x'.repeat(30)}`);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('heading', { name: placed.body.number }).count()).toBe(0);
      // The customer whose link no longer works asks for a new one, sent to the order's address.
      await page.getByLabel('Order number').fill(placed.body.number);
      await page.getByLabel('E-mail address').fill(placed.body.customer.email);
      await page.getByRole('button', { name: 'Send me a new link' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/a new link is on its way/);
    });
    const [fresh] = await smtp.waitFor((m) => m.subject === `Your link to order ${placed.body.number}`);
    expect(fresh?.to).toEqual([placed.body.customer.email]);
    expect(fresh?.text).toMatch(/\/my-order\/[A-Za-z0-9_-]{43}/);
  });
});
