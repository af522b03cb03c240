import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { business, confirmed, placeOrder, setSettings } from '../support/orders.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_PUBLIC_URL: 'https://shop.example' });
  await setSettings(s.api, business);
});
afterAll(async () => s?.close());

type Link = { id: string; token: string; path: string; url: string };
const issue = async (orderId: string, purpose: string, expiresAt?: string | null) => {
  const res = await s.api.post<Link>(`/api/v1/orders/${orderId}/access-links`, { purpose, ...(expiresAt !== undefined ? { expiresAt } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const page = (token: string) => s.anon.get<{ number: string; code: string }>(`/api/v1/public/order-status/${token}`);

describe('customer access links', () => {
  it("a token for one order never reveals another order, nor staff notes", async () => {
    const a = await confirmed(s.api, { overrides: { notes: 'INTERNAL: customer haggled, give 5% next time' } });
    const b = await confirmed(s.api);
    const la = await issue(a.id, 'order_status');
    const lb = await issue(b.id, 'order_status');
    expect(la.url).toBe(`https://shop.example/my-order/${la.token}`);
    expect(la.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const pa = await page(la.token);
    const pb = await page(lb.token);
    expect(pa.body.number).toBe(a.number);
    expect(pb.body.number).toBe(b.number);
    expect(JSON.stringify(pa.body)).not.toContain(b.number);
    expect(JSON.stringify(pa.body)).not.toContain('INTERNAL');
    expect(JSON.stringify(pa.body)).not.toContain(a.id);
  });

  it('a link works only for its purpose; a guessed, altered, expired or withdrawn link gets the same 404', async () => {
    const order = await placeOrder(s.api);
    const status = await issue(order.id, 'order_status');
    const verify = await issue(order.id, 'verify');
    expect((await page(status.token)).status).toBe(200);
    expect((await page(verify.token)).status).toBe(404);
    expect((await s.anon.post(`/api/v1/public/verify/${status.token}`)).status).toBe(404);

    const altered = status.token.slice(0, -1) + (status.token.endsWith('A') ? 'B' : 'A');
    expect((await page(altered)).status).toBe(404);
    expect((await page('not-a-token')).status).toBe(404);

    const expired = await issue(order.id, 'order_status', new Date(Date.now() - 1000).toISOString());
    expect((await page(expired.token)).status).toBe(404);

    const revoked = await s.api.request('DELETE', `/api/v1/access-links/${status.id}`);
    expect(revoked.status).toBe(200);
    const gone = await page(status.token);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
  });

  it('keeps only a hash of each token', async () => {
    const order = await placeOrder(s.api);
    const link = await issue(order.id, 'survey');
    const { db } = s.running.database;
    const found = (await db.execute(sql`select count(*)::int as n from access_links where token_hash = ${link.token} or token_hash like ${'%' + link.token.slice(0, 20) + '%'}`)) as unknown as { rows: { n: number }[] };
    expect(found.rows[0]?.n).toBe(0);
    const listed = await s.api.get<{ items: Record<string, unknown>[] }>(`/api/v1/orders/${order.id}/access-links`);
    expect(JSON.stringify(listed.body)).not.toContain(link.token);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: link.id, purpose: 'survey', usable: true }));
  });

  it("the order page speaks plainly, in the customer's language, with what is due and how to pay", async () => {
    await setSettings(s.api, { payments: { ...(await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings')).body.payments, bank: { accountName: 'Oak & Thread Ltd', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22', bankName: 'Example Bank' } } });
    const order = await confirmed(s.api);
    const link = await issue(order.id, 'order_status');
    const en = await s.anon.get<Record<string, unknown> & { payment: Record<string, unknown>; timeline: { text: string }[] }>(`/api/v1/public/order-status/${link.token}`);
    expect(en.body).toMatchObject({
      status: 'confirmed',
      statusText: 'Your order is confirmed.',
      business: { name: business.businessName, email: business.contactEmail, phone: business.contactPhone },
      payment: { state: 'unpaid', method: 'bank_transfer', dueMinor: order.totals.grandTotalMinor, bank: { iban: 'GB33 BUKB 2020 1555 5555 55' } },
    });
    expect(en.body.payment.howToPay).toMatch(/transfer .* quoting the reference RF\d\d/);
    expect(en.body.timeline.map((t) => t.text)).toEqual(['Order received', 'Order confirmed']);
    const tr = await s.anon.get<{ statusText: string }>(`/api/v1/public/order-status/${link.token}?lang=tr`);
    expect(tr.body.statusText).toBe('Siparişiniz onaylandı.');
  });
});
