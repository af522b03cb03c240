/**
 * The feedback survey in a browser: the customer opens the e-mailed survey link on a phone
 * (390×844), answers it (a rating of 2, a recommend score, a comment, the business's yes/no
 * question); the owner sees the answer on the Feedback page, with a call back to make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { command, placeOrder, setSettings } from '../support/orders.ts';
import { uniq } from '../support/factories.ts';
import { DESKTOP, PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  [s, browser] = await Promise.all([
    startTestServer({}, { SMTP_URL: smtp.url, ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_AT_RISK_SCAN_MS: '0', ORDERLY_FEEDBACK_DAY_MS: '200' }),
    launchBrowser(),
  ]);
  await setSettings(s.api, { businessName: 'Oak & Thread', feedback: { enabled: true, delayDays: 2, lowRatingAtMost: 2, linkDays: 30, questions: [{ text: 'Was the delivery on time?', kind: 'yes_no' }] } });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await smtp?.close();
});

describe('the feedback survey', () => {
  it('a customer answers it on a phone; the owner sees it on the Feedback page with a call back', async () => {
    const order = await placeOrder(s.api, { overrides: { customer: { name: 'Grace Hopper', email: `${uniq('survey')}@example.com`, phone: '+44 20 7946 0101' } } });
    expect((await s.api.request('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
    expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
    expect((await command(s.api, order.id, 'ship')).status).toBe(200);
    expect((await command(s.api, order.id, 'deliver')).status).toBe(200);
    const [mail] = await smtp.waitFor((m) => m.subject === `How was your order ${order.number}?`);
    const path = /\/survey\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
    expect(path).toBeTruthy();

    await inBrowser(browser, 'survey page', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { name: `How was your order ${order.number}?` }).waitFor();
      expect(await page.getByLabel('Password').count()).toBe(0);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // Sent without a rating: the page says what is missing, beside the field.
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByText('Please check the answers marked below.').waitFor();
      await page.getByRole('group', { name: /Overall, how happy/ }).getByRole('radio', { name: '2', exact: true }).check();
      await page.getByRole('group', { name: /recommend us/ }).getByRole('radio', { name: '6', exact: true }).check();
      await page.getByRole('group', { name: /Was the delivery on time/ }).getByRole('radio', { name: 'No', exact: true }).check();
      await page.getByLabel(/Anything you would like to tell us/).fill('Two days late and a scratched leg');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect.poll(() => page.getByTestId('survey-thanks').textContent()).toContain('we have your answers');
      // Again: one answer per order.
      await page.reload();
      await page.getByText('This survey has already been answered').waitFor();
      expect(await page.getByRole('button', { name: 'Send my answers' }).count()).toBe(0);
    });

    await inBrowser(browser, 'feedback page', DESKTOP, async (page) => {
      await page.goto(s.url);
      await logIn(page);
      await page.getByRole('link', { name: 'Feedback', exact: true }).click();
      await page.getByRole('heading', { name: 'Feedback', exact: true }).waitFor();
      const answer = page.getByTestId('feedback-comments').locator(`[data-order="${order.number}"]`);
      await answer.waitFor();
      expect(await answer.textContent()).toContain('Two days late and a scratched leg');
      expect(await answer.textContent()).toContain('Was the delivery on time?');
      expect(await page.getByTestId('feedback-channels').textContent()).toContain('Phone');
      expect(await page.getByTestId('feedback-overall').textContent()).toMatch(/average rating 2\.0/);
      const callBack = page.getByTestId('follow-ups').locator(`[data-order="${order.number}"]`);
      expect(await callBack.textContent()).toContain('Grace Hopper');
      expect(await callBack.textContent()).toContain('+442079460101');
      await callBack.getByRole('button', { name: 'Mark done' }).click();
      await page.getByLabel('What came of it').fill('Called; a new leg goes out Monday');
      await page.getByRole('dialog').getByRole('button', { name: 'Mark done' }).click();
      await page.getByText('No customer is waiting for a call back.').waitFor();

      // The customer's page: the answer is in their one history, called back, linked to its order.
      await page.goto(`${s.url}/customers/${order.customer.id}`);
      const entry = page.getByTestId('customer-history').getByRole('row').filter({ hasText: 'Feedback' });
      await entry.waitFor();
      expect(await entry.textContent()).toContain(`Rated 2/5 for ${order.number}, would recommend 6/10 — “Two days late and a scratched leg”`);
      expect(await entry.getByRole('cell').last().textContent()).toBe('Called back');
      await entry.getByRole('link').click();
      await page.getByRole('heading', { name: new RegExp(order.number) }).first().waitFor();
      expect(new URL(page.url()).pathname).toBe(`/orders/${order.number}`);
    });
  });
});
