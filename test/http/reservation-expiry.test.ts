/**
 * Security issue 8, finding 8: anonymous shoppers cannot hold all stock. Unpaid,
 * unconfirmed storefront reservations expire through the normal cancel path;
 * one address may place only so many orders an hour, and take only so many
 * units; the owner sees open reservations and releases them; verification
 * e-mails to an address the caller chose are limited and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type Api, type TestServer } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { anonFrom } from '../support/from-address.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { mailOf, setSettings, timeline } from '../support/orders.ts';

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string }[] };
type PublicOrder = { number: string; status: string; totals: { grandTotalMinor: number } };
type StaffOrder = { id: string; number: string; status: string; lines: { reservedQty: number }[] };
type Catalog = { products: { sku: string; availability: string; available: number | null }[] };
type Reservation = { orderId: string; number: string; status: string; placedAt: string; expiresAt: string; lines: { sku: string; reservedQty: number }[] };
type Storefront = { reservationHoldHours: number; maxQuantityPerLine: number; maxUnitsPerOrder: number; ordersPerAddressPerHour: number; verificationMailsPerRecipientPerHour: number };

let s: TestServer;
let defaults: Storefront;
beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_RESERVATION_SWEEP_MS: '0' });
  defaults = (await s.api.get<{ storefront: Storefront }>('/api/v1/settings')).body.storefront;
});
afterAll(async () => s?.close());

const storefront = (patch: Partial<Storefront>) => setSettings(s.api, { storefront: { ...defaults, ...patch } });
const shopper = (sku: string, quantity: number, email = `${uniq('shopper')}@example.com`) => {
  const { channel: _c, ...b } = orderBody([{ sku, quantity, fields: { fabric: 'linen' } }], { customer: { name: 'Shopper', email } });
  return b;
};
const placePublic = (api: Api, body: unknown) => api.post<PublicOrder & Problem>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
const available = async (sku: string) => (await s.anon.get<Catalog>('/api/v1/public/catalog')).body.products.find((p) => p.sku === sku);
const staffOrder = async (number: string) => (await s.api.get<StaffOrder>(`/api/v1/orders/${number}`)).body;
/** Time passes for an order: it was placed `hours` ago. */
const placedHoursAgo = (number: string, hours: number) =>
  s.running.database.db.execute(sql`update orders set placed_at = now() - make_interval(hours => ${hours}) where number = ${number}`);
const sweep = () => s.api.post<{ expired: { id: string; number: string }[]; failed: unknown[] }>('/api/v1/reservations/expire', {});

