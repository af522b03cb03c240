/**
 * Returning an incomplete order (issue 14) in the browser: staff send a draft missing the sofa's
 * fabric to the customer from the draft's page; the customer opens the e-mailed link on a phone
 * (390×844), sees only the fabric, is told it is required, chooses it and places the order; the
 * link then says it no longer works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createProduct, uniq } from '../support/factories.ts';
import { DESKTOP, PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  [s, browser] = await Promise.all([startTestServer({}, { SMTP_URL: smtp.url, ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_AT_RISK_SCAN_MS: '0' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await smtp?.close();
});

describe('completing a returned order', () => {
  it('staff send the draft back; the customer completes it on a phone and the order is placed', async () => {
    const email = `${uniq('ada')}@example.com`;
    const sofa = await createProduct(s.api, { name: 'Camelback sofa' });
    const draft = await s.api.post<{ id: string }>('/api/v1/orders/drafts', {
      channel: 'phone',
      customer: { name: 'Ada Lovelace', email },
      lines: [{ sku: sofa.sku, quantity: 1, fields: { colour: 'sage' } }],
      delivery: { method: 'pickup' },
    });
    expect(draft.status).toBe(201);

    await inBrowser(browser, 'staff send the draft back', DESKTOP, async (page) => {
      await page.goto(`${s.url}/orders/${draft.body.id}`);
      await logIn(page);
      await page.goto(`${s.url}/orders/${draft.body.id}`);
      const panel = page.getByTestId('return-to-customer');
      await page.getByRole('button', { name: 'Place order' }).waitFor();
      const answered = page.waitForResponse((r) => r.url().endsWith('/return-to-customer') && r.request().method() === 'POST');
      await panel.getByRole('button', { name: 'Send to the customer to complete' }).click();
      expect((await answered).status()).toBe(201);
      await expect.poll(() => panel.textContent()).toContain(`Sent to ${email}: Camelback sofa — Fabric.`);
      // The order reloads after the answer: the waiting state shows once it has.
      await expect.poll(() => panel.textContent()).toContain(`Waiting on the customer: sent to ${email}`);
      // The Orders list shows it waiting on the customer.
      await page.goto(`${s.url}/orders?waiting=customer`);
      await page.getByTestId('waiting-on-customer').getByText(email).waitFor();
    });

    const [mail] = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail?.text).toContain('- Fabric');
    const path = /\/complete\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
    expect(path).toBeTruthy();

    await inBrowser(browser, 'the customer completes the order', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { name: 'A few answers are missing' }).waitFor();
      // Only the missing field: the fabric, not the colour already given; nothing of the back office.
      expect(await page.getByLabel(/Fabric/).count()).toBe(1);
      expect(await page.getByLabel(/Colour/).count()).toBe(0);
      expect(await page.getByLabel('Password').count()).toBe(0);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // Checked as the server checks: nothing chosen is refused beside the field.
      await page.getByRole('button', { name: 'Send my answers and place the order' }).click();
      await page.locator('[data-error-summary]').waitFor();
      expect(await page.locator('[data-error-summary]').textContent()).toContain('Fabric');
      await page.getByLabel(/Fabric/).selectOption('linen');
      await page.getByRole('button', { name: 'Send my answers and place the order' }).click();
      await expect.poll(() => page.getByTestId('completed').textContent()).toMatch(/your order SO-\S+ is placed/);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    });

    const order = await s.api.get<{ status: string; lines: { answers: Record<string, { value: unknown }> }[] }>(`/api/v1/orders/${draft.body.id}`);
    expect(order.body.status).toBe('placed');
    expect(order.body.lines[0]?.answers.fabric?.value).toBe('linen');

    await inBrowser(browser, 'the used link', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByText('This link no longer works').waitFor();
    });
  });
});
