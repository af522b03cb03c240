/**
 * Refreshes the README's pictures (docs/screenshots/) from the real app: starts
 * Orderly on a throwaway PGlite data directory with the demo data and an owner,
 * logs in with Debian's chromium (playwright-core, the same executable the
 * browser tests use) and captures the key screens at 1280×800 and the shop and
 * the customer's order page (and the staff menu) at 390×844.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/support/chromium.ts';
import { ensureWebBuilt } from './build-web.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
const OWNER = { email: 'owner@demo.example', password: 'screenshots-password-1' };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/London' };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/London' };

type Summary = { id: string; number: string | null; status: string; channel: string };

async function startOrderly(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ORDERLY_DATA_DIR: dataDir,
      ORDERLY_DEMO_DATA: 'true',
      ORDERLY_OWNER_EMAIL: OWNER.email,
      ORDERLY_OWNER_PASSWORD: OWNER.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += String(d)));
  proc.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const started = Date.now();
  for (;;) {
    const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m?.[1]) return { url: m[1], stop: async () => void (proc.kill('SIGTERM'), await exited) };
    if (proc.exitCode !== null) throw new Error(`Orderly exited (${proc.exitCode}):\n${out}`);
    if (Date.now() - started > 180_000) {
      proc.kill('SIGKILL');
      throw new Error(`Orderly did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function staffApi(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
  if (res.status !== 200) throw new Error(`log-in failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

async function shot(page: Page, file: string, scrollTo?: string): Promise<void> {
  if (scrollTo) await page.locator(scrollTo).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, file) });
  console.log(`docs/screenshots/${file}`);
}

async function main(): Promise<void> {
  await ensureWebBuilt();
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'orderly-screenshots-'));
  const app = await startOrderly(dataDir);
  let browser: Browser | undefined;
  try {
    const api = await staffApi(app.url);
    const { items } = await api<{ items: Summary[] }>('GET', '/api/v1/orders?limit=50');
    const withShipments = [];
    for (const o of items) {
      const f = await api<{ shipments: unknown[] }>('GET', `/api/v1/orders/${o.id}/shipments`);
      if (f.shipments.length) withShipments.push(o);
    }
    const shipped = withShipments[0] ?? items.find((o) => o.status === 'confirmed') ?? items[0];
    const confirmed = items.find((o) => o.status === 'confirmed' && o.id !== shipped?.id) ?? shipped;
    if (!shipped || !confirmed) throw new Error('The demo data has no orders');
    const link = await api<{ path: string }>('POST', `/api/v1/orders/${shipped.id}/access-links`, { purpose: 'order_status' });
    const { items: products } = await api<{ items: { id: string; sku: string }[] }>('GET', '/api/v1/products?limit=50');
    const product = products.find((p) => p.sku === 'TABLE-OAK') ?? products[0];

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

    const desk = await browser.newContext(DESKTOP);
    const page = await desk.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Take an order' }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'today.png');

    const visit = async (path: string, ready: string) => {
      await page.goto(app.url + path);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
    };
    await visit('/orders/new', 'main form');
    await shot(page, 'take-an-order.png');
    await visit(`/orders/${shipped.id}`, '#shipments-h');
    await shot(page, 'order-page.png');
    await shot(page, 'order-shipments.png', '#shipments-h');
    await visit(`/orders/${confirmed.id}`, '#documents-h');
    await shot(page, 'order-documents.png', '#documents-h');
    await visit('/work', 'main h1');
    await shot(page, 'work-items.png');
    await visit('/orders/at-risk', 'main h1');
    await shot(page, 'at-risk.png');
    if (product) {
      await visit(`/catalog/${product.id}`, 'main h1');
      await shot(page, 'form-builder.png', '#form-h');
    }
    await visit('/settings?tab=payments', '[role=tablist]');
    await shot(page, 'settings-payments.png');
    await visit('/settings?tab=wording', '[role=tablist]');
    await shot(page, 'settings-wording.png');
    await desk.close();

    const turkish = await browser.newContext({ ...PHONE, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });
    const shop = await turkish.newPage();
    await shop.goto(`${app.url}/shop`);
    await shop.getByRole('heading', { name: 'Ürünlerimiz' }).waitFor();
    await shop.waitForLoadState('networkidle');
    await shot(shop, 'shop-phone.png');
    await turkish.close();

    const phone = await browser.newContext(PHONE);
    const mine = await phone.newPage();
    await mine.goto(app.url + link.path);
    await mine.getByRole('heading', { name: 'Items' }).waitFor();
    await mine.waitForLoadState('networkidle');
    await shot(mine, 'my-order-phone.png');
    await phone.close();

    const staffPhone = await browser.newContext(PHONE);
    const menu = await staffPhone.newPage();
    await menu.goto(`${app.url}/login`);
    await menu.getByLabel('E-mail').fill(OWNER.email);
    await menu.getByLabel('Password').fill(OWNER.password);
    await menu.getByRole('button', { name: 'Log in' }).click();
    await menu.getByRole('button', { name: /Menu/ }).click();
    await menu.getByRole('link', { name: 'Take an order' }).first().waitFor();
    await shot(menu, 'staff-menu-phone.png');
    await staffPhone.close();
  } finally {
    await browser?.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
