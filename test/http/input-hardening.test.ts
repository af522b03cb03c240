/**
 * Hostile input that used to stall or break the server (issue 8, findings 2, 3,
 * 10 and 13): form patterns that backtrack, answers nested 100,000 deep, text
 * PostgreSQL cannot store, amounts past what an integer can hold exactly, and
 * choice lists without end. Each is refused with a 422 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { address, createProduct, orderBody, uniq } from '../support/factories.ts';

type Problem = { code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Order = { id: string; version: number; totals: { grandTotalMinor: number }; lines: { totalMinor: number }[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_PUBLIC_RATE_LIMIT: '1000' });
});
afterAll(async () => s?.close());

const publicBody = (lines: { sku: string; quantity?: number; fields?: Record<string, unknown> }[], overrides: Record<string, unknown> = {}) => {
  const { channel: _c, ...b } = orderBody(lines, { customer: { name: 'Web Customer', email: `${uniq('web')}@example.com` }, ...overrides });
  return b;
};
const placePublic = <T = Problem>(body: unknown) => s.anon.post<T>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
const pointers = (p: Problem) => p.errors.map((e) => e.pointer);
const errorAt = (p: Problem, pointer: string) => p.errors.find((e) => e.pointer === pointer);

/** JSON text with `"__DEEP__"` replaced by an array nested `depth` levels (JSON.stringify itself cannot write one). */
const withDeep = (body: unknown, depth = 100_000) => JSON.stringify(body).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth));

