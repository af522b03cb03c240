/**
 * The order form's quantities and its sticky totals bar, in the staff form and the shop,
 * at a phone's size and a laptop's: a quantity below 1 or with a fraction is an error
 * beside its field and the total says the line is not counted; the bar never covers the
 * quantity being typed in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, uniq } from '../support/factories.ts';
import { inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
const names: string[] = [];
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  for (let i = 0; i < 4; i++) {
    const name = `Bench ${i} ${uniq('b')}`;
    names.push(name);
    await createProduct(s.api, { name, sku: uniq('BENCH'), formFields: [{ key: 'wood', label: 'Wood', type: 'text', required: false }] });
  }
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const SIZES = [
  ['390×844', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ['1280×800', { viewport: { width: 1280, height: 800 } }],
] as const;

type Rect = { top: number; bottom: number; left: number; right: number };
const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Each quantity in turn, from the top of the page: focused (the browser scrolls it in) and
 * typed in; then, already focused, typed in again after the page was scrolled to put it
 * behind the bar. The bar is never over it.
 */
async function eachQuantityClearOfBar(page: Page) {
  const quantities = page.getByLabel(/^(Quantity|Miktar)/);
  const n = await quantities.count();
  expect(n).toBe(names.length);
  for (let i = 0; i < n; i++) {
    const input = quantities.nth(i);
    // The page moves the field out in the frame after the focus or the keystroke (requestAnimationFrame), which a loaded
    // machine can delay: wait for that, up to 3 s, rather than a fixed time.
    const check = async (when: string) => {
      const rects = async () => ({
        field: await input.evaluate((el) => el.getBoundingClientRect().toJSON() as Rect),
        bar: await page.getByTestId('totals-bar').evaluate((el) => el.getBoundingClientRect().toJSON() as Rect),
      });
      await expect.poll(async () => { const r = await rects(); return intersects(r.field, r.bar); }, { timeout: 3000, interval: 50 }).toBe(false).catch(() => undefined);
      const { field, bar } = await rects();
      expect(intersects(field, bar), `quantity ${i + 1} ${when}: ${JSON.stringify(field)} under the bar ${JSON.stringify(bar)}`).toBe(false);
      expect(field.top).toBeGreaterThanOrEqual(0);
    };
    await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
    await input.evaluate((el) => (el as unknown as { focus(): void }).focus());
    await page.keyboard.press('End');
    await page.keyboard.type('2');
    await check('focused');
    // Scrolled so that the bar covers it (its bottom 10 px below the bar's top), then typed in.
    const barTop = await page.getByTestId('totals-bar').evaluate((el) => el.getBoundingClientRect().top);
    const fieldBottom = await input.evaluate((el) => el.getBoundingClientRect().bottom);
    await page.evaluate(`window.scrollBy({ top: ${fieldBottom - barTop - 10}, behavior: 'instant' })`);
    await page.keyboard.press('Backspace');
    await check('typed in behind the bar');
    await input.fill('1');
  }
}

/** A bad quantity is named beside its field, and the total says a line is left out — it never just shrinks. */
async function badQuantityIsNamed(page: Page, totalId: string) {
  const first = page.getByLabel(/^(Quantity|Miktar)/).first();
  const before = await page.getByTestId(totalId).textContent();
  for (const bad of ['0', '1.5', '-2']) {
    await first.fill(bad);
    await expect.poll(() => page.locator('#f-lines-0-quantity-error').textContent()).toBe('Enter a whole quantity of at least 1');
    await expect.poll(() => first.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('uncounted').textContent()).toBe('One line is not counted until its quantity is corrected');
  }
  await first.fill('1');
  await expect.poll(() => page.getByTestId('uncounted').count()).toBe(0);
  await expect.poll(() => page.locator('#f-lines-0-quantity-error').count()).toBe(0);
  expect(await page.getByTestId(totalId).textContent()).toBe(before);
}

describe('quantities and the totals bar', () => {
  it.each(SIZES)('in the staff order form at %s', async (_size, options) => {
    await inBrowser(browser, `staff totals bar ${_size}`, options, async (page) => {
      await page.goto(`${s.url}/orders/new`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Take an order' }).waitFor();
      const add = page.getByRole('combobox', { name: 'Add a product' });
      for (const name of names) {
        await add.fill(name);
        await page.keyboard.press('Enter');
      }
      await expect.poll(() => page.getByLabel('Quantity').count()).toBe(names.length);
      await badQuantityIsNamed(page, 'order-total');
      await eachQuantityClearOfBar(page);
    });
  });

  it.each(SIZES)('in the shop at %s', async (_size, options) => {
    await inBrowser(browser, `shop totals bar ${_size}`, options, async (page) => {
      await page.goto(`${s.url}/shop`);
      for (const name of names) await page.getByRole('button', { name: `Add ${name} to your order` }).click();
      await expect.poll(() => page.getByLabel('Quantity').count()).toBe(names.length);
      await badQuantityIsNamed(page, 'shop-total');
      await eachQuantityClearOfBar(page);
    });
  });
});
