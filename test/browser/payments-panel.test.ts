import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sku: string;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  sku = (await createProduct(s.api)).sku;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

type OrderBody = { id: string; number: string; version: number; status: string };

async function confirmedPhoneOrder(): Promise<OrderBody> {
  const placed = await s.api.post<OrderBody>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'linen' } }]));
  expect(placed.status).toBe(201);
  const confirmed = await s.api.post<OrderBody>(`/api/v1/orders/${placed.body.id}/confirm`, {}, { 'if-match': `"${placed.body.version}"` });
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

describe('money on the order page, in a browser', () => {
  it('a phone order paid by bank transfer: the hold is shown with its reason and fulfilment is not offered, the payment is recorded from the panel, and then fulfilment starts', async () => {
    const order = await confirmedPhoneOrder();
    await inBrowser(browser, 'payments panel', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page);
      const panel = page.getByTestId('payments-panel');
      await panel.waitFor();
      expect(await panel.getByTestId('payment-hold').textContent()).toContain('Held until paid');
      expect(await panel.getByTestId('payment-state').textContent()).toBe('Unpaid');

      // Before the money arrives the page does not offer to start fulfilment or ship (the API would refuse: payment_outstanding).
      expect(await page.getByRole('button', { name: 'Start fulfilment' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Ship', exact: true }).count()).toBe(0);

      // Record the transfer: the amount due is prefilled.
      await panel.getByRole('button', { name: 'Record a payment' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.getByLabel('Method').inputValue()).toBe('bank_transfer');
      expect(await dialog.getByLabel(/Amount received/).inputValue()).toBe('1078.80');
      await dialog.getByRole('button', { name: 'Record payment' }).click();
      await expect.poll(() => panel.getByTestId('payment-state').textContent()).toBe('Paid');
      await expect.poll(() => panel.getByTestId('payment-hold').count()).toBe(0);
      expect(await panel.getByTestId('payments-list').textContent()).toContain('Bank transfer');

      await page.getByRole('button', { name: 'Start fulfilment' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Start fulfilment' }).click();
      await expect.poll(() => page.locator('.notice').first().textContent()).toContain('The order is now in fulfilment');
    });
    const after = await s.api.get<{ status: string }>(`/api/v1/orders/${order.id}`);
    expect(after.body.status).toBe('in_fulfilment');
    const payments = await s.api.get<{ summary: { state: string; paidMinor: number }; items: { method: string; status: string }[] }>(`/api/v1/orders/${order.id}/payments`);
    expect(payments.body.summary).toMatchObject({ state: 'paid', paidMinor: 107_880 });
    expect(payments.body.items).toEqual([expect.objectContaining({ method: 'bank_transfer', status: 'captured' })]);
  });

  it('an overpayment is refunded from the panel, partly, with a reason', async () => {
    const order = await confirmedPhoneOrder();
    const paid = await s.api.post(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 117_880, reference: 'too much' });
    expect(paid.status).toBe(201);
    await inBrowser(browser, 'refund from panel', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page);
      const panel = page.getByTestId('payments-panel');
      await expect.poll(() => panel.getByTestId('payment-state').textContent()).toBe('Overpaid');
      await panel.getByRole('button', { name: 'Refund' }).click();
      const dialog = page.getByRole('dialog');
      // The overpaid amount is suggested.
      expect(await dialog.getByLabel(/Amount to refund/).inputValue()).toBe('100.00');
      await dialog.getByRole('button', { name: 'Refund' }).click();
      await expect.poll(() => dialog.getByText('Say why you refund').count()).toBe(1);
      await dialog.getByLabel('Reason').fill('Paid twice the delivery');
      await dialog.getByRole('button', { name: 'Refund' }).click();
      await expect.poll(() => panel.getByTestId('payment-state').textContent()).toBe('Paid');
      await expect.poll(() => panel.getByTestId('refunds-list').textContent()).toContain('Paid twice the delivery');
    });
    const payments = await s.api.get<{ summary: { state: string; overpaidMinor: number }; refunds: { amountMinor: number; status: string }[] }>(`/api/v1/orders/${order.id}/payments`);
    expect(payments.body.summary).toMatchObject({ state: 'paid', overpaidMinor: 0 });
    expect(payments.body.refunds).toEqual([expect.objectContaining({ amountMinor: 10_000, status: 'succeeded' })]);
  });

  it('the money page lists what is unpaid, and a bank statement is previewed (matched, unmatched) before anything is recorded', async () => {
    const order = await confirmedPhoneOrder();
    const terms = await s.api.get<{ terms: { reference: string } }>(`/api/v1/orders/${order.id}/payments`);
    const csv = ['Date;Description;Amount', `2026-11-29;TRANSFER ${terms.body.terms.reference} ADA;1078,80`, '2026-11-29;Unknown payer;55,00'].join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'orderly-')), 'statement.csv');
    writeFileSync(file, csv);
    await inBrowser(browser, 'money page', {}, async (page) => {
      await page.goto(`${s.url}/money`);
      await logIn(page);
      const unpaid = page.getByTestId('unpaid-list');
      await unpaid.waitFor();
      expect(await unpaid.textContent()).toContain(order.number);

      await page.getByRole('tab', { name: 'Bank statement' }).click();
      await page.getByLabel('Statement (CSV)').setInputFiles(file);
      const preview = page.getByTestId('statement-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('1 to record, 0 already recorded, 1 unmatched');
      expect(await preview.textContent()).toContain('Will be recorded');
      expect(await page.getByTestId('statement-unmatched').textContent()).toContain('Unknown payer');
      // The dry run recorded nothing.
      const before = await s.api.get<{ summary: { state: string } }>(`/api/v1/orders/${order.id}/payments`);
      expect(before.body.summary.state).toBe('unpaid');

      await page.getByRole('button', { name: 'Record 1 payment' }).click();
      await expect.poll(() => page.getByTestId('statement-result').textContent()).toContain('Recorded 1 payment(s)');
    });
    const after = await s.api.get<{ summary: { state: string }; items: { method: string; amountMinor: number }[] }>(`/api/v1/orders/${order.id}/payments`);
    expect(after.body.summary.state).toBe('paid');
    expect(after.body.items).toEqual([expect.objectContaining({ method: 'bank_transfer', amountMinor: 107_880 })]);
  });

  it('the warehouse sees no payments panel and no prices (no payments.read, no prices.read): the order\'s lines, the customer\'s orders', async () => {
    const order = await confirmedPhoneOrder();
    const warehouse = await s.as('warehouse');
    await inBrowser(browser, 'warehouse no panel', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page, warehouse.user.email, 'warehouse-password-123');
      await page.getByRole('heading', { name: 'Lines' }).waitFor();
      expect(await page.getByTestId('payments-panel').count()).toBe(0);
      const lines = page.getByRole('table');
      await lines.getByRole('columnheader', { name: 'Qty' }).waitFor();
      expect(await lines.getByRole('columnheader', { name: /Unit|Total/ }).count()).toBe(0);
      expect(await page.getByText('Total', { exact: true }).count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(/€|£|\$/);

      // The customer's page: their orders, without amounts.
      await page.getByRole('link', { name: 'Customers' }).first().click();
      await page.getByRole('table').waitFor();
      await page.getByRole('table').getByRole('link').first().click();
      await page.getByRole('heading', { name: /^Orders/ }).waitFor();
      await page.getByRole('table').getByRole('link').first().waitFor();
      expect(await page.getByRole('columnheader', { name: 'Total' }).count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(/€|£|\$|in total/);
    });
  });
});
