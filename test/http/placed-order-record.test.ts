/**
 * What placing an order writes besides the order itself: its number, its first
 * timeline entry, the stock movement, its search text, and the settings it used.
 * Placement writes all of these in few statements, so each is checked here.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, tableForm, uniq } from '../support/factories.ts';

type Line = { id: string; position: number; answers: Record<string, { value: unknown; display: string }>; reservedQty: number; totalMinor: number };
type Order = { id: string; number: string; version: number; lines: Line[]; customer: { id: string; name: string }; totals: { grandTotalMinor: number } };
type TimelineEntry = { type: string; toStatus: string | null; data: Record<string, unknown>; actor: { kind: string } };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('the record a placed order leaves', () => {
  it('the answer shows the lines as stored: reading the order back gives the same lines', async () => {
    const sofa = await createProduct(s.api);
    const table = await createProduct(s.api, { sku: uniq('TABLE'), name: 'Table', formFields: tableForm, fulfilmentMode: 'made_to_order', initialStock: undefined });
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 2, fields: { fabric: 'velvet', colour: 'Moss' } }, { sku: table.sku, fields: { finish: 'painted', paint_colour: 'RAL 9010' } }]));
    expect(placed.status).toBe(201);
    const read = await s.api.get<Order>(`/api/v1/orders/${placed.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.lines).toEqual(placed.body.lines);
    expect(read.body.lines.map((l) => l.reservedQty)).toEqual([2, 0]);
    expect(read.body.number).toBe(placed.body.number);
  });

  it('its first timeline entry says it was placed, with its number and total', async () => {
    const sofa = await createProduct(s.api);
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    const timeline = await s.api.get<{ items: TimelineEntry[] }>(`/api/v1/orders/${placed.body.id}/timeline`);
    expect(timeline.body.items).toHaveLength(1);
    expect(timeline.body.items[0]).toMatchObject({ type: 'placed', toStatus: 'placed', data: { number: placed.body.number, grandTotalMinor: placed.body.totals.grandTotalMinor } });
  });

  it('reserving stock records a movement naming the order', async () => {
    const sofa = await createProduct(s.api, { initialStock: 7 });
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 3, fields: { fabric: 'linen' } }]));
    const movements = await s.api.get<{ items: { kind: string; quantity: number; orderId: string | null }[] }>(`/api/v1/products/${sofa.id}/stock-movements`);
    expect(movements.body.items[0]).toMatchObject({ kind: 'reserve', quantity: 3, orderId: placed.body.id });
    const refused = await s.api.post('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 5, fields: { fabric: 'linen' } }]));
    expect(refused.status).toBe(409);
    const after = await s.api.get<{ items: unknown[] }>(`/api/v1/products/${sofa.id}/stock-movements`);
    expect(after.body.items).toHaveLength(movements.body.items.length);
  });

  it('is found by its number and by its customer name', async () => {
    const sofa = await createProduct(s.api);
    const name = `Zebedee ${uniq('Quux')}`;
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { name, email: `${uniq('zq')}@example.com` } }));
    const byNumber = await s.api.get<{ items: { id: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(placed.body.number.toLowerCase())}`);
    expect(byNumber.body.items.map((o) => o.id)).toEqual([placed.body.id]);
    const byName = await s.api.get<{ items: { id: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(name.slice(0, 12))}`);
    expect(byName.body.items.map((o) => o.id)).toContain(placed.body.id);
  });

  it('a known customer named by id is used as they are', async () => {
    const sofa = await createProduct(s.api);
    const customer = await s.api.post<{ id: string; name: string }>('/api/v1/customers', { name: 'Grace Known', email: `${uniq('gk')}@example.com` });
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { id: customer.body.id } }));
    expect(placed.status).toBe(201);
    expect(placed.body.customer).toMatchObject({ id: customer.body.id, name: 'Grace Known' });
  });

  it('a changed number prefix applies to the very next order', async () => {
    const sofa = await createProduct(s.api);
    const first = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect(first.body.number).toMatch(/^SO-\d{4}-\d{6}$/);
    const settings = await s.api.get<{ version: number }>('/api/v1/settings');
    const changed = await s.api.patch('/api/v1/settings', { orderNumberPrefix: 'WEB', orderNumberIncludesYear: false }, { 'if-match': `"${settings.body.version}"` });
    expect(changed.status).toBe(200);
    try {
      const next = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
      expect(next.body.number).toMatch(/^WEB-\d{6}$/);
    } finally {
      const now = await s.api.get<{ version: number }>('/api/v1/settings');
      await s.api.patch('/api/v1/settings', { orderNumberPrefix: 'SO', orderNumberIncludesYear: true }, { 'if-match': `"${now.body.version}"` });
    }
  });

  it('numbers grow past six digits instead of being cut', async () => {
    const sofa = await createProduct(s.api);
    await s.running.database.db.execute(sql`select setval('order_number_seq', 999999)`);
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect(placed.body.number).toMatch(/^SO-\d{4}-1000000$/);
  });
});
