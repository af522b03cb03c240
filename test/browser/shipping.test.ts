/**
 * A warehouse user ships an order with a carrier and a tracking number from the
 * order page, and the customer's order page shows the tracking link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { DESKTOP, PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('shipping from the order page', () => {
  it('the warehouse ships with UPS and a tracking number; the customer follows the tracking link from their order page', async () => {
    const lamp = await createProduct(s.api, { name: 'Brass floor lamp', initialStock: 5, formFields: [] });
    const placed = await s.api.post<{ id: string; number: string }>('/api/v1/orders', orderBody([{ sku: lamp.sku, quantity: 2 }]));
    expect(placed.status).toBe(201);
    expect((await s.api.request('PUT', `/api/v1/orders/${placed.body.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
    expect((await s.api.post(`/api/v1/orders/${placed.body.id}/confirm`)).status).toBe(200);
    const warehouse = await s.as('warehouse');
    const tracking = '1Z999AA10123456784';
    // An order with a third-party shade, released: its supplier has an open purchase order.
    const supplier = (await s.api.post<{ id: string }>('/api/v1/parties', { kind: 'supplier', name: 'Shade Co' })).body;
    const shade = await createProduct(s.api, { name: 'Linen shade', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [], partyId: supplier.id });
    const shadeOrder = (await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: shade.sku, quantity: 1 }]))).body;
    expect((await s.api.request('PUT', `/api/v1/orders/${shadeOrder.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
    expect((await s.api.post(`/api/v1/orders/${shadeOrder.id}/confirm`)).status).toBe(200);
    expect((await s.api.post(`/api/v1/orders/${shadeOrder.id}/start-fulfilment`)).status).toBe(200);

    await inBrowser(browser, 'warehouse ships', DESKTOP, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page, warehouse.user.email, 'warehouse-password-123');
      await page.goto(`${s.url}/orders/${placed.body.number}`);
      const panel = page.getByTestId('shipments');
      await expect.poll(() => panel.getByTestId('fulfilment-state').textContent()).toBe('Nothing shipped yet');
      await panel.getByRole('button', { name: 'Ship…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Carrier').selectOption('UPS');
      await dialog.getByLabel('Tracking number').fill(tracking);
      await dialog.getByRole('button', { name: 'Ship', exact: true }).click();
      await expect.poll(() => page.getByText('Shipment 1 recorded').count()).toBe(1);
      await expect.poll(() => panel.getByTestId('fulfilment-state').textContent()).toBe('Shipped');
      const link = panel.getByRole('link', { name: `Track ${tracking}` });
      expect(await link.getAttribute('href')).toBe(`https://www.ups.com/track?tracknum=${tracking}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Shipped/);
      // The warehouse's menu has the goods-in screen.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Goods in' }).click();
      await page.getByRole('heading', { name: 'Receive goods' }).waitFor();
      // Receiving two lamps raises the stock; watching the lamp at 10 puts it on the reorder list.
      const receive = page.getByRole('region', { name: 'Receive goods' });
      await receive.getByLabel('Product').selectOption(lamp.sku);
      await receive.getByLabel('Quantity').fill('2');
      await receive.getByRole('button', { name: 'Receive' }).click();
      await expect.poll(() => page.getByTestId('received').textContent()).toMatch(/Received 2 × Brass floor lamp\. On hand 5/);
      const watch = page.getByTestId('watch-stock');
      await watch.getByLabel('Product').selectOption(lamp.sku);
      await watch.getByLabel('Reorder at (available units)').fill('10');
      await watch.getByRole('button', { name: 'Set threshold' }).click();
      await expect.poll(() => page.getByTestId('reorder-list').textContent()).toContain(lamp.sku);
      // A third-party shade is received against its supplier's open purchase order, picked from the list: that order is then done.
      await receive.getByLabel('Product').selectOption(shade.sku);
      await expect.poll(() => receive.getByLabel('Against purchase order').locator('option').count()).toBe(2);
      await receive.getByLabel('Against purchase order').selectOption({ index: 1 });
      await receive.getByLabel('Quantity').fill('1');
      await receive.getByRole('button', { name: 'Receive' }).click();
      await expect.poll(() => page.getByTestId('received').textContent()).toMatch(/Received 1 × Linen shade against the purchase order, which is now fully received \(done\)\. It is for that order, not stock\./);
    });
    const po = (await s.api.get<{ items: { kind: string; state: string }[] }>(`/api/v1/orders/${shadeOrder.id}/work-items`)).body.items.find((i) => i.kind === 'purchase_order');
    expect(po?.state).toBe('done');

    const link = await s.api.post<{ path: string }>(`/api/v1/orders/${placed.body.id}/access-links`, { purpose: 'order_status' });
    expect(link.status).toBe(201);
    await inBrowser(browser, 'customer tracks', PHONE, async (page) => {
      await page.goto(`${s.url}${link.body.path}`);
      const shipments = page.getByTestId('customer-shipments');
      await shipments.waitFor();
      const track = shipments.getByRole('link', { name: 'Track the parcel' });
      expect(await track.getAttribute('href')).toBe(`https://www.ups.com/track?tracknum=${tracking}`);
      expect(await shipments.textContent()).toContain('2 × Brass floor lamp');
    });
  });
});
