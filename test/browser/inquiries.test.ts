/**
 * Inquiries in the browser: a visitor asks about a product from the shop on a phone
 * (390 px: problems beside each field first, then the thanks), and staff answer it by
 * e-mail from the back office and mark it lost with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { DESKTOP, PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';
import { business, setSettings } from '../support/orders.ts';
import { createProduct, uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  [s, browser] = await Promise.all([startTestServer({}, { SMTP_URL: smtp.url, ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_AT_RISK_SCAN_MS: '0' }), launchBrowser()]);
  await setSettings(s.api, business);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await smtp?.close();
});

type Inquiry = { id: string; channel: string; question: string; contact: { email: string | null }; products: { name: string }[] };

describe('ask about this product', () => {
  it('a visitor asks from the shop at 390 px; staff answer by e-mail and mark it lost with a reason', async () => {
    const name = uniq('Velvet sofa');
    await createProduct(s.api, { name });
    const email = `${uniq('asker')}@example.com`;

    await inBrowser(browser, 'ask from the shop', PHONE, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByRole('button', { name: `Ask a question about ${name}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Send question' }).click();
      await expect.poll(() => dialog.getByLabel('Your question').getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.textContent()).toContain('Write your question');
      await dialog.getByLabel('Your question').fill('Does it come in green velvet?');
      await dialog.getByLabel('Name').fill('Ada Visitor');
      await dialog.getByLabel('E-mail').fill(email);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await dialog.getByRole('button', { name: 'Send question' }).click();
      await page.getByTestId('ask-thanks').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    });

    const list = await s.api.get<{ items: Inquiry[] }>('/api/v1/inquiries?channel=web');
    const inquiry = list.body.items.find((i) => i.contact.email === email);
    expect(inquiry).toMatchObject({ channel: 'web', question: 'Does it come in green velvet?', products: [{ name }] });

    await inBrowser(browser, 'answer in the back office', DESKTOP, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inquiries' }).click();
      await page.getByRole('link', { name: 'Does it come in green velvet?' }).click();
      await page.getByTestId('inquiry-question').waitFor();
      await page.getByLabel('Your answer').fill('Yes: forest green, made in four weeks.');
      await page.getByRole('button', { name: 'Send answer' }).click();
      const timeline = page.getByTestId('inquiry-timeline');
      await expect.poll(() => timeline.textContent()).toContain(`e-mailed to ${email}`);
      await page.getByRole('button', { name: 'Mark lost…' }).click();
      await page.getByRole('button', { name: 'Mark lost', exact: true }).click();
      await expect.poll(() => page.getByLabel('Why was it lost?').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Why was it lost?').fill('Chose another colour elsewhere');
      await page.getByRole('button', { name: 'Mark lost', exact: true }).click();
      await expect.poll(() => timeline.textContent()).toContain('Chose another colour elsewhere');
      await expect.poll(() => page.getByRole('button', { name: 'Reopen' }).count()).toBe(1);
    });
    const [mail] = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail?.text).toContain('Yes: forest green, made in four weeks.');
  });
});
