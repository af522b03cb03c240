/**
 * Security issue 8, findings 1 and 13 (storefront idempotency): an anonymous
 * storefront caller learns nothing they did not send, an e-mail that matches a
 * customer becomes a suggestion that staff confirm or dismiss, and one visitor's
 * Idempotency-Key never finds another visitor's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Api, type TestServer } from '../support/server.ts';
import { anonFrom } from '../support/from-address.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string }[] };
type PublicOrder = { number: string; status: string; customer: Record<string, unknown>; totals: { grandTotalMinor: number } };
type StaffOrder = { id: string; number: string; version: number; customer: { id?: string | null; name: string; phone: string | null; company: string | null }; suggestedCustomerId: string | null };
type Customer = { id: string; name: string; email: string; phone: string; company: string; version: number; addresses: Record<string, unknown>; updatedAt: string };

let s: TestServer;
let sku: string;
let other: Api;
beforeAll(async () => {
  s = await startTestServer();
  sku = (await createProduct(s.api)).sku;
  other = anonFrom(s.url, '127.0.0.2');
});
afterAll(async () => s?.close());

const shopperBody = (customer: Record<string, unknown>, fabric = 'linen') => {
  const { channel: _c, ...b } = orderBody([{ sku, fields: { fabric } }], { customer });
  return b;
};
const placePublic = (api: Api, body: unknown, key = uniq('form-key')) => api.post<PublicOrder & Problem>('/api/v1/public/orders', body, { 'idempotency-key': key });

async function knownCustomer(): Promise<Customer> {
  const res = await s.api.post<Customer>('/api/v1/customers', {
    name: 'James Whitfield',
    email: `${uniq('james')}@whitfield.example`,
    phone: '+44 20 7946 0123',
    company: 'Whitfield Joinery Ltd',
    addresses: { shipping: { line1: '7 Private Road', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('an anonymous order with a known customer e-mail', () => {
  it("answers with only what the shopper sent: no stored phone, company, address or customer id", async () => {
    const james = await knownCustomer();
    const res = await placePublic(s.anon, shopperBody({ name: 'Not James', email: james.email.toUpperCase(), phone: '+44 7700 900999' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.customer).toEqual({ name: 'Not James', email: james.email.toUpperCase(), phone: '+44 7700 900999' });
    const text = JSON.stringify(res.body);
    for (const secret of [james.id, '+442079460123', '7946 0123', 'Whitfield Joinery', 'Private Road', 'James Whitfield']) expect(text).not.toContain(secret);

    // Without a phone or company, nothing is filled in from the stored record either.
    const bare = await placePublic(s.anon, shopperBody({ name: 'Someone', email: james.email }));
    expect(bare.status).toBe(201);
    expect(bare.body.customer).toEqual({ name: 'Someone', email: james.email });
    expect(JSON.stringify(bare.body)).not.toMatch(/7946|Whitfield Joinery|Private Road/);
  });

  it('answers a known and an unknown e-mail with the same shape (the answer does not tell whether someone is a customer)', async () => {
    const james = await knownCustomer();
    const known = await placePublic(s.anon, shopperBody({ name: 'A', email: james.email }));
    const unknown = await placePublic(s.anon, shopperBody({ name: 'A', email: `${uniq('new')}@example.com` }));
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(Object.keys(known.body.customer).sort()).toEqual(Object.keys(unknown.body.customer).sort());
    expect(Object.keys(known.body)).not.toContain('id');
  });

  it("is not filed under the customer: staff see a suggested match, the stored record is unchanged, and staff can confirm it", async () => {
    const james = await knownCustomer();
    const placed = await placePublic(s.anon, shopperBody({ name: 'J. Whitfield', email: james.email, phone: '+44 7700 900111', company: 'Typed Co' }));
    expect(placed.status).toBe(201);

    const order = (await s.api.get<StaffOrder>(`/api/v1/orders/${placed.body.number}`)).body;
    expect(order.suggestedCustomerId).toBe(james.id);
    expect(order.customer).toMatchObject({ id: null, name: 'J. Whitfield', phone: '+447700900111', company: 'Typed Co' });
    expect((await s.api.get<{ items: unknown[] }>(`/api/v1/customers/${james.id}/orders`)).body.items).toEqual([]);
    const timeline = (await s.api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/api/v1/orders/${order.id}/timeline`)).body.items;
    expect(timeline.find((e) => e.type === 'customer_match_suggested')?.data).toEqual({ customerId: james.id });

    const stored = (await s.api.get<Customer>(`/api/v1/customers/${james.id}`)).body;
    expect(stored).toEqual(james);

    const warehouse = await s.as('warehouse');
    expect((await warehouse.post<Problem>(`/api/v1/orders/${order.id}/customer-match/confirm`, {})).status).toBe(403);

    const sales = await s.as('sales');
    const confirmed = await sales.post<StaffOrder>(`/api/v1/orders/${order.id}/customer-match/confirm`, { customerId: james.id });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.suggestedCustomerId).toBeNull();
    expect(confirmed.body.customer).toMatchObject({ id: james.id, name: 'J. Whitfield', phone: '+447700900111', company: 'Typed Co' });
    const filed = (await s.api.get<{ items: { id: string; customerId: string }[] }>(`/api/v1/customers/${james.id}/orders`)).body.items;
    expect(filed.map((o) => o.id)).toEqual([order.id]);
    expect((await s.api.get<Customer>(`/api/v1/customers/${james.id}`)).body).toEqual(james);
    const after = (await s.api.get<{ items: { type: string; actor: { name: string } }[] }>(`/api/v1/orders/${order.id}/timeline`)).body.items;
    expect(after.at(-1)).toMatchObject({ type: 'customer_linked' });

    // Nothing left to confirm.
    const again = await sales.post<Problem>(`/api/v1/orders/${order.id}/customer-match/confirm`, {});
    expect(again.status).toBe(409);
  });

  it('staff can dismiss the suggestion: the order keeps the typed details and stays off the customer', async () => {
    const james = await knownCustomer();
    const placed = await placePublic(s.anon, shopperBody({ name: 'Impostor', email: james.email }));
    const dismissed = await s.api.post<StaffOrder>(`/api/v1/orders/${placed.body.number}/customer-match/dismiss`, {});
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect(dismissed.body.suggestedCustomerId).toBeNull();
    expect(dismissed.body.customer).toMatchObject({ id: null, name: 'Impostor', phone: null, company: null });
    expect((await s.api.get<{ items: unknown[] }>(`/api/v1/customers/${james.id}/orders`)).body.items).toEqual([]);
    // Confirming a suggestion that is not the one you saw is refused.
    const stale = await s.api.post<Problem>(`/api/v1/orders/${placed.body.number}/customer-match/confirm`, { customerId: james.id });
    expect(stale.status).toBe(409);
  });

  it('a new e-mail still makes a customer from what the shopper typed, and the order is filed under it', async () => {
    const email = `${uniq('fresh')}@example.com`;
    const placed = await placePublic(s.anon, shopperBody({ name: 'Fresh Person', email, company: 'Fresh Ltd' }));
    expect(placed.status).toBe(201);
    const order = (await s.api.get<StaffOrder>(`/api/v1/orders/${placed.body.number}`)).body;
    expect(order.suggestedCustomerId).toBeNull();
    expect(order.customer.id).toEqual(expect.any(String));
    const customer = (await s.api.get<Customer>(`/api/v1/customers/${order.customer.id}`)).body;
    expect(customer).toMatchObject({ name: 'Fresh Person', email, company: 'Fresh Ltd' });
  });
});

describe('storefront Idempotency-Keys are per visitor', () => {
  it('two shoppers with the same key and different bodies each get their own order; the second never sees the first', async () => {
    const key = uniq('shared-key');
    const a = await placePublic(s.anon, shopperBody({ name: 'Alice Anders', email: `${uniq('alice')}@example.com`, phone: '+44 7700 900001' }), key);
    expect(a.status).toBe(201);
    const b = await placePublic(other, shopperBody({ name: 'Bob Brown', email: `${uniq('bob')}@example.com` }, 'velvet'), key);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.number).not.toBe(a.body.number);
    expect(b.body.customer).toEqual({ name: 'Bob Brown', email: expect.stringContaining('bob') });
    expect(JSON.stringify(b.body)).not.toMatch(/Alice|alice|900001/);
    // Each shopper's retry still finds their own order.
    const bAgain = await placePublic(other, shopperBody({ name: 'Bob Brown', email: b.body.customer.email as string }, 'velvet'), key);
    expect(bAgain.body.number).toBe(b.body.number);
    expect(bAgain.headers.get('idempotent-replayed')).toBe('true');
  });

  it("another shopper sending the same key and the same body gets a new order, not the first shopper's", async () => {
    const key = uniq('shared-key');
    const body = shopperBody({ name: 'Carol Clark', email: `${uniq('carol')}@example.com` });
    const a = await placePublic(s.anon, body, key);
    const b = await placePublic(anonFrom(s.url, '127.0.0.3'), body, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.number).not.toBe(a.body.number);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('the same shopper reusing a key for a different order gets a 422, never the earlier order', async () => {
    const key = uniq('shared-key');
    const first = await placePublic(s.anon, shopperBody({ name: 'Dan Day', email: `${uniq('dan')}@example.com` }), key);
    expect(first.status).toBe(201);
    const second = await placePublic(s.anon, shopperBody({ name: 'Eve Evans', email: `${uniq('eve')}@example.com` }), key);
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('idempotency_key_reused');
    expect(JSON.stringify(second.body)).not.toContain(first.body.number);
    expect(JSON.stringify(second.body)).not.toContain('Dan Day');
  });
});
