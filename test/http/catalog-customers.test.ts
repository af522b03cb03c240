import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, sofaForm, uniq } from '../support/factories.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string }[]; existingCustomerId?: string };
type Customer = { id: string; name: string; email: string | null; phone: string | null; version: number };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('catalog', () => {
  it('a bad product form definition is refused, naming each bad field', async () => {
    const res = await s.api.post<Problem>('/api/v1/products', {
      sku: uniq('BAD'),
      name: 'Bad',
      priceMinor: 100,
      currency: 'EUR',
      formFields: [
        { key: 'fabric', label: 'Fabric', type: 'select', options: [{ value: 'a', label: 'A' }] },
        { key: 'fabric', label: 'Again', type: 'text' },
        { key: 'colour', label: 'Colour', type: 'text', shownWhen: { field: 'nope', equals: 'x' } },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/formFields/1/key duplicate_key', '/formFields/2/shownWhen/field unknown_field']);
  });

  it('an unknown field type is refused by the schema', async () => {
    const res = await s.api.post<Problem>('/api/v1/products', { sku: uniq('BAD'), name: 'Bad', priceMinor: 100, currency: 'EUR', formFields: [{ key: 'x', label: 'X', type: 'colour-wheel' }] });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.pointer).toBe('/formFields/0/type');
  });

  it('SKUs are unique regardless of case', async () => {
    const sku = uniq('Chair');
    await createProduct(s.api, { sku });
    const res = await s.api.post<Problem>('/api/v1/products', { sku: sku.toUpperCase(), name: 'Dup', priceMinor: 1, currency: 'EUR' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]?.pointer).toBe('/sku');
  });

  it('stock can be counted in, and never set below what orders have reserved', async () => {
    const p = await createProduct(s.api, { initialStock: 5 });
    await s.api.post('/api/v1/orders', orderBody([{ sku: p.sku, quantity: 4, fields: { fabric: 'linen' } }]));
    const tooLow = await s.api.post<Problem>(`/api/v1/products/${p.id}/stock-adjustments`, { onHand: 3, reason: 'stock count' });
    expect(tooLow.status).toBe(422);
    const ok = await s.api.post<{ onHand: number; available: number }>(`/api/v1/products/${p.sku}/stock-adjustments`, { delta: 10, reason: 'delivery from supplier' });
    expect(ok.body).toMatchObject({ onHand: 15, available: 11 });
    const moves = await s.api.get<{ items: { kind: string; quantity: number }[] }>(`/api/v1/products/${p.id}/stock-movements`);
    // The initial stock is the first movement (the opening balance), so the levels can be rebuilt from the ledger.
    expect(moves.body.items.map((m) => `${m.kind}:${m.quantity}`)).toEqual(['adjust:10', 'reserve:4', 'adjust:5']);
  });

  it('an inactive product cannot be ordered', async () => {
    const p = await createProduct(s.api);
    await s.api.patch(`/api/v1/products/${p.id}`, { active: false });
    const res = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }]));
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/lines/0/sku', code: 'inactive' }));
  });

  it('a product form can change and new orders follow it while old orders keep their answers', async () => {
    const p = await createProduct(s.api);
    const first = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'velvet' } }]));
    const res = await s.api.patch<{ formFields: unknown[] }>(`/api/v1/products/${p.id}`, { formFields: [...sofaForm, { key: 'legs', label: 'Legs', type: 'select', required: true, options: [{ value: 'oak', label: 'Oak' }] }] });
    expect(res.status).toBe(200);
    const refused = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'velvet' } }]));
    expect(refused.body.errors.map((e) => e.pointer)).toEqual(['/lines/0/fields/legs']);
    const old = await s.api.get<{ lines: { answers: Record<string, unknown> }[] }>(`/api/v1/orders/${first.body.id}`);
    expect(Object.keys(old.body.lines[0]?.answers ?? {})).toEqual(['fabric']);
  });
});