describe('form patterns run in linear time (RE2), on the storefront and everywhere', () => {
  it('a pattern that makes JavaScript backtrack for ever refuses 40 a’s and a ! with a 422, and the server keeps answering', async () => {
    const p = await createProduct(s.api, { fulfilmentMode: 'made_to_order', initialStock: undefined, formFields: [{ key: 'code', label: 'Code', type: 'text', required: true, pattern: '(a+)+$' }] });
    const [order, health] = await Promise.all([placePublic(publicBody([{ sku: p.sku, fields: { code: `${'a'.repeat(40)}!` } }])), s.anon.get<{ status: string }>('/health')]);
    expect(order.status, JSON.stringify(order.body)).toBe(422);
    expect(errorAt(order.body, '/lines/0/fields/code')?.code).toBe('pattern');
    expect(health.status).toBe(200);
    expect((await s.anon.get('/health')).status).toBe(200);
    const ok = await placePublic<Order>(publicBody([{ sku: p.sku, fields: { code: 'a'.repeat(40) } }]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('a pattern RE2 cannot run (a back-reference, a look-ahead) is refused when the product is saved, naming the pattern', async () => {
    const created = await s.api.post<Problem>('/api/v1/products', {
      sku: uniq('BACKREF'),
      name: 'Backref',
      priceMinor: 100,
      currency: 'EUR',
      formFields: [{ key: 'code', label: 'Code', type: 'text', pattern: '(a)\\1' }],
    });
    expect(created.status).toBe(422);
    expect(created.body.errors).toEqual([expect.objectContaining({ pointer: '/formFields/0/pattern', code: 'invalid_pattern' })]);

    const p = await createProduct(s.api);
    const changed = await s.api.patch<Problem>(`/api/v1/products/${p.id}`, {
      formFields: [
        { key: 'fabric', label: 'Fabric', type: 'select', options: [{ value: 'linen', label: 'Linen' }] },
        { key: 'code', label: 'Code', type: 'text', pattern: '(?=a)a+' },
      ],
    });
    expect(changed.status).toBe(422);
    expect(changed.body.errors).toEqual([expect.objectContaining({ pointer: '/formFields/1/pattern', code: 'invalid_pattern' })]);
    expect((await s.api.get<{ version: number }>(`/api/v1/products/${p.id}`)).body.version).toBe(p.version);
  });
});

describe('answers have the shape their field type declares', () => {
  it('an answer nested 100,000 levels deep is a 422 naming the field, on the storefront, the staff route and drafts', async () => {
    const p = await createProduct(s.api);
    const line = [{ sku: p.sku, fields: { fabric: '__DEEP__' } }];
    const headers = { 'idempotency-key': uniq('deep') };
    const storefront = await s.anon.request<Problem>('POST', '/api/v1/public/orders', withDeep(publicBody(line)), headers);
    const staff = await s.api.request<Problem>('POST', '/api/v1/orders', withDeep(orderBody(line)), headers);
    const draft = await s.api.request<Problem>('POST', '/api/v1/orders/drafts', withDeep({ channel: 'phone', lines: line }));
    for (const res of [storefront, staff, draft]) {
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
      expect(pointers(res.body)).toEqual(['/lines/0/fields/fabric']);
    }
  });

  it('each field type takes its own shape; anything else is a 422 naming the field', async () => {
    const p = await createProduct(s.api, {
      fulfilmentMode: 'made_to_order',
      initialStock: undefined,
      formFields: [
        { key: 'fabric', label: 'Fabric', type: 'select', options: [{ value: 'linen', label: 'Linen' }] },
        { key: 'colour', label: 'Colour', type: 'text' },
        { key: 'extras', label: 'Extras', type: 'multi_select', options: [{ value: 'legs', label: 'Legs' }] },
        { key: 'width', label: 'Width', type: 'number' },
        { key: 'gift', label: 'Gift', type: 'boolean' },
        { key: 'on', label: 'On', type: 'date' },
      ],
    });
    const res = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: ['linen'], colour: { text: 'red' }, extras: 'legs', width: [90], gift: 'yes please', on: 20261231 } }]));
    expect(res.status).toBe(422);
    expect(pointers(res.body).sort()).toEqual(['colour', 'extras', 'fabric', 'gift', 'on', 'width'].map((k) => `/lines/0/fields/${k}`).sort());
    expect(errorAt(res.body, '/lines/0/fields/fabric')?.code).toBe('invalid_type');
    const ok = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen', colour: 'red', extras: ['legs'], width: 90, gift: true, on: '2031-12-31' } }]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    // A draft may be incomplete, but what it holds has the shape of an answer.
    const draft = await s.api.post<Problem>('/api/v1/orders/drafts', { channel: 'phone', lines: [{ sku: p.sku, fields: { colour: { text: 'red' }, extras: [['legs']], fabric: 'linen' } }] });
    expect(draft.status).toBe(422);
    expect(pointers(draft.body).sort()).toEqual(['/lines/0/fields/colour', '/lines/0/fields/extras']);
  });

  it('a body nested 100,000 levels deep gets a 4xx problem on every kind of route, never a 500', async () => {
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: (await createProduct(s.api)).sku, fields: { fabric: 'linen' } }]));
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/customers', { name: '__DEEP__' }],
      ['POST', '/api/v1/products', { sku: uniq('DEEP'), name: 'Deep', priceMinor: 1, currency: 'EUR', formFields: '__DEEP__' }],
      ['PATCH', '/api/v1/settings', { deliveryFeesMinor: '__DEEP__' }],
      ['POST', '/api/v1/auth/login', { email: '__DEEP__', password: 'x' }],
      ['POST', `/api/v1/orders/${o.body.id}/notes`, { note: '__DEEP__' }],
      ['POST', '/api/v1/orders', '__DEEP__'],
      ['POST', '/api/v1/orders/drafts', { channel: 'phone', lines: [{ fields: { fabric: '__DEEP__' } }] }],
      ['PATCH', `/api/v1/orders/${o.body.id}`, { lines: [{ sku: 'X', quantity: 1, fields: { fabric: '__DEEP__' } }] }],
      ['POST', '/api/v1/public/orders', '__DEEP__'],
    ];
    for (const [method, path, body] of cases) {
      const res = await s.api.request<Problem>(method, path, withDeep(body), { 'idempotency-key': uniq('deep'), 'if-match': `"${o.body.version}"` });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('text PostgreSQL cannot store (NUL, a lone surrogate) is a 422 naming the field', () => {
  const hostile = (p: { sku: string }) => ({
    lines: [{ sku: p.sku, quantity: 1, fields: { fabric: 'linen', colour: 'red\u0000' } }],
    customer: { name: 'Ada\u0000Lovelace', email: `${uniq('ada')}@example.com`, company: 'Analytical \ud800 Engines' },
    notes: 'Ring \udc00 twice',
    delivery: { method: 'shipping', address: { ...address, line1: '1 High\u0000Street' }, instructions: 'Leave at the door\u0000' },
  });
  const expected = ['/customer/name', '/customer/company', '/notes', '/delivery/address/line1', '/delivery/instructions', '/lines/0/fields/colour'].sort();

  it('on the staff order route', async () => {
    const p = await createProduct(s.api);
    const before = (await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${p.id}`)).body.stock.reserved;
    const res = await s.api.post<Problem>('/api/v1/orders', orderBody([], hostile(p)));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(pointers(res.body).sort()).toEqual(expected);
    expect(res.body.errors.every((e) => e.code === 'invalid_text')).toBe(true);
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${p.id}`)).body.stock.reserved).toBe(before);
  });

  it('on the storefront', async () => {
    const p = await createProduct(s.api);
    const res = await placePublic(publicBody([], hostile(p)));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(pointers(res.body).sort()).toEqual(expected);
  });

  it('in a draft, an edit, a customer, a product, the settings, a log-in, a query string, a path and a field name', async () => {
    const p = await createProduct(s.api);
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }]));
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/orders/drafts', { channel: 'phone', notes: 'a\u0000' }, '/notes'],
      ['PATCH', `/api/v1/orders/${o.body.id}`, { notes: 'b\ud800' }, '/notes'],
      ['POST', `/api/v1/orders/${o.body.id}/notes`, { note: 'c\u0000' }, '/note'],
      ['POST', '/api/v1/customers', { name: 'Grace\u0000' }, '/name'],
      ['POST', '/api/v1/products', { sku: uniq('NUL'), name: 'Lamp\udfff', priceMinor: 1, currency: 'EUR' }, '/name'],
      ['PATCH', '/api/v1/settings', { businessName: 'Shop\u0000' }, '/businessName'],
      ['POST', '/api/v1/auth/login', { email: 'owner\u0000@orderly.test', password: 'x' }, '/email'],
      ['GET', '/api/v1/orders?q=ab%00cd', undefined, '/q'],
      ['GET', '/api/v1/customers/%00', undefined, '/id'],
      ['GET', '/api/v1/orders/SO-%00', undefined, '/id'],
      ['POST', '/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen', 'col\u0000our': 'red' } }]), '/lines/0/fields/col\u0000our'],
    ];
    for (const [method, path, body, pointer] of cases) {
      const res = await s.api.request<Problem>(method, path, body, { 'if-match': `"${o.body.version}"` });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(pointers(res.body), `${method} ${path}`).toContain(pointer);
    }
  });
});

