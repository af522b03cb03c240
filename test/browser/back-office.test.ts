import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the back office, in a browser', () => {
  it('a clerk takes a two-line phone order from the keyboard: sees the fabric error beside the field, fixes it, places it and sees the number', async () => {
    const sofaName = `Chesterfield ${uniq('s')}`;
    const chairName = `Bentwood chair ${uniq('c')}`;
    await createProduct(s.api, { name: sofaName, sku: uniq('SOFA') });
    await createProduct(s.api, {
      name: chairName,
      sku: uniq('CHAIR'),
      priceMinor: 12_900,
      formFields: [{ key: 'seat', label: 'Seat', type: 'select', required: true, options: [{ value: 'wood', label: 'Wood', priceDeltaMinor: 0 }, { value: 'cane', label: 'Cane', priceDeltaMinor: 1_500 }] }],
    });

    await inBrowser(browser, 'phone order', {}, async (page) => {
      await page.goto(`${s.url}/orders/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      const started = Date.now();

      // Customer: typed into the name box (which has the focus), phone, e-mail.
      await page.keyboard.type('Ada Lovelace');
      await page.getByRole('combobox', { name: 'Phone' }).fill('+44 20 7946 0000');
      await page.getByRole('combobox', { name: 'E-mail' }).fill(`${uniq('ada')}@example.com`);

      // Two lines, by name, with the keyboard: type, Enter.
      const add = page.getByRole('combobox', { name: 'Add a product' });
      await add.fill(sofaName.slice(0, 12));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('f-lines-0-fields-fabric');
      await add.fill(chairName.slice(0, 10));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('f-lines-1-fields-seat');
      await page.keyboard.press('ArrowDown'); // Seat: Wood
      await page.getByLabel('Quantity').nth(1).fill('4');

      await page.getByLabel('Street address').fill('12 Analytical Row');
      await page.getByLabel(/^City/).fill('London');
      await page.getByLabel('Postal code').fill('N1 1AA');

      // Placed without a fabric: the server's 422 names the field; it is shown beside it and gets the focus.
      await page.getByRole('button', { name: 'Place order' }).click();
      const fabric = page.locator('#f-lines-0-fields-fabric');
      await expect.poll(() => fabric.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.locator('#f-lines-0-fields-fabric-error').textContent()).toBe('Fabric is required');
      expect(await page.getByRole('alert').first().textContent()).toContain('Fabric is required');
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('f-lines-0-fields-fabric');

      // Velvet costs 120.00 more; the total follows live.
      const before = await page.getByTestId('order-total').textContent();
      await fabric.selectOption('velvet');
      await expect.poll(() => page.getByTestId('order-total').textContent()).not.toBe(before);
      // The expected completion date is shown before the order is placed, and is the date the order gets.
      const expected = page.getByTestId('expected-date').locator('dd');
      await expect.poll(() => expected.count()).toBe(1);
      const shownDate = (await expected.textContent()) ?? '';
      expect(shownDate).toMatch(/\d/);
      await page.getByRole('button', { name: 'Place order' }).click();

      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent()).toMatch(/^Order SO-\d{4}-\d{6}/);
      const number = /SO-\d{4}-\d{6}/.exec((await heading.textContent()) ?? '')?.[0];
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(await page.locator('.notice').first().textContent()).toContain(`Order ${number} placed`);
      expect(await page.getByText('Fabric: Velvet').count()).toBe(1);
      expect(await page.locator('dd', { hasText: shownDate }).count()).toBeGreaterThan(0);

      const order = await s.api.get<{ lines: { quantity: number; answers: Record<string, { value: unknown }> }[]; channel: string }>(`/api/v1/orders/${number}`);
      expect(order.status).toBe(200);
      expect(order.body.channel).toBe('phone');
      expect(order.body.lines.map((l) => [l.quantity, Object.values(l.answers).map((a) => a.value)])).toEqual([
        [1, ['velvet']],
        [4, ['wood']],
      ]);
    });
  });

  it('staff cancel an order from its page, giving a reason, and see it on the timeline', async () => {
    const sofa = await createProduct(s.api, { name: `Sofa ${uniq('x')}` });
    const placed = await s.api.post<{ number: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { name: 'Grace Hopper', email: `${uniq('grace')}@example.com` } }));
    expect(placed.status).toBe(201);

    await inBrowser(browser, 'cancel order', {}, async (page) => {
      await page.goto(`${s.url}/orders`);
      await logIn(page);
      await page.getByRole('link', { name: placed.body.number }).click();
      await page.getByRole('heading', { name: `Order ${placed.body.number}` }).waitFor();

      // Only what a placed order allows: no "Mark shipped" yet (a delay may be recorded at any time before shipping).
      const actions = page.getByRole('group', { name: 'Actions' });
      expect(await actions.getByRole('button').allTextContents()).toEqual(['Verify', 'Confirm', 'Put on hold', 'Cancel order', 'Change order', 'Record a delay']);

      await actions.getByRole('button', { name: 'Cancel order' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Cancel order' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Say why');
      await dialog.getByLabel('Reason').fill('The customer found a cheaper sofa');
      await dialog.getByRole('button', { name: 'Cancel order' }).click();

      await page.getByText('The order is now cancelled').waitFor();
      expect(await page.locator('h1 .badge').textContent()).toBe('Cancelled');
      const timeline = page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Reason: The customer found a cheaper sofa').waitFor();
      expect(await timeline.locator('li').first().textContent()).toContain('Placed → Cancelled');
      expect(await actions.count()).toBe(0);
    });
  });

  it("a storefront order with a known customer's e-mail shows the possible match; staff say it is the same person", async () => {
    const sofa = await createProduct(s.api, { name: `Sofa ${uniq('x')}` });
    const email = `${uniq('james')}@whitfield.example`;
    const james = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'James Whitfield', email, phone: '+44 20 7946 0123' });
    const { channel: _c, ...body } = orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { name: 'J Whitfield', email } });
    const placed = await s.anon.post<{ number: string }>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
    expect(placed.status).toBe(201);

    await inBrowser(browser, 'customer match', {}, async (page) => {
      await page.goto(`${s.url}/orders/${placed.body.number}`);
      await logIn(page);
      const customer = page.getByRole('region', { name: 'Customer' });
      const note = customer.getByRole('note');
      await note.getByRole('link', { name: 'James Whitfield' }).waitFor();
      expect(await customer.getByRole('link', { name: 'J Whitfield' }).count()).toBe(0);
      await note.getByRole('button', { name: 'Same person: file under them' }).click();
      await page.getByText('The order is filed under the existing customer.').waitFor();
      expect(await customer.getByRole('link', { name: 'J Whitfield' }).getAttribute('href')).toBe(`/customers/${james.body.id}`);
      expect(await customer.getByRole('note').count()).toBe(0);
    });
  });

  it('a returning customer found by the phone number as spoken: focus goes to the products, their previous address fills the delivery, the country is a list', async () => {
    const sofa = await createProduct(s.api, { name: `Loveseat ${uniq('l')}` });
    const phone = `+4477009${String(Date.now()).slice(-5)}`;
    const c = await s.api.post<{ id: string; name: string }>('/api/v1/customers', { name: `Returning ${uniq('r')}`, phone, email: `${uniq('ret')}@example.com` });
    expect(c.status).toBe(201);
    const earlier = { line1: '7 Orchard Way', city: 'Bath', postalCode: 'BA1 1AA', country: 'GB' };
    const o = await s.api.post('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { id: c.body.id }, delivery: { method: 'shipping', address: earlier } }));
    expect(o.status).toBe(201);

    await inBrowser(browser, 'returning customer', {}, async (page) => {
      await page.goto(`${s.url}/orders/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      // The country is a list, defaulting to the business's country.
      expect(await page.getByLabel('Country').evaluate((el) => el.tagName)).toBe('SELECT');
      expect(await page.getByLabel('Country').inputValue()).toBe('GB');

      await page.getByRole('combobox', { name: 'Phone' }).fill(`0${phone.slice(3, 7)} ${phone.slice(7)}`);
      await page.getByRole('option', { name: new RegExp(c.body.name) }).click();
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('add-product');

      await page.getByLabel('Previous addresses').selectOption({ label: '7 Orchard Way, Bath, BA1 1AA, GB' });
      expect(await page.getByLabel('Street address').inputValue()).toBe('7 Orchard Way');
      expect(await page.getByLabel(/^City/).inputValue()).toBe('Bath');

      await page.getByRole('combobox', { name: 'Add a product' }).fill(sofa.sku);
      await page.keyboard.press('Enter');
      await page.locator('#f-lines-0-fields-fabric').selectOption('linen');
      await page.getByRole('button', { name: 'Place order' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Order SO-/);
    });
    const orders = await s.api.get<{ items: { id: string }[] }>(`/api/v1/customers/${c.body.id}/orders`);
    expect(orders.body.items).toHaveLength(2);
    const newest = await s.api.get<{ delivery: { address: Record<string, string> } }>(`/api/v1/orders/${orders.body.items[0]!.id}`);
    expect(newest.body.delivery.address).toMatchObject(earlier);
  });

  it('printing an order page prints the order: lines and totals, not the menu, buttons or forms', async () => {
    const sofaName = `Print sofa ${uniq('p')}`;
    const sofa = await createProduct(s.api, { name: sofaName });
    const placed = await s.api.post<{ id: string; number: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect(placed.status).toBe(201);
    await inBrowser(browser, 'print order', {}, async (page) => {
      await page.goto(`${s.url}/orders/${placed.body.id}`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Lines' }).waitFor();
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      expect(await page.getByRole('group', { name: 'Actions' }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Add note' }).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: new RegExp(placed.body.number) }).isVisible()).toBe(true);
      expect(await page.getByText(sofaName).first().isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    });
  });
});