describe('customers', () => {
  it('normalises e-mail and phone, and refuses a duplicate e-mail with a pointer to the existing customer', async () => {
    const email = `${uniq('Nil')}@Example.COM`;
    const a = await s.api.post<Customer>('/api/v1/customers', { name: 'Nil Yılmaz', email, phone: '0532 123 45 67' });
    expect(a.status).toBe(201);
    expect(a.body.phone).toMatch(/^\+44/);
    const dup = await s.api.post<Problem>('/api/v1/customers', { name: 'Someone else', email: email.toLowerCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.existingCustomerId).toBe(a.body.id);
    expect(dup.body.errors[0]?.pointer).toBe('/email');
  });

  it('reads local phone numbers in the business country and refuses what is not a phone number', async () => {
    await s.api.patch('/api/v1/settings', { defaultCountry: 'TR' });
    const tr = await s.api.post<Customer>('/api/v1/customers', { name: 'Mehmet', phone: '0532 123 45 67' });
    expect(tr.body.phone).toBe('+905321234567');
    const bad = await s.api.post<Problem>('/api/v1/customers', { name: 'X', phone: 'call me maybe' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]?.pointer).toBe('/phone');
    await s.api.patch('/api/v1/settings', { defaultCountry: 'GB' });
  });

  it('search finds a customer by part of the name, e-mail, phone or company', async () => {
    const tag = uniq('zz').replace(/-/g, '');
    const c = await s.api.post<Customer>('/api/v1/customers', { name: `Halide ${tag}`, email: `${tag}@firm.example`, phone: '+44 20 7946 0018', company: `Edib ${tag} Ltd` });
    for (const q of [tag, `halide ${tag}`, `${tag}@firm`, '2079460018', `Edib ${tag}`]) {
      const res = await s.api.get<{ items: Customer[] }>(`/api/v1/customers?q=${encodeURIComponent(q)}`);
      expect(res.body.items.map((x) => x.id), q).toContain(c.body.id);
    }
  });

  it('search finds a phone number typed as spoken, and names whatever their case and accents (Turkish too)', async () => {
    const tag = uniq('yy').replace(/[-\d]/g, '');
    const phone = `+4477009${String(Date.now()).slice(-5)}`;
    const c = await s.api.post<Customer>('/api/v1/customers', { name: `İnan Çağrı Öztürk ${tag}`, phone, company: 'Müller & Şahin' });
    expect(c.status).toBe(201);
    const spoken = `0${phone.slice(3, 7)} ${phone.slice(7)}`; // 07700 9xxxxx, as a clerk types it in the UK
    for (const q of [spoken, `inan cagri ozturk ${tag}`, `İNAN ÇAĞRI ÖZTÜRK ${tag}`, `ozturk ${tag}`, "muller & sahin"]) {
      const res = await s.api.get<{ items: Customer[] }>(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=100`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((x) => x.id), q).toContain(c.body.id);
    }
    // Still a search: another name does not match.
    const none = await s.api.get<{ items: Customer[] }>(`/api/v1/customers?q=${encodeURIComponent(`inan zzz ${tag}`)}`);
    expect(none.body.items.map((x) => x.id)).not.toContain(c.body.id);
  });

  it('orders are found by their customer however the name is typed', async () => {
    const p = await createProduct(s.api);
    const tag = uniq('xx').replace(/[-\d]/g, '');
    const o = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }], { customer: { name: `Işıl Güneş ${tag}`, email: `${uniq('isil')}@example.com` } }));
    expect(o.status).toBe(201);
    const res = await s.api.get<{ items: { id: string }[] }>(`/api/v1/orders?q=${encodeURIComponent(`isil gunes ${tag}`)}`);
    expect(res.body.items.map((x) => x.id)).toContain(o.body.id);
  });

  it("a customer's orders are listed, newest first", async () => {
    const p = await createProduct(s.api);
    const c = await s.api.post<Customer>('/api/v1/customers', { name: 'Orhan', email: `${uniq('orhan')}@example.com` });
    const o1 = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }], { customer: { id: c.body.id } }));
    const o2 = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }], { customer: { id: c.body.id } }));
    const res = await s.api.get<{ items: { id: string }[] }>(`/api/v1/customers/${c.body.id}/orders`);
    expect(res.body.items.map((o) => o.id)).toEqual([o2.body.id, o1.body.id]);
  });

  it('an order for an unknown customer id names the field', async () => {
    const p = await createProduct(s.api);
    const res = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }], { customer: { id: '00000000-0000-4000-8000-000000000000' } }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/customer/id' }));
  });
});

describe("a returning customer's delivery addresses", () => {
  it('are offered from their earlier orders, each once, most recently used first', async () => {
    const p = await createProduct(s.api);
    const c = await s.api.post<Customer>('/api/v1/customers', { name: 'Returning Rita', email: `${uniq('rita')}@example.com` });
    const home = { line1: '1 Home Street', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' };
    const work = { line1: '9 Office Road', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };
    for (const address of [home, work, home]) {
      const o = await s.api.post('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }], { customer: { id: c.body.id }, delivery: { method: 'shipping', address } }));
      expect(o.status).toBe(201);
    }
    const res = await s.api.get<{ items: { address: Record<string, string> }[] }>(`/api/v1/customers/${c.body.id}/delivery-addresses`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.address)).toEqual([home, work]);
    const none = await s.api.get<{ items: unknown[] }>(`/api/v1/customers/00000000-0000-4000-8000-000000000000/delivery-addresses`);
    expect(none.body.items).toEqual([]);
  });
});
