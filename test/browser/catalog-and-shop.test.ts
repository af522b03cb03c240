import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, uniq } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const settings = await s.api.get<{ version: number }>('/api/v1/settings');
  await s.api.patch('/api/v1/settings', { businessName: 'Beech & Linen', contactEmail: 'hello@beech.example', contactPhone: '+44 20 7946 0001' }, { 'if-match': `"${settings.body.version}"` });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the catalog and the shop, in a browser', () => {
  it("the owner builds a new product's form with a conditional field, previews it, and customers see it in the shop", async () => {
    const name = `Garden bench ${uniq('b')}`;
    await inBrowser(browser, 'form builder', {}, async (page, context) => {
      await page.goto(`${s.url}/catalog/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'New product' }).waitFor();
      await page.getByLabel(/^Name/).fill(name);
      await page.getByLabel('SKU').fill(uniq('BENCH'));
      await page.getByLabel(/^Price/).fill('250');
      await page.getByLabel('Units in stock now').fill('8');

      await page.getByRole('button', { name: '+ Add field' }).click();
      const wood = page.getByRole('group', { name: /^Field 1/ });
      await wood.getByLabel(/^Label/).fill('Wood');
      await wood.getByLabel('Required', { exact: true }).check();
      await wood.getByLabel('Option 1 label').fill('Teak');
      await wood.getByRole('button', { name: '+ Add option' }).click();
      await wood.getByLabel('Option 2 label').fill('Painted pine');
      await wood.getByLabel(/^Price change/).nth(1).fill('20');

      await page.getByRole('button', { name: '+ Add field' }).click();
      const paint = page.getByRole('group', { name: /^Field 2/ });
      await paint.getByLabel(/^Label/).fill('Paint colour');
      await paint.getByLabel('Type').selectOption('text');
      await paint.getByLabel('Show only when…').selectOption('wood');
      await paint.getByLabel('…is').first().selectOption('painted_pine');

      // The preview follows the definition live.
      const preview = page.getByRole('complementary', { name: /Preview/ });
      await preview.getByLabel('Wood').waitFor();
      expect(await preview.getByLabel('Paint colour').count()).toBe(0);
      await preview.getByLabel('Wood').selectOption('painted_pine');
      await preview.getByLabel('Paint colour').waitFor();

      await page.getByRole('button', { name: 'Create product' }).click();
      await page.getByText(`Created ${name}`).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);

      // In the shop (a customer's page: no log-in), the field appears only for painted pine.
      const shop = await context.newPage();
      await shop.goto(`${s.url}/shop`);
      await shop.getByRole('button', { name: `Add ${name} to your order` }).click();
      const line = shop.getByRole('listitem').filter({ has: shop.getByRole('heading', { name }) });
      await line.getByLabel('Wood').waitFor();
      expect(await line.getByLabel('Paint colour').count()).toBe(0);
      expect(await line.getByLabel('Wood').locator('option').allTextContents()).toEqual(['Choose…', 'Teak', 'Painted pine (+€20.00)']);
      await line.getByLabel('Wood').selectOption('painted_pine');
      await line.getByLabel('Paint colour').waitFor();
    });
    const saved = await s.api.get<{ items: { name: string; formFields: { key: string; shownWhen?: unknown }[] }[] }>(`/api/v1/products?q=${encodeURIComponent(name)}`);
    expect(saved.body.items[0]?.formFields).toEqual([
      expect.objectContaining({ key: 'wood', required: true }),
      expect.objectContaining({ key: 'paint_colour', shownWhen: { field: 'wood', equals: 'painted_pine' } }),
    ]);
  });

  it('a customer orders in the shop on a phone: sees every missing field at once, fixes them, and gets the order number once, however often they tap', async () => {
    const sofaName = `Linen sofa ${uniq('p')}`;
    await createProduct(s.api, { name: sofaName, sku: uniq('SOFA') });
    const email = `${uniq('kemal')}@example.com`;

    await inBrowser(browser, 'shop on a phone', PHONE, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByText('Beech & Linen').first().waitFor();
      await page.getByRole('button', { name: `Add ${sofaName} to your order` }).click();
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('f-lines-0-fields-fabric');

      await page.getByRole('button', { name: 'Place order' }).click();
      const summary = page.locator('[data-error-summary]');
      await summary.waitFor();
      const listed = await summary.getByRole('listitem').allTextContents();
      expect(listed).toEqual(expect.arrayContaining(['Fabric is required']));
      expect(listed.some((t) => /name/i.test(t))).toBe(true);
      expect(await page.locator('#f-lines-0-fields-fabric').getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('f-lines-0-fields-fabric');

      await page.locator('#f-lines-0-fields-fabric').selectOption('linen');
      await page.getByLabel('Colour').fill('Sand');
      await page.getByLabel(/^Name/).fill('Kemal Yılmaz');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Street address').fill('Bağdat Caddesi 1');
      await page.getByLabel(/^City/).fill('İstanbul');
      await page.getByLabel('Country').selectOption('TR');

      // A double tap sends one order (the button is disabled, and the Idempotency-Key is the same).
      await page.getByRole('button', { name: 'Place order' }).dblclick();
      const number = page.getByTestId('order-number');
      await number.waitFor();
      expect(await number.textContent()).toMatch(/^SO-\d{4}-\d{6}$/);
      expect(await page.getByRole('heading', { name: 'What happens next' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'hello@beech.example' }).count()).toBeGreaterThan(0);
      // Nothing is wider than the phone's screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    });
    const orders = await s.api.get<{ items: { channel: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(email)}`);
    expect(orders.body.items.map((o) => o.channel)).toEqual(['web']);
  });
});
