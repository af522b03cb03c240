/**
 * In a browser: the order page links its documents and issues and cancels the invoice;
 * the warehouse sees the pick list but no invoices; the owner adds a webhook endpoint
 * (its secret shown once), disables it, and sees the delivery log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sku: string;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer({}, { ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }), launchBrowser()]);
  sku = (await createProduct(s.api, { name: 'Chesterfield Sofa' })).sku;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

type OrderBody = { id: string; number: string; version: number };

async function confirmedOrder(): Promise<OrderBody> {
  const placed = await s.api.post<OrderBody>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'velvet' } }]));
  expect(placed.status).toBe(201);
  const confirmed = await s.api.post<OrderBody>(`/api/v1/orders/${placed.body.id}/confirm`, {});
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

describe('documents and invoices on the order page', () => {
  it('the owner opens the pick list, issues the invoice and cancels it with a credit note', async () => {
    const order = await confirmedOrder();
    await inBrowser(browser, 'documents panel', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page);
      const panel = page.getByTestId('documents-panel');
      await panel.waitFor();
      // The link opens the printable pick list with the order and its answers.
      const href = await panel.getByRole('link', { name: 'Pick list (printable page)' }).getAttribute('href');
      expect(href).toBe(`/api/v1/orders/${order.id}/documents/pick-list.html`);
      const printable = await page.context().newPage();
      await printable.goto(`${s.url}${href}`);
      expect(await printable.locator('h1').textContent()).toBe('Pick list');
      expect(await printable.locator('body').textContent()).toContain(order.number);
      expect(await printable.locator('body').textContent()).toContain('Fabric: Velvet');
      await printable.close();
      expect(await panel.getByRole('link', { name: 'Purchase order (PDF)' }).count()).toBe(0);

      await panel.getByRole('button', { name: 'Issue invoice' }).click();
      await expect.poll(() => panel.getByTestId('invoices').textContent()).toMatch(/Invoice \d{4}-\d{6}/);
      // The "issued" message shows before the list reloads: wait for the list to know the live invoice.
      await expect.poll(() => panel.getByRole('button', { name: 'Issue invoice' }).count()).toBe(0);
      await panel.getByRole('button', { name: 'Cancel…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('Billed to the wrong company');
      await dialog.getByRole('button', { name: 'Issue credit note' }).click();
      await expect.poll(() => panel.getByTestId('invoices').textContent()).toMatch(/Credit note CN-\d{4}-000001/);
      await expect.poll(() => panel.getByTestId('invoices').textContent()).toContain('cancelled: Billed to the wrong company');
      // A new invoice may be issued now.
      await expect.poll(() => panel.getByRole('button', { name: 'Issue invoice' }).count()).toBe(1);
    });
  });

  it('the warehouse sees the pick list and delivery note, but no invoices', async () => {
    const order = await confirmedOrder();
    const email = `wh-${process.pid}@orderly.test`;
    expect((await s.api.post('/api/v1/users', { email, name: 'Wren Warehouse', role: 'warehouse', password: 'warehouse-password-1' })).status).toBe(201);
    await inBrowser(browser, 'documents for the warehouse', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page, email, 'warehouse-password-1');
      const panel = page.getByTestId('documents-panel');
      await panel.waitFor();
      expect(await panel.getByRole('link', { name: 'Delivery note (PDF)' }).count()).toBe(1);
      expect(await panel.getByTestId('invoices').count()).toBe(0);
    });
  });
});

describe('webhooks in the settings', () => {
  it('the owner adds an endpoint (secret shown once), disables it, and sees the log', async () => {
    await inBrowser(browser, 'webhooks settings', {}, async (page) => {
      await page.goto(`${s.url}/settings?tab=webhooks`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
      await page.getByLabel('URL').fill('ftp://example.com');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await expect.poll(() => page.locator('.error-summary').textContent()).toContain('https');

      await page.getByLabel('URL').fill('http://127.0.0.1:9/orderly');
      await page.getByLabel('Order placed').uncheck();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = page.getByTestId('new-webhook-secret');
      await secret.waitFor();
      expect(await secret.getByLabel('The signing secret').inputValue()).toMatch(/^whsec_/);
      expect(await page.getByTestId('webhook-endpoints').textContent()).toContain('order.confirmed');
      expect(await page.getByTestId('webhook-endpoints').textContent()).not.toContain('order.placed');
      await secret.getByRole('button', { name: 'I have copied it' }).click();
      await expect.poll(() => page.getByTestId('new-webhook-secret').count()).toBe(0);

      await page.getByRole('button', { name: 'Disable http://127.0.0.1:9/orderly' }).click();
      await expect.poll(() => page.getByTestId('webhook-endpoints').textContent()).toContain('Disabled');
      await expect.poll(() => page.getByRole('heading', { name: 'Delivery log' }).count()).toBe(1);
    });
  });
});
