/**
 * A shop's day, by clicking, on the default settings with nothing configured (no card
 * provider, no mail server): a phone order paid by bank transfer and a web order from the
 * shop on a phone each go placed → confirmed → payment recorded from the panel →
 * fulfilment → shipped → delivered. (Taking the phone order by keyboard, drafts, verify,
 * refunds and the statement preview have their own tests: back-office, drafts-and-edits,
 * verify-page, payments-panel.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sofa: { sku: string; name: string };
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const name = `Day sofa ${uniq('d')}`;
  sofa = { name, sku: (await createProduct(s.api, { name, sku: uniq('SOFA') })).sku };
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const statusOf = async (id: string) => (await s.api.get<{ status: string }>(`/api/v1/orders/${id}`)).body.status;

/** Clicks an action on the order page and its confirming dialog; waits until the order has moved. */
async function act(page: Page, orderId: string, button: string, to: string) {
  await page.getByRole('button', { name: button, exact: true }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => statusOf(orderId), { timeout: 10_000 }).toBe(to);
}

/** From a placed order's page: confirm, record the transfer in the payments panel, start fulfilment, ship, deliver — every step a click. */
async function workTheOrder(page: Page, orderId: string) {
  const panel = page.getByTestId('payments-panel');
  await panel.waitFor();
  // The default policy does not ask to verify: Confirm is the next step.
  await act(page, orderId, 'Confirm', 'confirmed');

  // Held until paid, and the page says so beside the action that resolves it; fulfilment is not offered yet.
  await expect.poll(() => panel.getByTestId('payment-hold').textContent()).toContain('Held until paid');
  await expect.poll(() => page.getByRole('button', { name: 'Start fulfilment' }).count()).toBe(0);
  await panel.getByRole('button', { name: 'Record a payment' }).click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.getByLabel('Method').inputValue()).toBe('bank_transfer');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect.poll(() => panel.getByTestId('payment-state').textContent()).toBe('Paid');

  await act(page, orderId, 'Start fulfilment', 'in_fulfilment');
  // Shipping is done from the shipments panel: a carrier and a tracking number, then the delivery there too.
  const shipments = page.getByTestId('shipments');
  await shipments.getByRole('button', { name: 'Ship…' }).click();
  const shipDialog = page.getByRole('dialog');
  await shipDialog.getByLabel('Carrier').selectOption('DHL');
  await shipDialog.getByLabel('Tracking number').fill('JD0146000123');
  await shipDialog.getByRole('button', { name: 'Ship', exact: true }).click();
  await expect.poll(() => statusOf(orderId), { timeout: 10_000 }).toBe('shipped');
  await expect.poll(() => shipments.getByRole('link', { name: 'Track JD0146000123' }).count()).toBe(1);
  await shipments.getByRole('button', { name: 'Mark delivered' }).click();
  await expect.poll(() => statusOf(orderId), { timeout: 10_000 }).toBe('delivered');
  // The page shows where the order is, and its timeline tells the day.
  await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toMatch(/Delivered/);
}

describe("a shop's day, by clicking, on the default settings", () => {
  it('a phone order paid by bank transfer: placed → confirmed → paid from the panel → fulfilment → shipped → delivered', async () => {
    const placed = await s.api.post<{ id: string; number: string; status: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect(placed.status).toBe(201);
    await inBrowser(browser, 'day phone order', { viewport: { width: 1280, height: 800 } }, async (page) => {
      await page.goto(`${s.url}/orders`);
      await logIn(page);
      await page.getByRole('link', { name: placed.body.number }).click();
      await page.getByRole('heading', { name: new RegExp(placed.body.number) }).first().waitFor();
      await workTheOrder(page, placed.body.id);
    });
    const payments = await s.api.get<{ summary: { state: string }; items: { method: string; status: string }[] }>(`/api/v1/orders/${placed.body.id}/payments`);
    expect(payments.body.summary.state).toBe('paid');
    expect(payments.body.items).toEqual([expect.objectContaining({ method: 'bank_transfer', status: 'captured' })]);
    const types = (await s.api.get<{ items: { type: string }[] }>(`/api/v1/orders/${placed.body.id}/timeline`)).body.items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['placed', 'confirmed', 'shipped', 'delivered']));
  });

  it('a web order from the shop on a phone (390×844) reaches the same end', async () => {
    const email = `${uniq('day')}@example.com`;
    let number = '';
    await inBrowser(browser, 'day shop order', PHONE, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByRole('button', { name: `Add ${sofa.name} to your order` }).click();
      await page.locator('#f-lines-0-fields-fabric').selectOption('linen');
      await page.getByLabel(/^Name/).fill('Grace Hopper');
      await page.getByLabel(/^E-mail/).fill(email);
      await page.getByLabel('Street address').fill('1 Harbour Road');
      await page.getByLabel(/^City/).fill('Portsmouth');
      await page.getByLabel('Country').selectOption('GB');
      await page.getByRole('button', { name: 'Place order' }).click();
      number = (await page.getByTestId('order-number').textContent()) ?? '';
      expect(number).toMatch(/^SO-\d{4}-\d{6}$/);
    });
    const found = await s.api.get<{ items: { id: string; channel: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(email)}`);
    expect(found.body.items.map((o) => o.channel)).toEqual(['web']);
    const id = found.body.items[0]?.id ?? '';
    // With no card provider, the web order's method is one the business can collect: a transfer.
    const terms = await s.api.get<{ terms: { method: string } }>(`/api/v1/orders/${id}/payments`);
    expect(terms.body.terms.method).toBe('bank_transfer');

    await inBrowser(browser, 'day shop order staff', PHONE, async (page) => {
      await page.goto(`${s.url}/orders/${number}`);
      await logIn(page);
      await workTheOrder(page, id);
    });
    expect(await statusOf(id)).toBe('delivered');
  });
});
