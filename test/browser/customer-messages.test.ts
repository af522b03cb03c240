/**
 * Keeping the customer informed, in the browser: staff send a delay notice from the
 * at-risk list (the customer gets the e-mail; the order page shows the delay and its
 * message on the communication log), and the owner edits an e-mail's wording with a
 * live preview, a save refused beside the field, and a reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { DESKTOP, inBrowser, launchBrowser, logIn } from '../support/browser.ts';
import { business, confirmed, setSettings } from '../support/orders.ts';

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

describe('keeping the customer informed', () => {
  it('staff send a delay notice from the at-risk list; the customer is e-mailed; the order page shows the delay and the message', async () => {
    const order = await confirmed(s.api);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await s.running.database.db.execute(sql`update orders set expected_completion_date = ${yesterday} where id = ${order.id}`);

    await inBrowser(browser, 'at-risk delay notice', DESKTOP, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'At risk' }).click();
      const row = page.locator(`tr[data-order="${order.number}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('1 day past the expected date and not shipped');
      await row.getByRole('button', { name: 'Send a delay notice' }).click();
      const form = page.getByTestId('delay-form');
      // Prefilled: a date a week on, and a reason worded for the customer.
      expect(await form.getByLabel('Reason, written for the customer').inputValue()).toContain('taking longer than we planned');
      await form.getByLabel('Reason, written for the customer').fill('The velvet reaches us from the mill next week.');
      await form.getByRole('button', { name: 'Send the delay notice' }).click();
      await expect.poll(() => page.getByText(`Delay notice sent for ${order.number}`).count()).toBe(1);
      await expect.poll(() => page.locator(`tr[data-order="${order.number}"]`).count()).toBe(0);

      await page.goto(`${s.url}/orders/${order.number}`);
      await page.getByTestId('delay-notice').waitFor();
      expect(await page.getByTestId('delay-notice').textContent()).toContain('The velvet reaches us from the mill next week.');
      const log = page.getByTestId('communication-log');
      await expect.poll(() => log.textContent()).toContain('Delay notice');
    });
    const [mail] = await smtp.waitFor((m) => m.subject === `Your order ${order.number} will be later than planned`);
    expect(mail?.text).toContain('Why: The velvet reaches us from the mill next week.');
  });

  it('the owner edits an e-mail with a live preview; a wording that would not render is refused beside the field; reset brings the default back', async () => {
    await inBrowser(browser, 'e-mail wording', DESKTOP, async (page) => {
      await page.goto(`${s.url}/settings?tab=wording`);
      await logIn(page);
      const editor = page.getByTestId('template-editor');
      await editor.waitFor();
      const subject = editor.getByLabel('Subject');
      await subject.fill('Got it: {{orderNumber}} ({{customerName}})');
      await expect.poll(() => page.getByTestId('template-preview').textContent()).toContain('Got it: SO-2026-000123 (Ada Lovelace)');
      await subject.fill('Got it: {{orderNumbr}}');
      await expect.poll(() => page.getByTestId('template-preview').textContent()).toContain('unknown name {{orderNumbr}}');
      await editor.getByRole('button', { name: 'Save wording' }).click();
      await expect.poll(async () => subject.getAttribute('aria-invalid')).toBe('true');
      await subject.fill('Got it: {{orderNumber}}');
      await editor.getByRole('button', { name: 'Save wording' }).click();
      await expect.poll(() => editor.textContent()).toContain('Saved: e-mails from now on use this wording.');
      await editor.getByRole('button', { name: 'Reset to the default' }).click();
      await expect.poll(() => subject.inputValue()).toBe('We have received your order {{orderNumber}}');
    });
    const t = await s.api.get<{ customised: boolean }>('/api/v1/mail-templates/order_received/en');
    expect(t.body.customised).toBe(false);
  });
});
