import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser } from '../support/browser.ts';

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

describe('the verify page', () => {
  it('the customer opens the e-mailed verify link on a phone, checks the order and verifies it; the link then says there is nothing more to do', async () => {
    const sofa = await createProduct(s.api, { name: 'Camelback sofa' });
    const placed = await s.api.post<{ id: string; number: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'velvet' } }], { delivery: { method: 'pickup' } }));
    expect(placed.status).toBe(201);
    const asked = await s.api.post(`/api/v1/orders/${placed.body.id}/verification-request`);
    expect(asked.status).toBe(202);

    // The real e-mail, through SMTP: its link is the only way in.
    const [mail] = await smtp.waitFor((m) => m.text.includes('/verify/'));
    const path = /\/verify\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
    expect(path).toBeTruthy();

    await inBrowser(browser, 'verify page', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { name: placed.body.number }).waitFor();
      expect(await page.getByText(/Camelback sofa/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/Velvet/).count()).toBeGreaterThan(0);
      // Not the staff log-in, and nothing of the back office.
      expect(await page.getByLabel('Password').count()).toBe(0);
      // Phone-first: the page fits the screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Yes, everything is right' }).click();
      await expect.poll(() => page.getByTestId('verified').textContent()).toContain('confirmed as correct');
    });

    const order = await s.api.get<{ status: string }>(`/api/v1/orders/${placed.body.id}`);
    expect(order.body.status).toBe('verified');

    await inBrowser(browser, 'verify page again', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { name: placed.body.number }).waitFor();
      expect(await page.getByRole('button', { name: 'Yes, everything is right' }).count()).toBe(0);
      expect(await page.getByText('already been checked').count()).toBe(1);
    });
  });
});
