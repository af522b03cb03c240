/**
 * Today's "before the order" counts (GET /api/v1/today, issue 14): inquiries whose follow-up
 * is due or overdue and open ones nobody has, quotes sent and awaiting the customer (and those
 * expiring within 3 days), mail in that nothing matched, drafts waiting on their customer —
 * each part only for the roles that may act on it. And the demo shop seeds one of each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Api, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, setSettings } from '../support/orders.ts';
import { address, createProduct, uniq } from '../support/factories.ts';

type Today = {
  today: string;
  inquiries: { followUpDue: number; overdue: number; unassigned: number } | null;
  quotes: { awaiting: number; expiringSoon: number } | null;
  inbox: { unmatched: number } | null;
  waitingOnCustomer: { waiting: number; reminded: number } | null;
};

let s: TestServer;
let smtp: TestSmtp;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({}, { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example', ORDERLY_AT_RISK_SCAN_MS: '0' });
  await setSettings(s.api, business);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

async function today(api: Api = s.api): Promise<Today> {
  const res = await api.get<Today>('/api/v1/today');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('Today before the order', () => {
  it('counts inquiries to follow up (due today or overdue, not later; not once won) and open ones nobody has', async () => {
    const before = await today();
    expect(before.today).toBe(day(0));
    const ask = async (body: Record<string, unknown>) => {
      const res = await s.api.post<{ id: string; version: number }>('/api/v1/inquiries', { contact: { name: 'Ada', phone: '+44 20 7946 0000' }, channel: 'phone', question: 'Velvet?', ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    const sales = await s.as('sales');
    await ask({ followUpOn: day(0) });
    await ask({ followUpOn: day(-2), assigneeUserId: sales.user.id });
    await ask({ followUpOn: day(5) });
    const won = await ask({ followUpOn: day(-1) });
    const after = await today();
    expect(after.inquiries).toEqual({
      followUpDue: (before.inquiries?.followUpDue ?? 0) + 3,
      overdue: (before.inquiries?.overdue ?? 0) + 2,
      unassigned: (before.inquiries?.unassigned ?? 0) + 3,
    });
    const moved = await s.api.post(`/api/v1/inquiries/${won.id}/win`, {});
    expect([200, 201], JSON.stringify(moved.body)).toContain(moved.status);
    expect((await today()).inquiries).toEqual({ followUpDue: after.inquiries!.followUpDue - 1, overdue: after.inquiries!.overdue - 1, unassigned: after.inquiries!.unassigned - 1 });
  });

  it('counts sent quotes still valid, and those whose last day is within 3 days; a draft quote is not the customer’s to answer', async () => {
    const before = await today();
    const chair = await createProduct(s.api, { sku: uniq('CHAIR'), name: 'Chair', formFields: [], initialStock: 10 });
    const quote = async (validUntil: string, send: boolean) => {
      const q = await s.api.post<{ id: string }>('/api/v1/quotes', { customer: { name: 'Grace Hopper', email: `${uniq('q')}@example.com` }, lines: [{ sku: chair.sku, quantity: 2 }], delivery: { method: 'shipping', address }, validUntil });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      if (send) expect((await s.api.post(`/api/v1/quotes/${q.body.id}/send`, {})).status).toBe(200);
    };
    await quote(day(2), true);
    await quote(day(3), true);
    await quote(day(10), true);
    await quote(day(1), false);
    expect((await today()).quotes).toEqual({ awaiting: (before.quotes?.awaiting ?? 0) + 3, expiringSoon: (before.quotes?.expiringSoon ?? 0) + 2 });
  });

  it('counts mail in waiting for staff (nothing matched), not the ones that became a draft or an inquiry', async () => {
    const before = await today();
    const lamp = await createProduct(s.api, { sku: uniq('LAMP'), name: 'Brass lamp', formFields: [], initialStock: 10 });
    const mail = (body: string) => `From: Grace <${uniq('g')}@example.com>\r\nTo: orders@oakthread.example\r\nSubject: ${uniq('s')}\r\nMessage-ID: <${uniq('m')}@example.com>\r\n\r\n${body}\r\n`;
    const drafted = await s.api.post<{ outcome: string }>('/api/v1/inbound-mail', { raw: mail(`Please send 2 of ${lamp.sku}`) });
    expect(drafted.body.outcome).toBe('draft');
    // A question from a believed sender becomes an inquiry (counted there); one naming no single sender waits for staff.
    const asked = await s.api.post<{ outcome: string }>('/api/v1/inbound-mail', { raw: mail('Do you deliver on Saturdays?') });
    expect(asked.body.outcome).toBe('inquiry');
    const left = await s.api.post<{ outcome: string }>('/api/v1/inbound-mail', { raw: mail('Do you deliver on Sundays?').replace(/^From: (.*)\r\n/, 'From: $1, other@example.com\r\n') });
    expect(left.body.outcome).toBe('unmatched');
    expect((await today()).inbox).toEqual({ unmatched: (before.inbox?.unmatched ?? 0) + 1 });
  });

  it('counts drafts waiting on their customer, as the list of them does', async () => {
    const before = await today();
    const sofa = await createProduct(s.api, { name: 'Three-seat sofa', initialStock: 5 });
    const draft = await s.api.post<{ id: string }>('/api/v1/orders/drafts', { channel: 'phone', customer: { name: 'Ada Lovelace', email: `${uniq('ada')}@example.com` }, lines: [{ sku: sofa.sku, quantity: 1, fields: { colour: 'sage' } }], delivery: { method: 'shipping', address } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const sent = await s.api.post(`/api/v1/orders/${draft.body.id}/return-to-customer`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const now = await today();
    expect(now.waitingOnCustomer?.waiting).toBe((before.waitingOnCustomer?.waiting ?? 0) + 1);
    const list = await s.api.get<{ items: { remindedAt: string | null }[] }>('/api/v1/orders/waiting-on-customer');
    expect(now.waitingOnCustomer).toEqual({ waiting: list.body.items.length, reminded: list.body.items.filter((w) => w.remindedAt !== null).length });
  });

  it('shows each part only to the roles that may act on it', async () => {
    const sales = await today(await s.as('sales'));
    expect([sales.inquiries, sales.quotes, sales.inbox, sales.waitingOnCustomer].every((p) => p !== null)).toBe(true);
    const warehouse = await today(await s.as('warehouse'));
    expect(warehouse).toMatchObject({ inquiries: null, quotes: null, inbox: null, waitingOnCustomer: null });
    const accounts = await today(await s.as('accounts'));
    expect(accounts).toMatchObject({ inquiries: null, quotes: null, inbox: null, waitingOnCustomer: null });
    expect((await s.anon.get('/api/v1/today')).status).toBe(401);
  });
});

describe('the demo shop', () => {
  it('seeds an inquiry to follow up today, a sent quote and an e-mail in the inbox that became a draft; removing the demo takes them', async () => {
    const demo = await startTestServer({}, { ORDERLY_DEMO_DATA: 'true', ORDERLY_AT_RISK_SCAN_MS: '0' });
    try {
      const t = await today(demo.api);
      expect(t.inquiries).toEqual({ followUpDue: 1, overdue: 0, unassigned: 1 });
      expect(t.quotes).toEqual({ awaiting: 1, expiringSoon: 0 });
      const inbox = await demo.api.get<{ items: { outcome: string; orderId: string | null; from: { address: string } | null }[] }>('/api/v1/inbound-mail');
      expect(inbox.body.items).toEqual([expect.objectContaining({ outcome: 'draft', from: expect.objectContaining({ address: 'mara.l@example.org' }) })]);
      const draft = await demo.api.get<{ status: string; channel: string; draft: { customer: { name?: string }; lines: { productId: string; quantity?: number }[] } }>(`/api/v1/orders/${inbox.body.items[0]?.orderId}`);
      expect(draft.body).toMatchObject({ status: 'draft', channel: 'email', draft: { customer: { name: 'Mara Lindqvist' }, lines: [{ quantity: 2 }] } });
      const { removeDemo } = await import('../../src/demo/demo-data.ts');
      expect((await removeDemo(demo.running.database.db)).removed).toBe(true);
      const gone = await today(demo.api);
      expect(gone).toMatchObject({ inquiries: { followUpDue: 0, unassigned: 0 }, quotes: { awaiting: 0 }, inbox: { unmatched: 0 } });
      expect((await demo.api.get<{ items: unknown[] }>('/api/v1/inbound-mail')).body.items).toEqual([]);
    } finally {
      await demo.close();
    }
    // Starts a second server and seeds the demo shop: minutes on a loaded machine.
  }, 240_000);
});
