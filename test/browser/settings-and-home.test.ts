import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { PHONE, inBrowser, launchBrowser, logIn } from '../support/browser.ts';

let s: TestServer;
let browser: Browser;
let sku: string;
beforeAll(async () => {
  [s, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  sku = (await createProduct(s.api)).sku;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

type OrderBody = { id: string; number: string; version: number; status: string };
type Settings = { version: number; verification: { mode: string }; payments: { bank: { iban: string; accountName: string } } };

async function placed(): Promise<OrderBody> {
  const res = await s.api.post<OrderBody>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'linen' } }]));
  expect(res.status).toBe(201);
  return res.body;
}
async function confirmed(): Promise<OrderBody> {
  const o = await placed();
  const res = await s.api.post<OrderBody>(`/api/v1/orders/${o.id}/confirm`, {});
  expect(res.status).toBe(200);
  return res.body;
}
const settings = async () => (await s.api.get<Settings>('/api/v1/settings')).body;

describe('settings, in a browser', () => {
  it('the owner sets bank details: a mistyped IBAN shows its error beside the field, a good one saves (stored without spaces)', async () => {
    await inBrowser(browser, 'bank details', {}, async (page) => {
      await page.goto(`${s.url}/settings?tab=payments`);
      await logIn(page);
      const iban = page.getByLabel('IBAN');
      await page.getByLabel('Account holder').fill('Oak & Thread Ltd');
      await iban.fill('GB82 WEST 1234 5698 7654 33');
      await page.getByRole('button', { name: 'Save bank details' }).click();
      const error = page.locator('#f-payments-bank-iban-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('check digits');
      expect(await iban.getAttribute('aria-invalid')).toBe('true');
      expect((await settings()).payments.bank.iban).toBe('');

      await iban.fill('GB82 WEST 1234 5698 7654 32');
      await page.getByLabel('BIC (SWIFT code)').fill('westgb2l');
      await page.getByRole('button', { name: 'Save bank details' }).click();
      await expect.poll(() => iban.inputValue()).toBe('GB82WEST12345698765432');
      await expect.poll(() => page.locator('#f-payments-bank-iban-error').count()).toBe(0);
      await page.getByRole('heading', { name: 'Bank details' }).scrollIntoViewIfNeeded();
    });
    const bank = (await settings()).payments.bank;
    expect(bank).toMatchObject({ accountName: 'Oak & Thread Ltd', iban: 'GB82WEST12345698765432' });
  });

  it('card as the first web method is refused without a card provider, and the error shows beside the Web channel', async () => {
    await inBrowser(browser, 'card first', {}, async (page) => {
      await page.goto(`${s.url}/settings?tab=payments`);
      await logIn(page);
      await page.getByText('Card payments are not set up on this server').waitFor();
      await page.getByRole('button', { name: 'Move Card up for Web' }).click();
      await page.getByRole('button', { name: 'Save payment methods' }).click();
      const web = page.getByTestId('methods-web');
      await web.locator('.field-error').waitFor();
      expect(await web.locator('.field-error').textContent()).toContain('Card payments are not set up');
      expect(await page.getByTestId('methods-phone').locator('.field-error').count()).toBe(0);
    });
  });

  it('the owner creates an API token and sees it once, with a copy button; it works, and is gone after', async () => {
    let token = '';
    await inBrowser(browser, 'api token', {}, async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
      await page.goto(`${s.url}/settings?tab=tokens`);
      await logIn(page);
      await page.getByLabel('Name').fill('Website');
      await page.getByLabel('Role').selectOption('sales');
      await page.getByRole('button', { name: 'Create token' }).click();
      const shown = page.getByTestId('new-token');
      await shown.waitFor();
      expect(await shown.textContent()).toContain('shown only this once');
      token = await page.getByLabel('The new token').inputValue();
      expect(token.length).toBeGreaterThan(20);
      await shown.getByRole('button', { name: 'Copy' }).click();
      await shown.getByText('Copied.').waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(token);
      await page.getByTestId('token-list').getByText('Website').waitFor();

      await shown.getByRole('button', { name: 'I have copied it' }).click();
      await expect.poll(() => page.getByTestId('new-token').count()).toBe(0);
      await page.reload();
      await page.getByTestId('token-list').getByText('Website').waitFor();
      expect(await page.content()).not.toContain(token);
    });
    const res = await fetch(`${s.url}/api/v1/orders/counts`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('the owner changes the verification policy, and the primary action on a placed order follows it', async () => {
    const order = await placed();
    await inBrowser(browser, 'verification policy', {}, async (page) => {
      await page.goto(`${s.url}/orders/${order.id}`);
      await logIn(page);
      // The default policy is "never": Confirm is the main action, Verify is not.
      const actions = page.getByRole('group', { name: 'Actions' });
      await expect.poll(() => actions.getByRole('button', { name: 'Confirm' }).getAttribute('class')).toContain('primary');
      await expect.poll(() => actions.getByRole('button', { name: 'Verify' }).getAttribute('class')).not.toContain('primary');

      await page.goto(`${s.url}/settings?tab=verification`);
      await page.getByLabel('Every order').check();
      await page.getByRole('button', { name: 'Save the verification policy' }).click();
      await page.getByText('Saved.').waitFor();
      expect((await settings()).verification).toEqual({ mode: 'always' });

      await page.goto(`${s.url}/orders/${order.id}`);
      await expect.poll(() => actions.getByRole('button', { name: 'Verify' }).getAttribute('class')).toContain('primary');
      // The policy's guard refuses confirming before verifying, so Confirm is not offered at all.
      expect(await actions.getByRole('button', { name: 'Confirm' }).count()).toBe(0);

      await page.goto(`${s.url}/settings?tab=verification`);
      await page.getByLabel('Never').check();
      await page.getByRole('button', { name: 'Save the verification policy' }).click();
      await page.getByText('Saved.').waitFor();
    });
    expect((await settings()).verification).toEqual({ mode: 'never' });
  });

  it('the mail log says mail stays in the local mailbox when no SMTP server is configured, and shows the messages', async () => {
    await confirmed();
    await inBrowser(browser, 'mail log', {}, async (page) => {
      await page.goto(`${s.url}/settings?tab=mail`);
      await logIn(page);
      expect(await page.getByTestId('local-mailbox').textContent()).toContain('not sent');
      await page.getByTestId('mail-log').getByText(/is confirmed/).first().waitFor();
    });
  });
});

describe('home and roles, in a browser', () => {
  it('the first page after log-in shows counts that open their lists', async () => {
    const held = await confirmed();
    const draft = await s.api.post<OrderBody>('/api/v1/orders/drafts', { channel: 'phone', customer: { name: 'Draft Person' }, lines: [{ sku, quantity: 1 }] });
    expect(draft.status).toBe(201);
    const heldCount = (await s.api.get<{ items: unknown[] }>('/api/v1/payments/held')).body.items.length;
    const drafts = (await s.api.get<Record<string, number>>('/api/v1/orders/counts')).body.draft;
    await inBrowser(browser, 'home', {}, async (page) => {
      await page.goto(`${s.url}/login`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      const heldCard = page.getByTestId('count-held');
      await expect.poll(() => heldCard.textContent()).toContain(`${heldCount}Held for payment`);
      await expect.poll(() => page.getByTestId('count-drafts').textContent()).toContain(`${drafts}Drafts waiting`);
      for (const id of ['to-verify', 'unpaid', 'overdue']) expect(await page.getByTestId(`count-${id}`).count()).toBe(1);

      await heldCard.click();
      await page.getByTestId('held-list').getByRole('link', { name: held.number }).waitFor();

      await page.getByTestId('count-unpaid').click();
      await page.getByTestId('unpaid-list').getByRole('link', { name: held.number }).waitFor();

      await page.getByRole('link', { name: 'Today' }).click();
      await page.getByTestId('count-drafts').click();
      await expect.poll(() => page.url()).toContain('/orders?status=draft');
      await page.getByRole('button', { name: /Draft/, pressed: true }).waitFor();

      // Before the order (GET /api/v1/today): the owner sees each count, and the inbox card opens the inbox.
      const today = (await s.api.get<{ inbox: { unmatched: number } }>('/api/v1/today')).body;
      await page.getByRole('link', { name: 'Today' }).click();
      for (const id of ['inquiries-due', 'inquiries-unassigned', 'quotes-awaiting', 'quotes-expiring', 'waiting-on-customer']) await page.getByTestId(`count-${id}`).waitFor();
      await expect.poll(() => page.getByTestId('count-inbox').textContent()).toContain(`${today.inbox.unmatched}Inbox`);
      await page.getByTestId('count-inbox').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/inbox');
    });
  });

  it('the warehouse sees no Settings and no "Take an order", no money cards and no totals; it sees what is ready to prepare', async () => {
    await confirmed();
    const warehouse = await s.as('warehouse');
    await inBrowser(browser, 'warehouse home', {}, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page, warehouse.user.email, 'warehouse-password-123');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Orders' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Take an order' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Money' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Take an order' }).count()).toBe(0);
      await page.getByTestId('count-ready').waitFor();
      await page.getByTestId('count-held').waitFor();
      for (const id of ['unpaid', 'overdue', 'to-verify', 'drafts', 'inquiries-due', 'inquiries-unassigned', 'quotes-awaiting', 'quotes-expiring', 'inbox', 'waiting-on-customer']) expect(await page.getByTestId(`count-${id}`).count()).toBe(0);

      await nav.getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('table').waitFor();
      expect(await page.getByRole('columnheader', { name: 'Total' }).count()).toBe(0);
      expect(await page.getByRole('table').textContent()).not.toMatch(/€|£/);
    });
  });

  it('on a phone (390 px) the staff menu opens from a button, and nothing runs off the side', async () => {
    await inBrowser(browser, 'phone menu', PHONE, async (page) => {
      await page.goto(`${s.url}/`);
      await logIn(page);
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      const menu = page.getByRole('button', { name: 'Menu' });
      const settingsLink = page.getByRole('navigation', { name: 'Main', includeHidden: true }).getByRole('link', { name: 'Settings', includeHidden: true });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await settingsLink.isVisible()).toBe(false);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

      await menu.click();
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
      await settingsLink.waitFor({ state: 'visible' });
      const box = await settingsLink.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await settingsLink.click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await settingsLink.isVisible()).toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
    });
  });
});
