/**
 * Prices follow the reader's permissions (docs/security.md): a reader without prices.read
 * (the warehouse) reads orders, lists, a customer's orders and timelines without a single
 * money field; a reader with it gets them all. Through HTTP, with sessions and API tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, apiClient, type Api, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

let s: TestServer;
let warehouse: Api;
let warehouseToken: Api;
let viewer: Api;
let orderId: string;
let orderNumber: string;
let customerId: string;

/** Every key, at any depth, that names an amount. */
function moneyKeys(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => moneyKeys(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/Minor$/.test(k) ? [`${at}/${k}`] : []), ...moneyKeys(v, `${at}/${k}`)]);
}

type Order = { id: string; number: string; status: string; lines: { quantity: number; sku: string; unitPriceMinor?: number }[]; totals: { grandTotalMinor?: number }; customer: { id: string } };

beforeAll(async () => {
  s = await startTestServer();
  const p = await createProduct(s.api, { priceMinor: 12_345, sku: uniq('SOFA') });
  // A counter order (paid at the counter, not held) so that the warehouse can move it.
  const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, quantity: 2, fields: { fabric: 'linen' } }], { channel: 'in_person' }));
  expect(o.status, JSON.stringify(o.body)).toBe(201);
  orderId = o.body.id;
  orderNumber = o.body.number;
  customerId = o.body.customer.id;
  const c = await s.api.post<Order>(`/api/v1/orders/${orderId}/confirm`, {});
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  warehouse = await s.as('warehouse');
  viewer = await s.as('viewer');
  const t = await s.api.post<{ token: string }>('/api/v1/api-tokens', { name: 'scanner', role: 'warehouse' });
  expect(t.status).toBe(201);
  warehouseToken = apiClient(s.url, () => ({ authorization: `Bearer ${t.body.token}` }));
});
afterAll(async () => s?.close());

describe('the warehouse (no prices.read) gets no money fields', () => {
  it('reads the order by id and by number: its lines and quantities, no prices or totals', async () => {
    for (const ref of [orderId, orderNumber]) {
      const res = await warehouse.get<Order>(`/api/v1/orders/${ref}`);
      expect(res.status).toBe(200);
      expect(res.body.lines).toHaveLength(1);
      expect(res.body.lines[0]?.quantity).toBe(2);
      expect(res.body.totals).toEqual({});
      expect(moneyKeys(res.body)).toEqual([]);
    }
  });

  it('through an API token with the warehouse role too', async () => {
    const res = await warehouseToken.get<Order>(`/api/v1/orders/${orderId}`);
    expect(res.status).toBe(200);
    expect(res.body.lines[0]?.sku).toBeTruthy();
    expect(moneyKeys(res.body)).toEqual([]);
  });

  it('the order list, a customer\'s orders and the timeline have no amounts', async () => {
    const list = await warehouse.get<{ items: { id: string }[] }>('/api/v1/orders');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toContain(orderId);
    expect(moneyKeys(list.body)).toEqual([]);

    const mine = await warehouse.get<{ items: { id: string }[] }>(`/api/v1/customers/${customerId}/orders`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i) => i.id)).toEqual([orderId]);
    expect(moneyKeys(mine.body)).toEqual([]);

    const tl = await warehouse.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/api/v1/orders/${orderId}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.body.items.map((e) => e.type)).toContain('placed');
    expect(moneyKeys(tl.body)).toEqual([]);
  });

  it('the answer to its own command (start fulfilment, a note) has no amounts', async () => {
    const started = await warehouse.post<Order>(`/api/v1/orders/${orderId}/start-fulfilment`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('in_fulfilment');
    expect(moneyKeys(started.body)).toEqual([]);
    const noted = await warehouse.post<Order>(`/api/v1/orders/${orderId}/notes`, { note: 'packed in two boxes' });
    expect(noted.status).toBe(200);
    expect(moneyKeys(noted.body)).toEqual([]);
  });

  it('a refusal still says what is wrong (problems are not filtered)', async () => {
    const res = await warehouse.get<{ code: string }>('/api/v1/orders/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('readers with prices.read get every amount', () => {
  it.each([['owner'], ['viewer']])('%s', async (who) => {
    const api = who === 'owner' ? s.api : viewer;
    const res = await api.get<Order>(`/api/v1/orders/${orderId}`);
    expect(res.status).toBe(200);
    expect(res.body.lines[0]?.unitPriceMinor).toBe(12_345);
    expect(res.body.totals.grandTotalMinor).toBeGreaterThanOrEqual(2 * 12_345);
    const list = await api.get<{ items: { id: string; grandTotalMinor?: number }[] }>('/api/v1/orders');
    expect(list.body.items.find((i) => i.id === orderId)?.grandTotalMinor).toBe(res.body.totals.grandTotalMinor);
    const tl = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/api/v1/orders/${orderId}/timeline`);
    expect(tl.body.items.find((e) => e.type === 'placed')?.data.grandTotalMinor).toBe(res.body.totals.grandTotalMinor);
  });
});
