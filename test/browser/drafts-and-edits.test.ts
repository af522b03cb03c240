import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { address, createProduct, orderBody, uniq } from '../support/factories.ts';
import { inBrowser, launchBrowser, logIn } from '../support/browser.ts';

type Order = { id: string; number: string | null; status: string; version: number; notes: string; customer: { name?: string } | null; lines: { sku: string; quantity: number; answers: Record<string, { value: unknown }> }[]; delivery: { method: string; address?: { line1: string; city: string } } };

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function addProduct(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Add a product' }).fill(name.slice(0, 14));
  await page.keyboard.press('Enter');
  await page.getByRole('listitem', { name: new RegExp(`: ${name}$`) }).waitFor();
}

describe('drafts and edits, in a browser', () => {
  it('a draft is saved, reopened with what was saved and what is missing beside the fields, completed and placed', async () => {
    const name = `Draft sofa ${uniq('d')}`;
    const sofa = await createProduct(s.api, { name, initialStock: 5 });
    await inBrowser(browser, 'draft saved and placed', {}, async (page) => {
      await page.goto(`${s.url}/orders/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      await page.keyboard.type('Mary Shelley');
      await addProduct(page, name);
      await page.getByLabel('Quantity').fill('2');
      await page.getByRole('button', { name: 'Save as draft' }).click();

      // The draft opens in the order form with the customer and the line that were saved.
      await page.getByRole('heading', { name: 'Draft order' }).waitFor();
      const draftUrl = page.url();
      expect(await page.getByRole('combobox', { name: /^Name/ }).inputValue()).toBe('Mary Shelley');
      expect(await page.getByRole('listitem', { name: `Line 1: ${name}` }).count()).toBe(1);
      expect(await page.getByLabel('Quantity').inputValue()).toBe('2');
      // What is missing sits beside its field: the fabric, and the address for shipping.
      await page.locator('#f-lines-0-fields-fabric[aria-invalid="true"]').waitFor();
      expect(await page.locator('.error-summary').textContent()).toContain('Fabric is required');

      // Reopened later (from the list, after a reload), it still holds what was saved.
      await page.goto(`${s.url}/orders`);
      await page.goto(draftUrl);
      await page.getByRole('heading', { name: 'Draft order' }).waitFor();
      expect(await page.getByRole('combobox', { name: /^Name/ }).inputValue()).toBe('Mary Shelley');
      expect(await page.getByLabel('Quantity').inputValue()).toBe('2');

      // Completed here and placed from here.
      await page.locator('#f-lines-0-fields-fabric').selectOption('velvet');
      await page.locator('#f-delivery-method').selectOption('pickup');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByRole('heading', { name: /^Order SO-/ }).waitFor();
      await page.getByText(/Order SO-\S+ placed/).waitFor();
    });
    const orders = await s.api.get<{ items: { id: string; status: string; customerName: string | null }[] }>(`/api/v1/orders?q=${encodeURIComponent('Mary Shelley')}`);
    const placed = orders.body.items.find((o) => o.customerName === 'Mary Shelley');
    expect(placed?.status).toBe('placed');
    const full = await s.api.get<Order>(`/api/v1/orders/${placed?.id}`);
    expect(full.body.lines.map((l) => [l.sku, l.quantity, l.answers.fabric?.value])).toEqual([[sofa.sku, 2, 'velvet']]);
    expect(full.body.delivery.method).toBe('pickup');
  });

  it("a confirmed order's delivery is changed in the order form; its lines stay fixed", async () => {
    const sofa = await createProduct(s.api, { name: `Edit sofa ${uniq('e')}` });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { delivery: { method: 'shipping', address } }));
    const confirmed = await s.api.post<Order>(`/api/v1/orders/${o.body.id}/confirm`, {}, { 'if-match': `"${o.body.version}"` });
    expect(confirmed.status).toBe(200);
    await inBrowser(browser, 'edit delivery', {}, async (page) => {
      await page.goto(`${s.url}/orders/${o.body.number}`);
      await logIn(page);
      await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Change delivery or notes' }).click();
      await page.getByRole('heading', { name: `Change order ${o.body.number}` }).waitFor();
      expect(await page.getByLabel('Quantity').isDisabled()).toBe(true);
      expect(await page.getByRole('combobox', { name: 'Add a product' }).count()).toBe(0);
      await page.getByLabel('Street address').fill('22 Baker Street');
      await page.getByLabel('Delivery instructions').fill('Side door');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes saved.').waitFor();
      await page.getByText('22 Baker Street, London').waitFor();
    });
    const after = await s.api.get<Order>(`/api/v1/orders/${o.body.id}`);
    expect(after.body.delivery).toMatchObject({ method: 'shipping', address: { line1: '22 Baker Street', city: 'London' }, instructions: 'Side door' });
    expect(after.body.status).toBe('confirmed');
    expect(after.body.lines.map((l) => l.quantity)).toEqual([1]);
  });

  it('an edit made stale by someone else shows a warning that offers to reload, not a success message', async () => {
    const sofa = await createProduct(s.api, { name: `Stale sofa ${uniq('t')}` });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    await inBrowser(browser, 'stale edit', {}, async (page) => {
      await page.goto(`${s.url}/orders/${o.body.number}/edit`);
      await logIn(page);
      await page.getByRole('heading', { name: `Change order ${o.body.number}` }).waitFor();
      // Meanwhile a colleague changes the notes.
      const other = await s.api.patch<Order>(`/api/v1/orders/${o.body.id}`, { notes: 'Colleague: call first' }, { 'if-match': `"${o.body.version}"` });
      expect(other.status).toBe(200);

      await page.getByLabel('Notes for the team').fill('Mine: leave at the door');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const warning = page.getByTestId('stale-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('Someone else changed this order');
      expect(await warning.evaluate((el) => el.classList.contains('warn'))).toBe(true);
      expect(await page.getByText('Changes saved.').count()).toBe(0);

      await warning.getByRole('button', { name: 'Reload the order' }).click();
      await page.getByRole('heading', { name: `Change order ${o.body.number}` }).waitFor();
      await expect.poll(() => page.getByLabel('Notes for the team').inputValue()).toBe('Colleague: call first');
    });
    expect((await s.api.get<Order>(`/api/v1/orders/${o.body.id}`)).body.notes).toBe('Colleague: call first');
  });

  it('a command given on a stale order page shows the reload warning, and the reload shows the order as it is', async () => {
    const sofa = await createProduct(s.api, { name: `Stale confirm ${uniq('c')}` });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    await inBrowser(browser, 'stale command', {}, async (page) => {
      await page.goto(`${s.url}/orders/${o.body.number}`);
      await logIn(page);
      await page.getByRole('heading', { name: `Order ${o.body.number}` }).waitFor();
      const other = await s.api.patch<Order>(`/api/v1/orders/${o.body.id}`, { notes: 'Colleague was here' }, { 'if-match': `"${o.body.version}"` });
      expect(other.status).toBe(200);
      await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      const warning = page.getByTestId('stale-warning');
      await warning.waitFor();
      expect(await page.locator('p.notice:not(.warn)').count()).toBe(0);
      await warning.getByRole('button', { name: 'Reload the order' }).click();
      await page.getByText('Colleague was here').waitFor();
      expect(await page.getByTestId('stale-warning').count()).toBe(0);
      expect(await page.locator('h1 .badge').textContent()).toBe('Placed');
    });
  });

  it('the order form survives a reload and a click on the menu, and warns before the page is left', async () => {
    const name = `Kept sofa ${uniq('k')}`;
    await createProduct(s.api, { name });
    await inBrowser(browser, 'form survives reload', {}, async (page) => {
      await page.goto(`${s.url}/orders/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      await page.keyboard.type('Ada Byron');
      await addProduct(page, name);
      await page.locator('#f-lines-0-fields-fabric').selectOption('velvet');
      await page.getByLabel('Notes for the team').fill('Gift wrap');

      // Leaving with unsaved changes asks first (the browser's own dialog).
      let asked = false;
      page.once('dialog', (d) => {
        asked = d.type() === 'beforeunload';
        void d.accept();
      });
      await page.reload();
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      expect(asked).toBe(true);
      await page.getByText('Restored what you were typing').waitFor();
      expect(await page.getByRole('combobox', { name: /^Name/ }).inputValue()).toBe('Ada Byron');
      expect(await page.locator('#f-lines-0-fields-fabric').inputValue()).toBe('velvet');
      expect(await page.getByLabel('Notes for the team').inputValue()).toBe('Gift wrap');

      // A click on the menu and back.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Take an order' }).click();
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      expect(await page.getByRole('listitem', { name: `Line 1: ${name}` }).count()).toBe(1);
      expect(await page.getByLabel('Notes for the team').inputValue()).toBe('Gift wrap');

      // "Start over" forgets it.
      await page.getByRole('button', { name: 'Start over' }).click();
      await expect.poll(() => page.getByLabel('Notes for the team').inputValue()).toBe('');
      await page.reload();
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      expect(await page.getByRole('listitem', { name: `Line 1: ${name}` }).count()).toBe(0);
    });
  });
});
