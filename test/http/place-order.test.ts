import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, tableForm, uniq } from '../support/factories.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string; message: string }[] };
type Order = { id: string; number: string; status: string; version: number; lines: { answers: Record<string, { display: string }>; unitPriceMinor: number; optionsPriceMinor: number; reservedQty: number; backorderedQty: number }[]; totals: Record<string, number>; customer: { id: string; name: string } };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('placing an order', () => {
  it('a sofa ordered without a fabric gets a 422 that names the fabric field, and nothing is written', async () => {
    const sofa = await createProduct(s.api);
    const before = await s.api.get<{ items: unknown[] }>('/api/v1/orders');
    const res = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { colour: 'red' } }]));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/lines/0/fields/fabric', code: 'required' }));
    const after = await s.api.get<{ items: unknown[] }>('/api/v1/orders');
    expect(after.body.items.length).toBe(before.body.items.length);
    const stock = await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`);
    expect(stock.body.stock.reserved).toBe(0);
  });

  it('reports every missing field of every line at once', async () => {
    const sofa = await createProduct(s.api);
    const table = await createProduct(s.api, { sku: uniq('TABLE'), name: 'Table', formFields: tableForm });
    const res = await s.api.post<Problem>('/api/v1/orders', {
      ...orderBody([{ sku: sofa.sku }, { sku: table.sku, fields: { finish: 'painted' } }, { sku: 'NO-SUCH-SKU' }]),
      delivery: { method: 'shipping' },
    });
    expect(res.status).toBe(422);
    const pointers = res.body.errors.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/delivery/address', '/lines/0/fields/fabric', '/lines/1/fields/paint_colour', '/lines/2/sku'].sort());
    for (const e of res.body.errors) expect(e.message.length).toBeGreaterThan(5);
  });

  it('a form with a malformed part still hears about every other problem at once', async () => {
    const sofa = await createProduct(s.api);
    const res = await s.api.post<Problem>('/api/v1/orders', { ...orderBody([{ sku: sofa.sku }, { sku: sofa.sku, quantity: 0, fields: { fabric: 'silk' } }]), customer: { email: 'not-an-email' }, delivery: { method: 'shipping' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/customer/email', '/customer/name', '/delivery/address', '/lines/0/fields/fabric', '/lines/1/fields/fabric', '/lines/1/quantity'].sort());
  });

  it('a conditional field is required only when its condition holds', async () => {
    const table = await createProduct(s.api, { sku: uniq('TABLE'), name: 'Table', formFields: tableForm });
    const oiled = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: table.sku, fields: { finish: 'oiled' } }]));
    expect(oiled.status).toBe(201);
    const painted = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: table.sku, fields: { finish: 'painted' } }]));
    expect(painted.status).toBe(422);
    expect(painted.body.errors.map((e) => e.pointer)).toEqual(['/lines/0/fields/paint_colour']);
    const ok = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: table.sku, fields: { finish: 'painted', paint_colour: 'RAL 9010' } }]));
    expect(ok.status).toBe(201);
    expect(ok.body.lines[0]?.answers.paint_colour?.display).toBe('RAL 9010');
  });

  it('freezes prices and option changes and computes totals in integers', async () => {
    const sofa = await createProduct(s.api, { priceMinor: 10_001, taxRateBp: 2000 });
    const res = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 3, fields: { fabric: 'velvet' } }]));
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^SO-\d{4}-\d{6}$/);
    const line = res.body.lines[0];
    expect(line?.unitPriceMinor).toBe(10_001);
    expect(line?.optionsPriceMinor).toBe(12_000);
    // (10001 + 12000) × 3 = 66003; 20 % tax = 13200.6 → 13201
    expect(res.body.totals).toMatchObject({ linesTotalMinor: 66_003, optionsTotalMinor: 36_000, taxTotalMinor: 13_201, grandTotalMinor: 79_204 });
    // A later price change does not touch the placed order.
    const changed = await s.api.patch(`/api/v1/products/${sofa.id}`, { priceMinor: 1 });
    expect(changed.status).toBe(200);
    const again = await s.api.get<Order>(`/api/v1/orders/${res.body.id}`);
    expect(again.body.lines[0]?.unitPriceMinor).toBe(10_001);
    expect(again.body.totals.grandTotalMinor).toBe(79_204);
  });

  it('inline contact details match an existing customer by e-mail instead of making a second one', async () => {
    const sofa = await createProduct(s.api);
    const email = `${uniq('grace')}@Example.com`;
    const a = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { name: 'Grace Hopper', email } }));
    const b = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { name: 'Grace Hopper', email: email.toLowerCase() } }));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.customer.id).toBe(a.body.customer.id);
  });

  it('the same Idempotency-Key twice makes one order; with another body it is refused', async () => {
    const sofa = await createProduct(s.api);
    const body = orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]);
    const key = `key-${uniq('idem')}`;
    const first = await s.api.post<Order>('/api/v1/orders', body, { 'idempotency-key': key });
    const second = await s.api.post<Order>('/api/v1/orders', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const product = await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`);
    expect(product.body.stock.reserved).toBe(1);
    const other = await s.api.post<Problem>('/api/v1/orders', { ...body, notes: 'different' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('the same Idempotency-Key sent concurrently still makes one order', async () => {
    const sofa = await createProduct(s.api);
    const body = orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]);
    const key = `key-${uniq('race')}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => s.api.post<Order>('/api/v1/orders', body, { 'idempotency-key': key })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const product = await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`);
    expect(product.body.stock.reserved).toBe(1);
  });

  it('50 concurrent placements get 50 distinct numbers', async () => {
    const sofa = await createProduct(s.api, { initialStock: 1000 });
    const results = await Promise.all(Array.from({ length: 50 }, () => s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]))));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.number)).size).toBe(50);
  });

  it('64 concurrent orders for the last 10 units: exactly 10 succeed, the others get out_of_stock naming the line', async () => {
    const sofa = await createProduct(s.api, { initialStock: 10 });
    const results = await Promise.all(Array.from({ length: 64 }, () => s.api.post<Order & Problem>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]))));
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won.length).toBe(10);
    expect(lost.every((r) => r.status === 409 && r.body.code === 'out_of_stock')).toBe(true);
    expect(lost[0]?.body.errors[0]?.pointer).toBe('/lines/0/quantity');
    const product = await s.api.get<{ stock: { onHand: number; reserved: number; available: number } }>(`/api/v1/products/${sofa.id}`);
    expect(product.body.stock).toEqual({ onHand: 10, reserved: 10, available: 0 });
  });

  it('a product that allows back-orders takes the order and marks the missing units back-ordered', async () => {
    const sofa = await createProduct(s.api, { initialStock: 2, allowBackorder: true });
    const res = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 5, fields: { fabric: 'linen' } }]));
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ reservedQty: 2, backorderedQty: 3 });
  });

  it('made-to-order products need no stock and set the expected completion date from their lead time', async () => {
    const mto = await createProduct(s.api, { sku: uniq('MTO'), fulfilmentMode: 'made_to_order', leadTimeDays: 28, initialStock: undefined, formFields: [] });
    const res = await s.api.post<Order & { expectedCompletionDate: string }>('/api/v1/orders', orderBody([{ sku: mto.sku, quantity: 3 }]));
    expect(res.status).toBe(201);
    // Default calendar: Monday to Friday, 1 dispatch day; 28 + 1 working days from today (a weekend day counts from Monday).
    let t = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const weekend = () => [0, 6].includes(new Date(t).getUTCDay());
    while (weekend()) t += 86_400_000;
    for (let i = 0; i < 29; i++) {
      t += 86_400_000;
      while (weekend()) t += 86_400_000;
    }
    expect(res.body.expectedCompletionDate).toBe(new Date(t).toISOString().slice(0, 10));
  });
});