describe('money and choices are bounded', () => {
  const discounted = () =>
    createProduct(s.api, {
      priceMinor: 1_000,
      fulfilmentMode: 'made_to_order',
      initialStock: undefined,
      formFields: [{ key: 'deal', label: 'Deal', type: 'select', required: true, options: [{ value: 'none', label: 'None' }, { value: 'huge', label: 'Huge', priceDeltaMinor: -5_000 }] }],
    });

  it("editing a placed order's lines cannot bring a price below zero", async () => {
    const p = await discounted();
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { deal: 'none' } }]));
    expect(placed.status).toBe(201);
    const edit = await s.api.patch<Problem>(`/api/v1/orders/${placed.body.id}`, { lines: [{ sku: p.sku, quantity: 3, fields: { deal: 'huge' } }] }, { 'if-match': `"${placed.body.version}"` });
    expect(edit.status, JSON.stringify(edit.body)).toBe(422);
    expect(edit.body.errors).toEqual([expect.objectContaining({ pointer: '/lines/0/fields', code: 'negative_price' })]);
    const after = await s.api.get<Order>(`/api/v1/orders/${placed.body.id}`);
    expect(after.body.version).toBe(placed.body.version);
    expect(after.body.totals.grandTotalMinor).toBe(placed.body.totals.grandTotalMinor);
    expect(after.body.totals.grandTotalMinor).toBeGreaterThan(0);
  });

  it('a line past 10^12 minor units is a 422 naming its quantity — placing, on the storefront and editing — never an overflow', async () => {
    const p = await createProduct(s.api, { priceMinor: 100_000_000_000, taxRateBp: 2000, fulfilmentMode: 'made_to_order', initialStock: undefined });
    const line = [{ sku: p.sku, quantity: 100_000, fields: { fabric: 'linen' } }];
    const staff = await s.api.post<Problem>('/api/v1/orders', orderBody(line));
    expect(staff.status, JSON.stringify(staff.body)).toBe(422);
    expect(staff.body.errors).toEqual([expect.objectContaining({ pointer: '/lines/0/quantity', code: 'amount_too_large' })]);
    const web = await placePublic(publicBody(line));
    expect(web.status).toBe(422);
    // The shop also caps units per line and per order (storefront settings): both are named.
    expect(pointers(web.body)).toEqual(['/lines/0/quantity', '/lines']);

    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, quantity: 1, fields: { fabric: 'linen' } }]));
    expect(placed.status).toBe(201);
    const edit = await s.api.patch<Problem>(`/api/v1/orders/${placed.body.id}`, { lines: line }, { 'if-match': `"${placed.body.version}"` });
    expect(edit.status).toBe(422);
    expect(pointers(edit.body)).toEqual(['/lines/0/quantity']);
  });

  it('an order whose total passes 10^12 minor units is a 422 naming its lines', async () => {
    const p = await createProduct(s.api, { priceMinor: 100_000_000_000, taxRateBp: 0, fulfilmentMode: 'made_to_order', initialStock: undefined });
    const line = { sku: p.sku, quantity: 6, fields: { fabric: 'linen' } };
    const one = await s.api.post<Order>('/api/v1/orders', orderBody([line]));
    expect(one.status).toBe(201);
    expect(one.body.totals.grandTotalMinor).toBe(600_000_000_000);
    const two = await s.api.post<Problem>('/api/v1/orders', orderBody([line, line]));
    expect(two.status, JSON.stringify(two.body)).toBe(422);
    expect(two.body.errors).toEqual([expect.objectContaining({ pointer: '/lines', code: 'amount_too_large' })]);
  });

  it('a multi-select answer lists each of its options at most once', async () => {
    const p = await createProduct(s.api, {
      fulfilmentMode: 'made_to_order',
      initialStock: undefined,
      formFields: [{ key: 'extras', label: 'Extras', type: 'multi_select', options: ['a', 'b', 'c'].map((v) => ({ value: v, label: v.toUpperCase() })) }],
    });
    const answer = async (extras: unknown) => {
      const res = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { extras } }]));
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
      expect(pointers(res.body)).toEqual(['/lines/0/fields/extras']);
      return res.body.errors[0] as Problem['errors'][number];
    };
    expect((await answer(['a', 'b', 'c', 'a'])).code).toBe('too_many');
    expect((await answer(['a', 'a'])).code).toBe('duplicate_choice');
    const huge = await answer(Array.from({ length: 10_000 }, (_, i) => `choice-${i}`));
    expect(huge.message.length).toBeLessThan(200);
    expect((await s.api.post('/api/v1/orders', orderBody([{ sku: p.sku, fields: { extras: ['c', 'a'] } }]))).status).toBe(201);
  });
});
