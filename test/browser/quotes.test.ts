/**
 * Quotes in the browser (issue 14): the customer opens the e-mailed quote link on a
 * phone (390×844), reads the lines and the agreed price, and accepts it; the order it
 * becomes is the one staff see. Staff prepare and send a quote from the back office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { address, createProduct, uniq } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

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

describe('the quote page', () => {
  it('the customer opens the quote on a phone and accepts it: it becomes their order, with the same lines and answers', async () => {
    const sofa = await createProduct(s.api, { sku: uniq('SOFA'), name: 'Camelback sofa' });
    const created = await s.api.post<{ id: string; number: string; totals: { grandTotalMinor: number } }>('/api/v1/quotes', {
      customer: { name: 'Grace Hopper', email: `${uniq('grace')}@example.com` },
      lines: [{ sku: sofa.sku, quantity: 2, fields: { fabric: 'velvet' }, agreedUnitPriceMinor: 75_000, agreedPriceReason: 'Two for the price we agreed' }],
      delivery: { method: 'shipping', address },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await s.api.post(`/api/v1/quotes/${created.body.id}/send`, {})).status).toBe(200);
    const [mail] = await smtp.waitFor((m) => m.subject.includes(created.body.number));
    const path = /\/quote\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
    expect(path).toBeTruthy();

    let orderNumber = '';
    await inBrowser(browser, 'quote page', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { name: created.body.number }).waitFor();
      expect(await page.getByText(/Camelback sofa/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/Velvet/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/Two for the price we agreed/).count()).toBe(1);
      expect(await page.getByLabel('Password').count()).toBe(0);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Accept the quote' }).click();
      await expect.poll(() => page.getByTestId('quote-accepted').textContent()).toContain('Your order number is');
      orderNumber = /order number is (\S+?)\.?$/.exec((await page.getByTestId('quote-accepted').locator('p').first().textContent()) ?? '')?.[1] ?? '';
      expect(await page.getByRole('button', { name: 'Accept the quote' }).count()).toBe(0);
      // The link to the new order's page works.
      await page.getByRole('link', { name: 'Follow your order' }).click();
      await page.getByRole('heading', { name: orderNumber }).waitFor();
    });

    const order = await s.api.get<{ lines: { sku: string; quantity: number; unitPriceMinor: number; answers: Record<string, { display: string }> }[] }>(`/api/v1/orders/${orderNumber}`);
    expect(order.status).toBe(200);
    expect(order.body.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor, l.answers.fabric?.display])).toEqual([[sofa.sku, 2, 75_000, 'Velvet']]);

    // Opened again, the page says it is accepted and offers no button.
    await inBrowser(browser, 'quote page again', PHONE, async (page) => {
      await page.goto(`${s.url}${path}`);
      await expect.poll(() => page.getByTestId('quote-accepted').textContent()).toContain(orderNumber);
      await expect.poll(() => page.getByRole('button', { name: 'Accept the quote' }).count()).toBe(0);
    });
  });
});

describe('the back office', () => {
  it('staff prepare a quote in the order form (an agreed price with its reason), send it, and see it in the list', async () => {
    const name = uniq('Wingback chair');
    await createProduct(s.api, { sku: uniq('CHAIR'), name, priceMinor: 40_000 });
    const email = `${uniq('ada')}@example.com`;
    await inBrowser(browser, 'new quote', {}, async (page) => {
      await page.goto(`${s.url}/quotes/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'New quote' }).waitFor();
      await page.keyboard.type('Ada Lovelace');
      await page.getByRole('combobox', { name: 'E-mail' }).fill(email);
      await page.getByRole('combobox', { name: 'Add a product' }).fill(name);
      await page.keyboard.press('Enter');
      await page.locator('#f-lines-0-fields-fabric').selectOption('linen');
      const before = await page.getByTestId('order-total').textContent();
      await page.getByLabel(/agreed unit price/).fill('350');
      await expect.poll(() => page.getByTestId('order-total').textContent()).not.toBe(before);
      await page.getByLabel('Street address').fill('12 Analytical Row');
      await page.getByLabel(/^City/).fill('London');
      await page.getByLabel('Postal code').fill('N1 1AA');
      // An agreed price without its reason: the server says so beside the field.
      await page.getByRole('button', { name: 'Prepare the quote' }).click();
      await expect.poll(() => page.locator('#f-lines-0-agreedPriceReason').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel(/why \(the customer sees it\)/).fill('Trade price');
      await page.getByRole('button', { name: 'Prepare the quote' }).click();
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent()).toMatch(/^Quote Q-\d{4}-\d{4}/);
      const number = ((await heading.textContent()) ?? '').replace('Quote ', '');
      expect(await page.getByText('Trade price').count()).toBe(1);
      await page.getByRole('button', { name: 'Send to the customer' }).click();
      await expect.poll(() => page.getByTestId('quote-state').textContent()).toBe('Sent');
      const [mail] = await smtp.waitFor((m) => m.subject.includes(number));
      expect(mail?.to).toEqual([email]);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quotes' }).click();
      await page.getByRole('link', { name: number }).waitFor();
    });
  });

  it('"Prepare a quote" on an inquiry opens the quote form with its contact and products; the sent quote marks it quoted and is listed on it', async () => {
    const name = uniq('Tuxedo sofa');
    const sofa = await createProduct(s.api, { sku: uniq('SOFA'), name });
    const email = `${uniq('linus')}@example.com`;
    const asked = await s.api.post<{ id: string }>('/api/v1/inquiries', { contact: { name: 'Linus Pauling', email }, channel: 'phone', question: 'The tuxedo sofa in velvet?', products: [{ product: sofa.sku, answers: { fabric: 'velvet' } }] });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    await inBrowser(browser, 'quote from inquiry', {}, async (page) => {
      await page.goto(`${s.url}/inquiries/${asked.body.id}`);
      await logIn(page);
      await page.getByRole('link', { name: 'Prepare a quote' }).click();
      await page.getByRole('heading', { name: 'New quote' }).waitFor();
      await page.getByTestId('quote-from-inquiry').waitFor();
      await expect.poll(() => page.locator('#f-lines-0-fields-fabric').inputValue()).toBe('velvet');
      await expect.poll(() => page.getByRole('combobox', { name: 'E-mail' }).inputValue()).toBe(email);
      await page.getByLabel('Street address').fill('1 Chemistry Lane');
      await page.getByLabel(/^City/).fill('Portland');
      await page.getByLabel('Postal code').fill('97201');
      await page.getByRole('button', { name: 'Prepare the quote' }).click();
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent()).toMatch(/^Quote Q-\d{4}-\d{4}/);
      const number = ((await heading.textContent()) ?? '').replace('Quote ', '');
      await page.getByRole('button', { name: 'Send to the customer' }).click();
      await expect.poll(() => page.getByTestId('quote-state').textContent()).toBe('Sent');
      await page.goto(`${s.url}/inquiries/${asked.body.id}`);
      await expect.poll(() => page.getByTestId('inquiry-quotes').textContent()).toContain(number);
      await expect.poll(() => page.getByTestId('inquiry-timeline').textContent()).toContain('Quote sent');
    });
    expect((await s.api.get<{ state: string }>(`/api/v1/inquiries/${asked.body.id}`)).body.state).toBe('quoted');
  });
});