describe('messages for people', () => {
  it('a quantity out of range, a fraction, a missing name and a bad e-mail are each named in plain words', async () => {
    const p = await createProduct(s.api);
    const body = orderBody([
      { sku: p.sku, quantity: 100_001, fields: { fabric: 'linen' } },
      { sku: p.sku, quantity: 0, fields: { fabric: 'linen' } },
      { sku: p.sku, quantity: 1.5, fields: { fabric: 'linen' } },
    ]);
    const res = await s.api.post<{ errors: { pointer: string; message: string }[] }>('/api/v1/orders', { ...body, customer: { name: '', email: 'not-an-email' } });
    expect(res.status).toBe(422);
    const byPointer = Object.fromEntries(res.body.errors.map((e) => [e.pointer, e.message]));
    expect(byPointer).toMatchObject({
      '/lines/0/quantity': 'Enter a quantity of at most 100,000',
      '/lines/1/quantity': 'Enter a quantity of at least 1',
      '/lines/2/quantity': 'Quantity must be a whole number',
      '/customer/email': 'Enter a valid e-mail address',
    });
    expect(byPointer['/customer/name']).toMatch(/name/i);
    for (const e of res.body.errors) expect(e.message, e.pointer).not.toMatch(/^(Too big|Too small|Invalid input)/);
  });
});
