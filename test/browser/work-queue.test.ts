/**
 * The warehouse's day, in a browser: a warehouse user logs in, sees "To pick and
 * pack" on their first page and in their menu, opens the queue (earliest due
 * first) and starts then completes the pick-and-pack item of a released order.
 * The order page shows the item's new state. Also: the shop shows the expected
 * date before the shopper submits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { DESKTOP, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sku: string;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const settings = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
  await s.api.patch('/api/v1/settings', { payments: { ...settings.body.payments, holdUntilPaid: [] } });
  sku = (await createProduct(s.api, { sku: uniq('SOFA') })).sku;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

type OrderBody = { id: string; number: string; expectedCompletionDate: string };

describe('the warehouse queue, in a browser', () => {
  it('a warehouse user opens "To pick and pack", starts and completes the item; the order page shows it done', async () => {
    const placed = await s.api.post<OrderBody>('/api/v1/orders', orderBody([{ sku, quantity: 2, fields: { fabric: 'velvet', colour: 'Moss green' } }]));
    expect(placed.status).toBe(201);
    expect((await s.api.post(`/api/v1/orders/${placed.body.id}/confirm`)).status).toBe(200);
    expect((await s.api.post(`/api/v1/orders/${placed.body.id}/start-fulfilment`)).status).toBe(200);
    const password = 'warehouse-password-123';
    const email = `${uniq('picker')}@orderly.test`;
    expect((await s.api.post('/api/v1/users', { email, name: 'Pat Picker', role: 'warehouse', password })).status).toBe(201);

    await inBrowser(browser, 'warehouse queue', DESKTOP, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page, email, password);
      // The first page counts the queue; the menu opens it.
      await expect.poll(() => page.getByTestId('count-pick-pack').textContent()).toContain('1');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'To pick and pack' }).click();
      await page.getByRole('heading', { name: 'To pick and pack' }).waitFor();
      const row = page.getByTestId('work-item-pick_pack').filter({ hasText: placed.body.number });
      await row.waitFor();
      expect(await row.textContent()).toContain('2 × Sofa');
      expect(await row.textContent()).toContain('Fabric: Velvet');
      expect(await row.getByTestId('work-state').textContent()).toBe('To do');
      // Warehouse work only: no accounts item is offered to them.
      expect(await page.getByTestId('work-item-invoice_collect').count()).toBe(0);

      await row.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => row.getByTestId('work-state').textContent()).toBe('In progress');
      await row.getByRole('button', { name: 'Mark done' }).click();
      // Done work leaves the queue of open items.
      await expect.poll(() => page.getByTestId('work-item-pick_pack').filter({ hasText: placed.body.number }).count()).toBe(0);

      await page.goto(`${s.url}/orders/${placed.body.number}`);
      const panel = page.getByRole('region', { name: 'Work items' });
      await panel.waitFor();
      await expect.poll(() => panel.getByTestId('work-item-pick_pack').getByTestId('work-state').textContent()).toBe('Done');
      await expect.poll(() => panel.getByTestId('work-item-invoice_collect').getByTestId('work-state').textContent()).toBe('To do');
    });
  });

  it('the shop shows the expected date before the shopper submits', async () => {
    const expected = (await s.anon.post<{ expectedCompletionDate: string }>('/api/v1/public/expected-completion', { lines: [{ sku, quantity: 1 }] })).body.expectedCompletionDate;
    await inBrowser(browser, 'shop expected date', DESKTOP, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByRole('button', { name: /Add/ }).first().click();
      const shown = page.getByTestId('expected-date');
      await shown.waitFor();
      const [y, m, d] = expected.split('-').map(Number);
      expect(await shown.textContent()).toContain(String(d));
      expect(await shown.textContent()).toContain(String(y));
      expect(m).toBeGreaterThan(0);
    });
  });
});

describe('parties and the working calendar, in a browser', () => {
  it('the owner adds a supplier (a bad webhook address is named beside its field), edits it, a product names it, and closed dates are set', async () => {
    const name = `Lamp Co ${uniq('x')}`;
    await inBrowser(browser, 'parties', DESKTOP, async (page) => {
      await page.goto(`${s.url}/parties`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Parties' }).waitFor();
      // The built-in parties are there from the start.
      expect(await page.getByRole('table').textContent()).toContain('Accounts receivable');
      await page.getByRole('button', { name: 'Add a supplier or manufacturer' }).click();
      await page.getByLabel(/^Name/).fill(name);
      await page.getByLabel('Contact e-mail').fill('sales@lampco.example');
      await page.getByLabel('Default lead time (working days)').fill('4');
      await page.getByLabel('Webhook address (optional)').fill('http://lampco.example/hook');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const webhook = page.getByLabel('Webhook address (optional)');
      await expect.poll(() => webhook.getAttribute('aria-invalid')).toBe('true');
      await webhook.fill('https://lampco.example/hook');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: name });
      await row.waitFor();
      expect(await row.textContent()).toContain('4 working days');
      await row.getByRole('button', { name: `Edit ${name}` }).click();
      await page.getByLabel('Phone').fill('+44 20 7946 0300');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => row.textContent()).toContain('+44 20 7946 0300');

      // A product names it as its supplier.
      const lamp = await createProduct(s.api, { sku: uniq('LAMP'), name: 'Lamp', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [] });
      await page.goto(`${s.url}/catalog/${lamp.id}`);
      const maker = page.getByLabel('Made or supplied by');
      await maker.waitFor();
      await maker.selectOption({ label: `${name} (supplier)` });
      await page.getByRole('button', { name: /^Save/ }).first().click();
      await expect.poll(async () => (await s.api.get<{ partyId: string | null }>(`/api/v1/products/${lamp.id}`)).body.partyId).not.toBeNull();

      // Settings → Working days: a closed date is saved; a nonsense one is named.
      await page.goto(`${s.url}/settings?tab=calendar`);
      const closed = page.getByLabel('Closed dates');
      await closed.fill('2026-13-45');
      await page.getByRole('button', { name: 'Save working days' }).click();
      await expect.poll(() => closed.getAttribute('aria-invalid')).toBe('true');
      await closed.fill('2026-12-25\n2026-12-26');
      await page.getByRole('button', { name: 'Save working days' }).click();
      await expect.poll(async () => (await s.api.get<{ calendar: { closedDates: string[] } }>('/api/v1/settings')).body.calendar.closedDates).toEqual(['2026-12-25', '2026-12-26']);
    });
  });
});
