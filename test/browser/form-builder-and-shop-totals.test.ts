import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { address, createProduct, uniq } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

type Product = { id: string; version: number; formFields: Record<string, unknown>[] };

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const settings = await s.api.get<{ version: number }>('/api/v1/settings');
  const patched = await s.api.patch('/api/v1/settings', { deliveryFeesMinor: { shipping: 4_900, pickup: 0, local_delivery: 2_500 }, deliveryTaxRateBp: 2000 }, { 'if-match': `"${settings.body.version}"` });
  expect(patched.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const addDays = (days: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('the form builder and the shop, in a browser', () => {
  it("a product's pattern, lengths, date bounds and 'is any of' conditions survive the builder: saved through the UI, the API gives them back unchanged", async () => {
    const formFields = [
      { key: 'finish', label: 'Finish', type: 'select', required: true, options: [{ value: 'oak', label: 'Oak', priceDeltaMinor: 0 }, { value: 'ash', label: 'Ash', priceDeltaMinor: 0 }, { value: 'walnut', label: 'Walnut', priceDeltaMinor: 4_000 }] },
      { key: 'code', label: 'Paint code', type: 'text', required: false, pattern: 'RAL ?\\d{4}', minLength: 7, maxLength: 8, shownWhen: { field: 'finish', in: ['oak', 'ash'] } },
      { key: 'fit', label: 'Fitting day', type: 'date', required: false, min: 2, max: 60 },
      { key: 'engraving', label: 'Engraving', type: 'text', required: false, maxLength: 40, requiredWhen: { field: 'finish', in: ['walnut'] } },
    ];
    const created = await createProduct(s.api, { name: `Wardrobe ${uniq('w')}`, formFields });
    const before = await s.api.get<Product>(`/api/v1/products/${created.id}`);
    expect(before.body.formFields).toEqual(formFields);

    await inBrowser(browser, 'builder round trip', {}, async (page) => {
      await page.goto(`${s.url}/catalog/${created.id}`);
      await logIn(page);
      await page.getByRole('group', { name: /^Field 2/ }).waitFor();
      // An edit elsewhere on the product: the price.
      await page.locator('#f-priceMinor').fill('1200');
      // A new field, shown when the finish is any of oak or walnut, at least 3 characters.
      await page.getByRole('button', { name: '+ Add field' }).click();
      const note = page.getByRole('group', { name: /^Field 5/ });
      await note.getByLabel(/^Label/).fill('Gift note');
      await note.getByLabel('Type').selectOption('text');
      await note.getByLabel('Shortest (characters)').fill('3');
      await note.getByLabel('Show only when…').selectOption('finish');
      await note.getByLabel('…when it').first().selectOption('in');
      await note.getByRole('group', { name: '…any of' }).getByLabel('Oak').check();
      await note.getByRole('group', { name: '…any of' }).getByLabel('Walnut').check();
      await page.getByRole('button', { name: 'Save product' }).click();
      await page.getByText(/^Saved Wardrobe/).waitFor();
    });

    const after = await s.api.get<Product & { priceMinor: number }>(`/api/v1/products/${created.id}`);
    expect(after.body.priceMinor).toBe(120_000);
    expect(after.body.formFields).toEqual([
      ...formFields,
      { key: 'gift_note', label: 'Gift note', type: 'text', required: false, minLength: 3, shownWhen: { field: 'finish', in: ['oak', 'walnut'] } },
    ]);
  });

  it("the shop's date field offers only the days the server accepts, and its estimated total includes the tax on delivery — the total the order gets", async () => {
    const name = `Bookcase ${uniq('b')}`;
    await createProduct(s.api, {
      name,
      priceMinor: 10_000,
      taxRateBp: 2000,
      formFields: [{ key: 'fit', label: 'Fitting day', type: 'date', required: true, min: 2, max: 60 }],
    });
    const email = `${uniq('shop')}@example.com`;
    await inBrowser(browser, 'shop totals', PHONE, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByRole('button', { name: `Add ${name} to your order` }).click();
      const fit = page.locator('#f-lines-0-fields-fit');
      expect(await fit.getAttribute('min')).toBe(addDays(2));
      expect(await fit.getAttribute('max')).toBe(addDays(60));

      // A day too early is refused by the server, beside the field.
      await fit.fill(addDays(1));
      await page.getByLabel(/^Name/).fill('Nil Demir');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Street address').fill(address.line1);
      await page.getByLabel(/^City/).fill(address.city);
      await page.getByLabel('Country').selectOption('GB');
      await page.getByRole('button', { name: 'Place order' }).click();
      await expect.poll(() => fit.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.locator('[data-error-summary]').textContent()).toContain(`Fitting day must be on or after ${addDays(2)}`);

      // 100.00 + 20 % tax, shipping 49.00 + 20 % tax = 178.80.
      await fit.fill(addDays(2));
      const estimate = await page.getByText('Estimated total (incl. tax)').locator('..').textContent();
      expect(estimate).toContain('178.80');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByTestId('order-number').waitFor();
      expect(await page.getByText(/^Total /).textContent()).toContain('178.80');
    });
    const orders = await s.api.get<{ items: { grandTotalMinor: number }[] }>(`/api/v1/orders?q=${encodeURIComponent(email)}`);
    expect(orders.body.items.map((o) => o.grandTotalMinor)).toEqual([17_880]);
  });
});
