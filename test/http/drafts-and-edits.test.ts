import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { address, createProduct, orderBody } from '../support/factories.ts';

type Order = { id: string; number: string | null; status: string; version: number; missing: { pointer: string }[] | null; notes: string; lines: { sku: string; quantity: number }[]; totals: { grandTotalMinor: number }; delivery: { method: string } };
type Timeline = { items: { type: string; data: Record<string, unknown> }[] };
type Problem = { code: string; errors: { pointer: string }[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('drafts: an incomplete phone order is kept and completed later', () => {
  it('saves what is there, lists what is missing, and places it once complete', async () => {
    const sofa = await createProduct(s.api, { initialStock: 3 });
    const draft = await s.api.post<Order>('/api/v1/orders/drafts', { channel: 'phone', customer: { name: 'Ada' }, lines: [{ sku: sofa.sku, quantity: 1 }] });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', number: null });
    expect(draft.body.missing?.map((m) => m.pointer).sort()).toEqual(['/delivery', '/lines/0/fields/fabric'].sort());
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`)).body.stock.reserved).toBe(0);

    const early = await s.api.post<Problem>(`/api/v1/orders/${draft.body.id}/submit`);
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/lines/0/fields/fabric', '/delivery']));

    const edited = await s.api.patch<Order>(`/api/v1/orders/${draft.body.id}`, { lines: [{ sku: sofa.sku, quantity: 1, fields: { fabric: 'velvet' } }], delivery: { method: 'pickup' } }, { 'if-match': `"${draft.body.version}"` });
    expect(edited.status).toBe(200);
    expect(edited.body.missing).toEqual([]);

    const placed = await s.api.post<Order>(`/api/v1/orders/${draft.body.id}/submit`);
    expect(placed.status).toBe(200);
    expect(placed.body.status).toBe('placed');
    expect(placed.body.number).toMatch(/^SO-/);
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`)).body.stock.reserved).toBe(1);
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${draft.body.id}/timeline`);
    expect(tl.body.items.map((e) => e.type)).toEqual(['draft_created', 'edited', 'placed']);
  });
});

describe('editing a placed order', () => {
  it('needs If-Match: missing → 428, stale → 412', async () => {
    const sofa = await createProduct(s.api);
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect((await s.api.patch<Problem>(`/api/v1/orders/${o.body.id}`, { notes: 'x' })).status).toBe(428);
    const first = await s.api.patch<Order>(`/api/v1/orders/${o.body.id}`, { notes: 'Ring the bell twice' }, { 'if-match': `"${o.body.version}"` });
    expect(first.status).toBe(200);
    const stale = await s.api.patch<Problem>(`/api/v1/orders/${o.body.id}`, { notes: 'Leave at the door' }, { 'if-match': `"${o.body.version}"` });
    expect(stale.status).toBe(412);
    const now = await s.api.get<Order>(`/api/v1/orders/${o.body.id}`);
    expect(now.body.notes).toBe('Ring the bell twice');
  });

  it('changing lines re-reserves stock, recomputes totals, and the timeline keeps both versions', async () => {
    const sofa = await createProduct(s.api, { initialStock: 10, priceMinor: 10_000, taxRateBp: 0 });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 2, fields: { fabric: 'linen' } }], { delivery: { method: 'pickup' } }));
    const res = await s.api.patch<Order>(`/api/v1/orders/${o.body.id}`, { lines: [{ sku: sofa.sku, quantity: 5, fields: { fabric: 'linen' } }] }, { 'if-match': `"${o.body.version}"` });
    expect(res.status).toBe(200);
    expect(res.body.lines[0]?.quantity).toBe(5);
    expect(res.body.totals.grandTotalMinor).toBe(50_000);
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`)).body.stock.reserved).toBe(5);
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${o.body.id}/timeline`);
    const edit = tl.body.items.find((e) => e.type === 'edited');
    expect(JSON.stringify(edit?.data)).toContain('"quantity":2');
    expect(JSON.stringify(edit?.data)).toContain('"quantity":5');
  });

  it('an edit that asks for more than is in stock is refused and leaves the order as it was', async () => {
    const sofa = await createProduct(s.api, { initialStock: 3 });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 1, fields: { fabric: 'linen' } }]));
    const res = await s.api.patch<Problem>(`/api/v1/orders/${o.body.id}`, { lines: [{ sku: sofa.sku, quantity: 9, fields: { fabric: 'linen' } }] }, { 'if-match': `"${o.body.version}"` });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('out_of_stock');
    const after = await s.api.get<Order>(`/api/v1/orders/${o.body.id}`);
    expect(after.body.lines[0]?.quantity).toBe(1);
    expect(after.body.version).toBe(o.body.version);
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`)).body.stock.reserved).toBe(1);
  });

  it('after confirmation the lines are fixed but the delivery can still change', async () => {
    const sofa = await createProduct(s.api);
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    const c = await s.api.post<Order>(`/api/v1/orders/${o.body.id}/confirm`);
    const lines = await s.api.patch<Problem>(`/api/v1/orders/${o.body.id}`, { lines: [{ sku: sofa.sku, quantity: 2, fields: { fabric: 'linen' } }] }, { 'if-match': `"${c.body.version}"` });
    expect(lines.status).toBe(409);
    const delivery = await s.api.patch<Order>(`/api/v1/orders/${o.body.id}`, { delivery: { method: 'local_delivery', address } }, { 'if-match': `"${c.body.version}"` });
    expect(delivery.status).toBe(200);
    expect(delivery.body.delivery.method).toBe('local_delivery');
  });
});
