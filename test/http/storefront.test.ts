import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Problem = { code: string; errors: { pointer: string; code: string }[] };
type Order = { id: string; number: string; channel: string; createdBy: { kind: string; name: string }; customer: { name: string } };
type PublicOrder = { number: string; status: string; channel: string; customer: { name: string } };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_PUBLIC_RATE_LIMIT: '40' });
});
afterAll(async () => s?.close());

const publicBody = (sku: string, fields: Record<string, unknown>) => {
  const { channel: _c, ...b } = orderBody([{ sku, fields }], { customer: { name: 'Web Customer', email: `${uniq('web')}@example.com` } });
  return b;
};

describe('the storefront', () => {
  it('shows active products with their order forms and the business contact details, to anyone', async () => {
    const p = await createProduct(s.api, { initialStock: 2 });
    const hidden = await createProduct(s.api);
    await s.api.patch(`/api/v1/products/${hidden.id}`, { active: false });
    const res = await s.anon.get<{ business: { name: string }; products: { sku: string; availability: string; formFields: unknown[] }[] }>('/api/v1/public/catalog');
    expect(res.status).toBe(200);
    const mine = res.body.products.find((x) => x.sku === p.sku);
    expect(mine?.availability).toBe('low_stock');
    expect(mine?.formFields.length).toBeGreaterThan(0);
    expect(res.body.products.some((x) => x.sku === hidden.sku)).toBe(false);
  });

  it('a customer orders without an account; the order comes in on the web channel', async () => {
    const p = await createProduct(s.api);
    const res = await s.anon.post<PublicOrder>('/api/v1/public/orders', publicBody(p.sku, { fabric: 'velvet' }), { 'idempotency-key': uniq('form-key') });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('web');
    const staff = await s.api.get<Order>(`/api/v1/orders/${res.body.number}`);
    expect(staff.body.createdBy).toEqual({ kind: 'system', name: 'storefront' });
  });

  it('the same form submitted twice (double click) makes one order', async () => {
    const p = await createProduct(s.api);
    const key = uniq('form-key');
    const body = publicBody(p.sku, { fabric: 'linen' });
    const [a, b] = await Promise.all([s.anon.post<PublicOrder>('/api/v1/public/orders', body, { 'idempotency-key': key }), s.anon.post<PublicOrder>('/api/v1/public/orders', body, { 'idempotency-key': key })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.number).toMatch(/^SO-/);
    expect(a.body.number).toBe(b.body.number);
    // One made the order, the other was answered with it.
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].sort()).toEqual(['true', null].sort());
  });

  it('refuses an incomplete form with every problem, and a form without an Idempotency-Key', async () => {
    const p = await createProduct(s.api);
    const res = await s.anon.post<Problem>('/api/v1/public/orders', { ...publicBody(p.sku, {}), customer: { name: 'X' } }, { 'idempotency-key': uniq('form-key') });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/customer/email', '/lines/0/fields/fabric'].sort());
    const noKey = await s.anon.post<Problem>('/api/v1/public/orders', publicBody(p.sku, { fabric: 'linen' }));
    expect(noKey.status).toBe(422);
    expect(noKey.body.errors[0]?.pointer).toBe('/idempotency-key');
  });

  it('cannot place an order on behalf of an existing customer by naming their id', async () => {
    const p = await createProduct(s.api);
    const c = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Private Person', email: `${uniq('private')}@example.com`, phone: '+442079460000' });
    const res = await s.anon.post<Problem>('/api/v1/public/orders', { ...publicBody(p.sku, { fabric: 'linen' }), customer: { id: c.body.id } }, { 'idempotency-key': uniq('form-key') });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).not.toContain('Private Person');
  });

  it('is rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await s.anon.post('/api/v1/public/orders', {}, { 'idempotency-key': uniq('flood-key') })).status);
    expect(statuses).toContain(429);
  });
});
