/**
 * Mail in, in a browser: staff paste a customer's e-mail into the inbox, see the draft it
 * became and open it; a message with HTML shows as text, never as a page; the order page
 * lists the e-mail it came from. A message from a sender the listener does not believe waits for
 * staff, who make an inquiry of it with one click (on a phone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freePort } from '../support/smtp.ts';
import { createProduct, uniq } from '../support/factories.ts';
import { DESKTOP, PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let mailInPort: number;
beforeAll(async () => {
  mailInPort = await freePort();
  [s, browser] = await Promise.all([startTestServer({}, { ORDERLY_MAIL_IN_PORT: String(mailInPort), ORDERLY_AT_RISK_SCAN_MS: '0' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the inbox, in a browser', () => {
  it('a pasted e-mail becomes a draft that staff open from the inbox; its HTML is shown as text only', async () => {
    const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
    const email = `${uniq('ines')}@example.com`;
    expect((await s.api.post('/api/v1/customers', { name: 'Ines Kaya', email })).status).toBe(201);
    const subject = uniq('Sipariş');
    const raw = [
      `From: Ines Kaya <${email}>`,
      'To: orders@oakthread.example',
      `Subject: ${subject}`,
      'Date: Mon, 30 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Merhaba, <b>3 adet ${sofa.sku}</b> istiyorum.</p><script>document.title='pwned'</script><img src=x onerror="document.title='pwned'">`,
      '',
    ].join('\r\n');

    await inBrowser(browser, 'inbox', DESKTOP, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      await page.getByLabel('Paste the whole message').fill(raw);
      await page.getByRole('button', { name: 'Take it in' }).click();

      // The message's own page: text only, and what became of it.
      await page.getByRole('heading', { name: subject }).waitFor();
      const text = await page.getByTestId('inbound-text').textContent();
      expect(text).toContain(`3 adet ${sofa.sku}`);
      expect(text).not.toContain('<script');
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('main img').count()).toBe(0);
      await page.getByRole('link', { name: 'open the draft' }).click();

      // The draft opens in the order form: the customer, the sofa with its quantity, what is still missing (the fabric).
      await page.getByRole('heading', { name: 'Draft order' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Ines Kaya');
      expect(await page.getByLabel('Quantity').inputValue()).toBe('3');
      expect(await page.locator('main').textContent()).toContain('Fabric is required');
      // Below the form: the e-mail it came from.
      await page.getByTestId('received-mail').waitFor();
      expect(await page.getByTestId('received-mail').textContent()).toContain(subject);
    });
  });

  it('a message from a sender the listener does not believe waits for staff; on a phone they make an inquiry of it, once', async () => {
    const subject = uniq('Delivery question');
    // Through Orderly's own listener, as another mail server would deliver it: the From header says one
    // thing, the envelope another, so nobody is matched and nothing is made of it on its own.
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: mailInPort, secure: false, ignoreTLS: true });
    try {
      await t.sendMail({ from: 'Deniz Aydın <deniz@example.com>', to: 'orders@oakthread.example', subject, text: 'Merhaba, do you deliver to Izmir before the new year?', envelope: { from: 'bounce@elsewhere.example', to: ['orders@oakthread.example'] } });
    } finally {
      t.close();
    }

    await inBrowser(browser, 'inbox to inquiry', PHONE, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page);
      await page.goto(`${s.url}/inbox`);
      const row = page.getByRole('row').filter({ hasText: subject });
      await row.waitFor();
      expect(await row.locator('[data-outcome]').getAttribute('data-outcome')).toBe('unmatched');
      expect(await row.textContent()).toContain('Waiting for staff');
      await row.getByRole('link', { name: subject }).click();

      await page.getByRole('heading', { name: subject }).waitFor();
      expect(await page.getByTestId('sender-untrusted').textContent()).toContain('Sender not verified');
      await page.getByRole('button', { name: 'Make an inquiry' }).click();

      // The inquiry: who asked is the From address, the question is the subject and the text.
      await page.getByRole('heading', { name: 'Inquiry from Deniz Aydın' }).waitFor();
      expect(page.url()).toMatch(/\/inquiries\/[0-9a-f-]{36}$/);
      const question = await page.getByTestId('inquiry-question').textContent();
      expect(question).toContain(subject);
      expect(question).toContain('do you deliver to Izmir before the new year?');
      const inquiryPath = new URL(page.url()).pathname;

      // Back on the message: it is an inquiry now, linked, and the buttons are gone (it cannot be made twice).
      await page.goBack();
      await page.getByRole('heading', { name: subject }).waitFor();
      await page.getByRole('link', { name: 'open the inquiry' }).waitFor();
      expect(await page.getByRole('link', { name: 'open the inquiry' }).getAttribute('href')).toBe(inquiryPath);
      expect(await page.locator('[data-outcome]').first().getAttribute('data-outcome')).toBe('inquiry');
      expect(await page.getByRole('button', { name: 'Make an inquiry' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Make a draft' }).count()).toBe(0);
    });

    // One inquiry was made, for that address.
    const inquiries = await s.api.get<{ items: { contact: { email: string | null }; question: string }[] }>('/api/v1/inquiries?limit=100');
    expect(inquiries.body.items.filter((i) => i.question.includes(subject)).map((i) => i.contact.email)).toEqual(['deniz@example.com']);
  });
});
