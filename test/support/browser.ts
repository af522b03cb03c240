/**
 * A real browser for the tests: Debian's chromium driven by playwright-core
 * (never a downloaded browser). One browser per test file, a fresh context
 * (its own profile, cookies and storage) per test. A failing test leaves a
 * screenshot in test-results/ (the README's pictures: scripts/screenshots.ts).
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OWNER } from './server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
import { CHROMIUM_PATH } from './chromium.ts';
export const CHROMIUM = CHROMIUM_PATH;
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
export const DESKTOP = { viewport: { width: 1280, height: 900 } } satisfies BrowserContextOptions;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Runs one browser scenario in a fresh context; on failure saves a screenshot
 * of every open page under test-results/ and rethrows.
 */
export async function inBrowser(browser: Browser, name: string, options: BrowserContextOptions, fn: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ ...DESKTOP, locale: 'en-GB', timezoneId: 'Europe/London', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await fn(page, context);
    if (errors.length) throw new Error(`The page threw: ${errors.join('\n')}`);
  } catch (e) {
    mkdirSync(`${ROOT}/test-results`, { recursive: true });
    const safe = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await Promise.all(context.pages().map((p, i) => p.screenshot({ path: `${ROOT}/test-results/${safe}${i ? `-${i}` : ''}.png`, fullPage: true }).catch(() => undefined)));
    throw e;
  } finally {
    await context.close();
  }
}


/** Logs in through the log-in form, as a person would. */
export async function logIn(page: Page, email = OWNER.email, password = OWNER.password): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // On a phone the menu is folded behind its button: present, not visible.
  await page.getByRole('navigation', { name: 'Main', includeHidden: true }).waitFor({ state: 'attached' });
}
