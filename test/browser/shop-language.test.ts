/**
 * The shop and the customer's pages speak the customer's language: the browser's
 * (navigator.languages / Accept-Language) when it is English or Turkish, else the
 * business's default. The shop's thank-you page survives a reload, and the order
 * remembers the page's language (its e-mails use it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sofaName: string;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  sofaName = `Koltuk ${uniq('p')}`;
  await createProduct(s.api, { name: sofaName, sku: uniq('SOFA') });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function setDefaultLanguage(lang: 'en' | 'tr') {
  const settings = await s.api.get<{ version: number }>('/api/v1/settings');
  const res = await s.api.patch('/api/v1/settings', { defaultLanguage: lang }, { 'if-match': `"${settings.body.version}"` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const TURKISH = { ...PHONE, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' };

describe('the shop in Turkish', () => {
  it('a Turkish browser gets the shop in Turkish: labels, errors beside the fields, a bad quantity named and not counted; the thank-you page survives a reload', async () => {
    await setDefaultLanguage('en');
    const email = `${uniq('ayse')}@example.com`;
    await inBrowser(browser, 'shop in turkish', TURKISH, async (page) => {
      await page.goto(`${s.url}/shop`);
      await page.getByRole('heading', { name: 'Çevrimiçi sipariş' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('tr');
      await page.getByRole('heading', { name: 'Ürünlerimiz' }).waitFor();
      await page.getByRole('button', { name: `${sofaName} ürününü siparişinize ekleyin` }).click();

      // A quantity of 0 is an error beside the field as it is typed, and the total says the line is not counted.
      const qty = page.getByLabel('Miktar');
      await qty.fill('0');
      await expect.poll(() => page.locator('#f-lines-0-quantity-error').textContent()).toBe('En az 1 olan tam sayı bir miktar girin');
      await expect.poll(() => page.getByTestId('uncounted').textContent()).toContain('toplama katılmıyor');
      await qty.fill('1');
      await expect.poll(() => page.getByTestId('uncounted').count()).toBe(0);

      await page.getByRole('button', { name: 'Siparişi ver' }).click();
      const summary = page.locator('[data-error-summary]');
      await summary.waitFor();
      expect(await summary.getByRole('heading').textContent()).toMatch(/konu düzeltilmeli/);
      const listed = (await summary.getByRole('listitem').allTextContents()).join(' | ');
      expect(listed).toContain('Adınızı girin');
      expect(listed).toMatch(/zorunludur/);
      expect(listed).not.toMatch(/Enter your|is required/);

      await page.locator('#f-lines-0-fields-fabric').selectOption('linen');
      await page.getByLabel(/^Ad soyad/).fill('Ayşe Yılmaz');
      await page.getByLabel(/^E-posta/).fill(email);
      await page.getByLabel(/^Adres$|^Adres\s/).first().fill('Bağdat Caddesi 1');
      await page.getByLabel(/^Şehir/).fill('İstanbul');
      await page.getByLabel('Ülke').selectOption('TR');
      // Nothing the customer reads is left in English.
      const text = (await page.locator('main').textContent()) ?? '';
      for (const english of ['Your order', 'Place order', 'Delivery', 'Quantity', 'Estimated total', 'Our products']) expect(text).not.toContain(english);

      await page.getByRole('button', { name: 'Siparişi ver' }).click();
      await page.getByRole('heading', { name: 'Teşekkürler — siparişiniz alındı' }).waitFor();
      const number = (await page.getByTestId('order-number').textContent()) ?? '';
      expect(number).toMatch(/^SO-\d{4}-\d{6}$/);
      expect(await page.getByText(email).count()).toBeGreaterThan(0);

      // A reload keeps the thank-you page, with the same order number.
      await page.reload();
      await page.getByRole('heading', { name: 'Teşekkürler — siparişiniz alındı' }).waitFor();
      expect(await page.getByTestId('order-number').textContent()).toBe(number);
      expect(await page.getByText(email).count()).toBeGreaterThan(0);

      // Another order starts a fresh shop, and a reload then stays in the shop.
      await page.getByRole('button', { name: 'Yeni bir sipariş ver' }).click();
      await page.getByRole('heading', { name: 'Çevrimiçi sipariş' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Çevrimiçi sipariş' }).waitFor();
      expect(await page.getByTestId('order-number').count()).toBe(0);
    });
    const orders = await s.api.get<{ items: { id: string; channel: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(email)}`);
    expect(orders.body.items.map((o) => o.channel)).toEqual(['web']);
    // The order remembers the page's language, so its e-mails are written in Turkish too.
    const placed = await s.api.get<{ language: string | null }>(`/api/v1/orders/${orders.body.items[0]?.id}`);
    expect(placed.body.language).toBe('tr');
    // Staff see it on the order page.
    await inBrowser(browser, 'order page language', {}, async (page) => {
      await page.goto(`${s.url}/orders/${orders.body.items[0]?.id}`);
      await logIn(page);
      expect(await page.getByTestId('order-language').textContent()).toBe('Turkish');
    });
  });

  it("a browser language we do not speak gets the business's default; an English browser gets English", async () => {
    await setDefaultLanguage('tr');
    try {
      await inBrowser(browser, 'shop german browser', { locale: 'de-DE' }, async (page) => {
        await page.goto(`${s.url}/shop`);
        await page.getByRole('heading', { name: 'Çevrimiçi sipariş' }).waitFor();
      });
      await inBrowser(browser, 'shop english browser', { locale: 'en-GB' }, async (page) => {
        await page.goto(`${s.url}/shop`);
        await page.getByRole('heading', { name: 'Order online' }).waitFor();
        expect(await page.getByRole('heading', { name: 'Çevrimiçi sipariş' }).count()).toBe(0);
      });
    } finally {
      await setDefaultLanguage('en');
    }
  });
});

describe("the customer's order page in the browser's language", () => {
  it('the same link reads in Turkish in a Turkish browser and in English in an English one', async () => {
    const sku = (await createProduct(s.api, { sku: uniq('SOFA') })).sku;
    const placed = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'velvet' } }]));
    expect(placed.status).toBe(201);
    const link = await s.api.post<{ path: string }>(`/api/v1/orders/${placed.body.id}/access-links`, { purpose: 'order_status' });
    expect(link.status).toBe(201);

    await inBrowser(browser, 'my order turkish', TURKISH, async (page) => {
      await page.goto(`${s.url}${link.body.path}`);
      await page.getByRole('heading', { name: 'Ürünler' }).waitFor();
      await page.getByRole('heading', { name: 'Ödeme' }).waitFor();
      await page.getByRole('heading', { name: 'Geçmiş' }).waitFor();
      expect(await page.locator('main').getAttribute('lang')).toBe('tr');
      expect(await page.locator('main').textContent()).not.toMatch(/Items|Payment|History/);
    });
    await inBrowser(browser, 'my order english', PHONE, async (page) => {
      await page.goto(`${s.url}${link.body.path}`);
      await page.getByRole('heading', { name: 'Items' }).waitFor();
      await page.getByRole('heading', { name: 'Payment' }).waitFor();
    });
  });

  it('an expired or unknown link asks for a new one in Turkish', async () => {
    await inBrowser(browser, 'bad link turkish', TURKISH, async (page) => {
      await page.goto(`${s.url}/my-order/not-a-real-token-${'x'.repeat(30)}`);
      await page.getByRole('heading', { name: 'Yeni bağlantı alın' }).waitFor();
      await page.getByLabel('Sipariş numarası').waitFor();
      await page.getByRole('button', { name: 'Bana yeni bir bağlantı gönder' }).waitFor();
    });
  });
});
