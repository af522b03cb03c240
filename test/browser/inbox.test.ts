/**
 * Mail in, in a browser: staff paste a customer's e-mail into the inbox, see the draft it
 * became and open it; a message with HTML shows as text, never as a page; the order page
 * lists the e-mail it came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, uniq } from '../support/factories.ts';
import { DESKTOP, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
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
});