describe('storefront reservations expire', () => {
  it('an unpaid web order that took all the stock is cancelled after the hold time, with the reason on its timeline, and the stock is for sale again', async () => {
    const p = await createProduct(s.api, { initialStock: 3 });
    const order = await placePublic(s.anon, shopper(p.sku, 3));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(await available(p.sku)).toMatchObject({ availability: 'out_of_stock', available: 0 });

    // Not yet: 71 of 72 hours.
    await placedHoursAgo(order.body.number, defaults.reservationHoldHours - 1);
    expect((await sweep()).body.expired).toEqual([]);
    expect((await staffOrder(order.body.number)).status).toBe('placed');

    await placedHoursAgo(order.body.number, defaults.reservationHoldHours + 1);
    const swept = await sweep();
    expect(swept.status).toBe(200);
    expect(swept.body.expired.map((o) => o.number)).toEqual([order.body.number]);

    const cancelled = await staffOrder(order.body.number);
    expect(cancelled.status).toBe('cancelled');
    const last = (await timeline(s.api, cancelled.id)).at(-1);
    expect(last).toMatchObject({ type: 'cancelled', actor: { kind: 'system', name: 'reservation-expiry' }, data: { expired: true, reservationHoldHours: 72 } });
    expect(String(last?.data.reason)).toMatch(/reservation expired/);
    expect(await available(p.sku)).toMatchObject({ availability: 'low_stock', available: 3 });
    const moves = (await s.api.get<{ items: { kind: string; quantity: number; orderId: string }[] }>(`/api/v1/products/${p.id}/stock-movements`)).body.items;
    expect(moves[0]).toMatchObject({ kind: 'release', quantity: 3, orderId: cancelled.id });

    // A second sweep finds nothing more to do.
    expect((await sweep()).body.expired).toEqual([]);
  });

  it('a paid web order, and one staff confirmed, are not expired', async () => {
    const p = await createProduct(s.api, { initialStock: 5 });
    const paid = await placePublic(s.anon, shopper(p.sku, 1));
    const paidOrder = await staffOrder(paid.body.number);
    const payment = await s.api.post(`/api/v1/orders/${paidOrder.id}/payments`, { method: 'bank_transfer', amountMinor: paid.body.totals.grandTotalMinor });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    const accepted = await placePublic(s.anon, shopper(p.sku, 1));
    expect((await s.api.post(`/api/v1/orders/${accepted.body.number}/confirm`, {})).status).toBe(200);
    await placedHoursAgo(paid.body.number, 500);
    await placedHoursAgo(accepted.body.number, 500);

    const swept = await sweep();
    expect(swept.body.expired.map((o) => o.number)).not.toContain(paid.body.number);
    expect(swept.body.expired.map((o) => o.number)).not.toContain(accepted.body.number);
    expect((await staffOrder(paid.body.number)).status).toBe('placed');
    expect((await staffOrder(accepted.body.number)).status).toBe('confirmed');
    expect(await available(p.sku)).toMatchObject({ available: 3 });
  });

  it('two sweeps at once (as from two app processes) cancel each expired order exactly once', async () => {
    const p = await createProduct(s.api, { initialStock: 6 });
    const numbers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await placePublic(anonFrom(s.url, `127.0.1.${i + 1}`), shopper(p.sku, 1));
      expect(res.status).toBe(201);
      numbers.push(res.body.number);
      await placedHoursAgo(res.body.number, 100);
    }
    const [a, b] = await Promise.all([sweep(), sweep()]);
    const expired = [...a.body.expired, ...b.body.expired].map((o) => o.number);
    expect(expired.sort()).toEqual([...numbers].sort());
    expect([...a.body.failed, ...b.body.failed]).toEqual([]);
    expect(await available(p.sku)).toMatchObject({ available: 6 });
    for (const n of numbers) {
      const o = await staffOrder(n);
      expect((await timeline(s.api, o.id)).filter((e) => e.type === 'cancelled')).toHaveLength(1);
    }
  });

  it.runIf(testEngine() === 'postgres')('an order another transaction is writing a timeline event for (a mail being settled) is still expired, not passed by as locked', async () => {
    const p = await createProduct(s.api, { initialStock: 1 });
    const order = await placePublic(s.anon, shopper(p.sku, 1));
    expect(order.status).toBe(201);
    await placedHoursAgo(order.body.number, 100);
    const { id } = await staffOrder(order.body.number);
    const pg = (await import('pg')).default;
    const other = new pg.Client({ connectionString: s.databaseUrl });
    await other.connect();
    try {
      // Open, as the mail worker's settling transaction is while it runs: its event's foreign key holds FOR KEY SHARE on the order.
      await other.query('begin');
      await other.query(`insert into order_events (order_id, type, actor, data) values ($1, 'mail_sent', '{"kind":"system","name":"test"}', '{}')`, [id]);
      const swept = await sweep();
      expect(swept.body.expired.map((o) => o.number)).toEqual([order.body.number]);
      await other.query('commit');
    } finally {
      await other.end();
    }
    expect((await staffOrder(order.body.number)).status).toBe('cancelled');
  });

  it('the hold time is a business setting', async () => {
    const p = await createProduct(s.api, { initialStock: 2 });
    const order = await placePublic(s.anon, shopper(p.sku, 2));
    await storefront({ reservationHoldHours: 2 });
    try {
      await placedHoursAgo(order.body.number, 3);
      expect((await sweep()).body.expired.map((o) => o.number)).toEqual([order.body.number]);
    } finally {
      await storefront({});
    }
  });

  it('runs by itself in the background', async () => {
    const bg = await startTestServer({}, { ORDERLY_RESERVATION_SWEEP_MS: '100' });
    try {
      const p = await createProduct(bg.api, { initialStock: 1 });
      const { channel: _c, ...body } = orderBody([{ sku: p.sku, quantity: 1, fields: { fabric: 'linen' } }]);
      const order = await bg.anon.post<PublicOrder>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
      expect(order.status).toBe(201);
      await bg.running.database.db.execute(sql`update orders set placed_at = now() - interval '73 hours' where number = ${order.body.number}`);
      let status = 'placed';
      for (let i = 0; i < 100 && status !== 'cancelled'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await bg.api.get<StaffOrder>(`/api/v1/orders/${order.body.number}`)).body.status;
      }
      expect(status).toBe('cancelled');
    } finally {
      await bg.close();
    }
  });
});

