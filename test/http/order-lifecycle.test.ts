import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';

type Order = { id: string; number: string; status: string; version: number; allowedCommands: string[]; heldFrom: string | null };
type Timeline = { items: { type: string; fromStatus: string | null; toStatus: string | null; actor: { kind: string; name: string }; data: Record<string, unknown> }[] };
type Problem = { code: string; errors: { pointer: string }[]; allowedCommands?: string[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

async function place(initialStock = 10, quantity = 2) {
  const p = await createProduct(s.api, { initialStock });
  const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, quantity, fields: { fabric: 'linen' } }]));
  expect(o.status).toBe(201);
  return { product: p, order: o.body };
}
const stockOf = async (id: string) => (await s.api.get<{ stock: { onHand: number; reserved: number } }>(`/api/v1/products/${id}`)).body.stock;

describe('moving an order through its life', () => {
  it('placed → confirmed → in fulfilment → shipped → delivered → completed, each step on the timeline with its actor', async () => {
    const { product, order } = await place(10, 2);
    expect(order.allowedCommands).toEqual(expect.arrayContaining(['verify', 'confirm', 'hold', 'cancel']));
    const sales = await s.as('sales');
    const warehouse = await s.as('warehouse');
    expect((await sales.post<Order>(`/api/v1/orders/${order.id}/confirm`)).body.status).toBe('confirmed');
    expect((await warehouse.post<Order>(`/api/v1/orders/${order.id}/start-fulfilment`)).body.status).toBe('in_fulfilment');
    const shipped = await warehouse.post<Order>(`/api/v1/orders/${order.number}/ship`);
    expect(shipped.body.status).toBe('shipped');
    expect(await stockOf(product.id)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    await warehouse.post(`/api/v1/orders/${order.id}/deliver`);
    const done = await warehouse.post<Order>(`/api/v1/orders/${order.id}/complete`);
    expect(done.body.status).toBe('completed');
    expect(done.body.allowedCommands).toEqual(['add_note']);
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${order.id}/timeline`);
    expect(tl.body.items.map((e) => e.type)).toEqual(['placed', 'confirmed', 'fulfilment_started', 'shipped', 'delivered', 'completed']);
    expect(tl.body.items[1]?.actor).toMatchObject({ kind: 'user', name: sales.user.email.startsWith('sales') ? expect.any(String) : '' });
    expect(tl.body.items[3]).toMatchObject({ fromStatus: 'in_fulfilment', toStatus: 'shipped' });
  });

  it('cancelling releases the reserved stock and records the reason', async () => {
    const { product, order } = await place(5, 3);
    expect((await stockOf(product.id)).reserved).toBe(3);
    const noReason = await s.api.post<Problem>(`/api/v1/orders/${order.id}/cancel`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0]?.pointer).toBe('/reason');
    const res = await s.api.post<Order>(`/api/v1/orders/${order.id}/cancel`, { reason: 'Customer changed their mind' });
    expect(res.body.status).toBe('cancelled');
    expect(await stockOf(product.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${order.id}/timeline`);
    expect(tl.body.items.at(-1)).toMatchObject({ type: 'cancelled', data: { reason: 'Customer changed their mind' } });
  });

  it('a command the state does not allow gets 409 naming what is allowed', async () => {
    const { order } = await place();
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/deliver`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invalid_transition');
    expect(res.body.allowedCommands).toContain('confirm');
  });

  it('hold and release return the order to where it was', async () => {
    const { order } = await place();
    await s.api.post(`/api/v1/orders/${order.id}/confirm`);
    const held = await s.api.post<Order>(`/api/v1/orders/${order.id}/hold`, { reason: 'Awaiting fabric sample approval' });
    expect(held.body).toMatchObject({ status: 'on_hold', heldFrom: 'confirmed' });
    const released = await s.api.post<Order>(`/api/v1/orders/${order.id}/release`);
    expect(released.body).toMatchObject({ status: 'confirmed', heldFrom: null });
  });

  it('two people confirm at once: one wins, the other gets 409, and the timeline has one confirmation', async () => {
    const { order } = await place();
    const results = await Promise.all([s.api.post(`/api/v1/orders/${order.id}/confirm`), s.api.post(`/api/v1/orders/${order.id}/confirm`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${order.id}/timeline`);
    expect(tl.body.items.filter((e) => e.type === 'confirmed')).toHaveLength(1);
  });

  it('cancel and confirm on the same version at once: exactly one happens', async () => {
    const { order } = await place();
    const v = { 'if-match': `"${order.version}"` };
    const [a, b] = await Promise.all([s.api.post(`/api/v1/orders/${order.id}/confirm`, {}, v), s.api.post(`/api/v1/orders/${order.id}/cancel`, { reason: 'duplicate' }, v)]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${order.id}/timeline`);
    expect(tl.body.items).toHaveLength(2);
  });

  it('If-Match with a stale version is refused with 412', async () => {
    const { order } = await place();
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/confirm`, {}, { 'if-match': `"${order.version + 5}"` });
    expect(res.status).toBe(412);
    expect(res.body.code).toBe('version_mismatch');
  });

  it('an order with back-ordered units cannot ship until they are in', async () => {
    const p = await createProduct(s.api, { initialStock: 1, allowBackorder: true });
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: p.sku, quantity: 2, fields: { fabric: 'linen' } }]));
    await s.api.post(`/api/v1/orders/${o.body.id}/confirm`);
    const res = await s.api.post<Problem & { detail: string }>(`/api/v1/orders/${o.body.id}/ship`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('back-ordered');
  });

  it('notes go on the timeline in any state', async () => {
    const { order } = await place();
    await s.api.post(`/api/v1/orders/${order.id}/notes`, { note: 'Customer prefers morning delivery' });
    const tl = await s.api.get<Timeline>(`/api/v1/orders/${order.id}/timeline`);
    expect(tl.body.items.at(-1)).toMatchObject({ type: 'note_added', data: { note: 'Customer prefers morning delivery' } });
  });
});