describe('the owner sees and releases storefront reservations', () => {
  it('lists unpaid unconfirmed web orders that hold stock, with when each expires; releasing one cancels it with the reason and frees the stock', async () => {
    const p = await createProduct(s.api, { initialStock: 4 });
    const order = await placePublic(s.anon, shopper(p.sku, 4));
    const list = await s.api.get<{ items: Reservation[]; nextCursor: string | null }>('/api/v1/reservations?limit=200');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((r) => r.number === order.body.number);
    expect(mine).toMatchObject({ status: 'placed', lines: [{ sku: p.sku, reservedQty: 4 }] });
    expect(new Date(mine!.expiresAt).getTime() - new Date(mine!.placedAt).getTime()).toBe(72 * 3_600_000);

    expect((await (await s.as('warehouse')).get<Problem>('/api/v1/reservations')).status).toBe(403);
    const noReason = await s.api.post<Problem>(`/api/v1/reservations/${order.body.number}/release`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e) => e.pointer)).toEqual(['/reason']);

    const released = await s.api.post<StaffOrder & Problem>(`/api/v1/reservations/${order.body.number}/release`, { reason: 'Looks like a stock-hoarding bot' });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.status).toBe('cancelled');
    expect((await timeline(s.api, released.body.id)).at(-1)).toMatchObject({ type: 'cancelled', data: { reason: 'Looks like a stock-hoarding bot', released: true } });
    expect(await available(p.sku)).toMatchObject({ available: 4 });
    const after = await s.api.get<{ items: Reservation[] }>('/api/v1/reservations?limit=200');
    expect(after.body.items.map((r) => r.number)).not.toContain(order.body.number);

    // Only storefront reservations are released here; a phone order is cancelled from the order itself.
    const phone = await s.api.post<StaffOrder>('/api/v1/orders', orderBody([{ sku: p.sku, quantity: 1, fields: { fabric: 'linen' } }]));
    const refused = await s.api.post<Problem>(`/api/v1/reservations/${phone.body.number}/release`, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invalid_transition');
  });
});

describe('per-address limits on storefront orders', () => {
  it('one address may place only so many orders an hour (429 problem+json with Retry-After, nothing reserved); another address still can', async () => {
    const p = await createProduct(s.api, { initialStock: 50 });
    const visitor = anonFrom(s.url, '127.0.0.4');
    await storefront({ ordersPerAddressPerHour: 2 });
    try {
      expect((await placePublic(visitor, shopper(p.sku, 1))).status).toBe(201);
      expect((await placePublic(visitor, shopper(p.sku, 1))).status).toBe(201);
      const third = await placePublic(visitor, shopper(p.sku, 1));
      expect(third.status).toBe(429);
      expect(third.headers.get('content-type')).toContain('application/problem+json');
      expect(third.body.code).toBe('rate_limited');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3500);
      expect(await available(p.sku)).toMatchObject({ available: 48 });
      expect((await placePublic(anonFrom(s.url, '127.0.0.5'), shopper(p.sku, 1))).status).toBe(201);
    } finally {
      await storefront({});
    }
  });

  it('one order may take only so many units, per line and in all (422 naming the field)', async () => {
    const p = await createProduct(s.api, { initialStock: 1000 });
    const tooMany = await placePublic(s.anon, shopper(p.sku, defaults.maxQuantityPerLine + 1));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ pointer: '/lines/0/quantity', code: 'too_many' })]);
    const { channel: _c, ...body } = orderBody(
      [1, 2, 3].map(() => ({ sku: p.sku, quantity: defaults.maxQuantityPerLine, fields: { fabric: 'linen' } })),
      { customer: { name: 'Bulk', email: `${uniq('bulk')}@example.com` } },
    );
    const total = await placePublic(s.anon, body);
    expect(total.status).toBe(422);
    expect(total.body.errors).toEqual([expect.objectContaining({ pointer: '/lines', code: 'too_many' })]);
    expect(await available(p.sku)).toMatchObject({ available: 1000 });
  });
});

describe('verification e-mails for web orders', () => {
  it('one recipient gets at most the limit per hour; beyond it the order waits for staff, and every decision is audited', async () => {
    const p = await createProduct(s.api, { initialStock: 50 });
    await setSettings(s.api, { verification: { mode: 'by_channel', channels: ['web'] } });
    await storefront({ verificationMailsPerRecipientPerHour: 2 });
    try {
      const victim = `${uniq('victim')}@example.com`;
      const orders: PublicOrder[] = [];
      for (const from of ['127.0.0.6', '127.0.0.7', '127.0.0.8']) {
        const res = await placePublic(anonFrom(s.url, from), shopper(p.sku, 1, victim));
        expect(res.status).toBe(201);
        orders.push(res.body);
      }
      const ids = await Promise.all(orders.map(async (o) => (await staffOrder(o.number)).id));
      const mails = await Promise.all(ids.map((id) => mailOf(s.api, id)));
      expect(mails.map((m) => m.filter((x) => x.template === 'verification_request').length)).toEqual([1, 1, 0]);
      expect((await timeline(s.api, ids[2]!)).map((e) => e.type)).toContain('verification_mail_withheld');
      const audit = (await s.api.get<{ items: { action: string; target: string; status: number; data: Record<string, unknown> }[] }>('/api/v1/audit?limit=500')).body.items.filter((a) => ids.includes(a.target));
      expect(audit.map((a) => a.status).sort()).toEqual([202, 202, 429]);
      expect(audit.every((a) => a.data.to === victim)).toBe(true);
    } finally {
      await storefront({});
      await setSettings(s.api, { verification: { mode: 'never' } });
    }
  });
});
