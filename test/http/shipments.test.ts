/**
 * Shipments through HTTP: partial shipments, the derived fulfilment state, the
 * lifecycle moving by itself, tracking links from the carrier's template,
 * delivery (with cash collected on delivery), and what may not ship.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { business, setSettings, timeline } from '../support/orders.ts';

type Order = { id: string; number: string; status: string; version: number; totals: { grandTotalMinor: number }; allowedCommands: string[]; lines: { id: string; sku: string; quantity: number; reservedQty: number; backorderedQty: number }[] };
type Shipment = { id: string; number: number; method: string; carrier: string | null; trackingNumber: string | null; trackingUrl: string | null; deliveredOn: string | null; lines: { orderLineId: string; quantity: number }[] };
type Fulfilment = { state: string; orderStatus: string; lines: { orderLineId: string; shipped: number; remaining: number; shippable: number }[]; shipments: Shipment[] };
type Problem = { code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await setSettings(s.api, business);
});
afterAll(async () => s?.close());

const stockOf = async (id: string) => (await s.api.get<{ stock: { onHand: number; reserved: number; available: number } }>(`/api/v1/products/${id}`)).body.stock;
const fulfilment = async (orderId: string) => (await s.api.get<Fulfilment>(`/api/v1/orders/${orderId}/shipments`)).body;

/** A phone order paid cash on delivery (nothing holds it), confirmed: a sofa ×3 and a table ×2. */
async function confirmedOrder(o: { stock?: number; method?: string } = {}) {
  const sofa = await createProduct(s.api, { initialStock: o.stock ?? 10 });
  const table = await createProduct(s.api, { name: 'Table', initialStock: o.stock ?? 10, formFields: [] });
  const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 3, fields: { fabric: 'linen' } }, { sku: table.sku, quantity: 2 }]));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  expect((await s.api.request('PUT', `/api/v1/orders/${placed.body.id}/payment-terms`, { method: o.method ?? 'cash_on_delivery' })).status).toBe(200);
  const confirmed = await s.api.post<Order>(`/api/v1/orders/${placed.body.id}/confirm`);
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  const [sofaLine, tableLine] = confirmed.body.lines;
  if (!sofaLine || !tableLine) throw new Error('two lines expected');
  return { order: confirmed.body, sofa, table, sofaLine, tableLine };
}

describe('shipments', () => {
  it('a partial shipment, then the rest: the order moves to in fulfilment, then shipped; both deliveries move it to delivered', async () => {
    const { order, sofa, table, sofaLine, tableLine } = await confirmedOrder();
    expect((await fulfilment(order.id)).state).toBe('unfulfilled');
    const warehouse = await s.as('warehouse');

    const first = await warehouse.post<{ shipment: Shipment; fulfilment: Fulfilment }>(`/api/v1/orders/${order.id}/shipments`, {
      lines: [{ orderLineId: sofaLine.id, quantity: 2 }],
      method: 'carrier',
      carrier: 'DHL',
      trackingNumber: 'JD0146 0001',
      expectedDeliveryOn: '2099-01-10',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.shipment).toMatchObject({ number: 1, carrier: 'DHL', trackingNumber: 'JD0146 0001', trackingUrl: 'https://www.dhl.com/en/express/tracking.html?AWB=JD0146%200001' });
    expect(first.body.fulfilment).toMatchObject({ state: 'partially_shipped', orderStatus: 'in_fulfilment' });
    expect(first.body.fulfilment.lines.find((l) => l.orderLineId === sofaLine.id)).toMatchObject({ shipped: 2, remaining: 1, shippable: 1 });
    expect(await stockOf(sofa.id)).toEqual({ onHand: 8, reserved: 1, available: 7 });

    const rest = await warehouse.post<{ fulfilment: Fulfilment }>(`/api/v1/orders/${order.id}/shipments`, {
      lines: [{ orderLineId: sofaLine.id, quantity: 1 }, { orderLineId: tableLine.id, quantity: 2 }],
      method: 'local_delivery',
      slot: 'Tuesday 14:00–16:00',
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.fulfilment).toMatchObject({ state: 'shipped', orderStatus: 'shipped' });
    expect(await stockOf(sofa.id)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await stockOf(table.id)).toEqual({ onHand: 8, reserved: 0, available: 8 });

    const [one, two] = rest.body.fulfilment.shipments;
    if (!one || !two) throw new Error('two shipments expected');
    const d1 = await warehouse.post<Fulfilment>(`/api/v1/orders/${order.id}/shipments/${one.id}/deliver`, {});
    expect(d1.status, JSON.stringify(d1.body)).toBe(200);
    expect(d1.body).toMatchObject({ state: 'shipped', orderStatus: 'shipped' });
    const again = await warehouse.post<Problem>(`/api/v1/orders/${order.id}/shipments/${one.id}/deliver`, {});
    expect(again.status).toBe(409);
    const d2 = await warehouse.post<Fulfilment>(`/api/v1/orders/${order.id}/shipments/${two.id}/deliver`, {});
    expect(d2.body).toMatchObject({ state: 'delivered', orderStatus: 'delivered' });

    const tl = await timeline(s.api, order.id);
    expect(tl.map((e) => e.type).filter((t) => /fulfilment_started|shipped|delivered|shipment|payment/.test(t))).toEqual([
      'fulfilment_started',
      'shipment_shipped',
      'shipment_shipped',
      'shipped',
      'shipment_delivered',
      'payment_received',
      'shipment_delivered',
      'delivered',
    ]);
    // Cash on delivery: the last delivery recorded what was due as collected.
    const pay = await s.api.get<{ summary: { state: string; dueMinor: number } }>(`/api/v1/orders/${order.id}/payments`);
    expect(pay.body.summary).toMatchObject({ state: 'paid', dueMinor: 0 });
  });

  it('shipping more than is left is refused with a problem naming the line, and nothing is written', async () => {
    const { order, sofa, sofaLine, tableLine } = await confirmedOrder();
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/shipments`, {
      lines: [{ orderLineId: tableLine.id, quantity: 1 }, { orderLineId: sofaLine.id, quantity: 4 }],
      method: 'carrier',
    });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/lines/1/quantity', code: 'more_than_remaining' })]);
    expect(res.body.errors[0]?.message).toContain(sofa.sku);
    expect((await fulfilment(order.id)).shipments).toEqual([]);
    expect((await s.api.get<Order>(`/api/v1/orders/${order.id}`)).body.status).toBe('confirmed');
    expect(await stockOf(sofa.id)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const bad = await s.api.post<Problem>(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofaLine.id, quantity: 1 }], method: 'carrier', carrier: 'Pigeon Post' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer)).toEqual(['/carrier']);
    // A carrier's tracking link must be https: a settings change naming http is refused, field by field.
    const http = await s.api.patch<Problem>('/api/v1/settings', { carriers: [{ name: 'Courier', trackingUrlTemplate: 'http://courier.example/{tracking}' }] });
    expect(http.status).toBe(422);
    expect(http.body.errors.map((e) => e.pointer)).toEqual(['/carriers/0/trackingUrlTemplate']);
    const pickup = await s.api.post<Problem>(`/api/v1/orders/${order.id}/shipments`, { method: 'pickup', trackingNumber: 'X1', expectedDeliveryOn: 'soon' });
    expect(pickup.status).toBe(422);
    expect(pickup.body.errors.map((e) => e.pointer)).toContain('/expectedDeliveryOn');
  });

  it('the bare ship command ships everything in one shipment; deliver delivers it (API compatibility)', async () => {
    const { order } = await confirmedOrder();
    const shipped = await s.api.post<Order>(`/api/v1/orders/${order.number}/ship`);
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    const f = await fulfilment(order.id);
    expect(f.shipments).toHaveLength(1);
    expect(f.shipments[0]?.lines.map((l) => l.quantity).sort()).toEqual([2, 3]);
    const delivered = await s.api.post<Order>(`/api/v1/orders/${order.id}/deliver`);
    expect(delivered.body.status).toBe('delivered');
    expect((await fulfilment(order.id)).state).toBe('delivered');
  });

  it('an order held until paid cannot ship: 409 payment_outstanding, and no shipment is recorded', async () => {
    const { order, sofaLine } = await confirmedOrder({ method: 'bank_transfer' });
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofaLine.id, quantity: 1 }], method: 'pickup' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('payment_outstanding');
    expect((await fulfilment(order.id)).shipments).toEqual([]);
  });

  it('only the warehouse and the owner ship; everyone who reads orders sees the shipments', async () => {
    const { order, sofaLine } = await confirmedOrder();
    const body = { lines: [{ orderLineId: sofaLine.id, quantity: 1 }], method: 'pickup', slot: 'Saturday 10:00' };
    for (const role of ['sales', 'accounts', 'viewer'] as const) {
      const api = await s.as(role);
      expect((await api.post(`/api/v1/orders/${order.id}/shipments`, body)).status, role).toBe(403);
      expect((await api.get(`/api/v1/orders/${order.id}/shipments`)).status, role).toBe(200);
    }
    expect((await s.anon.get(`/api/v1/orders/${order.id}/shipments`)).status).toBe(401);
    const made = await (await s.as('warehouse')).post<{ shipment: Shipment }>(`/api/v1/orders/${order.id}/shipments`, body);
    expect(made.status).toBe(201);
    const deliver = `/api/v1/orders/${order.id}/shipments/${made.body.shipment.id}/deliver`;
    expect((await (await s.as('sales')).post(deliver, {})).status).toBe(403);
    // Money is collected at the door only for cash on delivery; this order is, so an amount is taken.
    const withCash = await s.api.post<Fulfilment>(deliver, { collectedMinor: 1_000 });
    expect(withCash.status, JSON.stringify(withCash.body)).toBe(200);
    expect(withCash.body.shipments[0]?.deliveredOn).not.toBeNull();
  });

  it('a bank-transfer order collects nothing at the door: collectedMinor is refused, naming the field', async () => {
    const { order, sofaLine } = await confirmedOrder({ method: 'bank_transfer' });
    expect((await s.api.post(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: order.totals.grandTotalMinor, reference: 'statement' })).status).toBe(201);
    const made = await s.api.post<{ shipment: Shipment }>(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofaLine.id, quantity: 1 }], method: 'pickup' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/shipments/${made.body.shipment.id}/deliver`, { collectedMinor: 500 });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer)).toEqual(['/collectedMinor']);
    expect((await fulfilment(order.id)).shipments[0]?.deliveredOn).toBeNull();
  });
});

describe('the demo shop', () => {
  it('has a half-shipped order with a DHL tracking link, a goods receipt and a watched product', async () => {
    const demo = await startTestServer({}, { ORDERLY_DEMO_DATA: 'true' });
    try {
      const list = await demo.api.get<{ items: { id: string; status: string }[] }>('/api/v1/orders?status=in_fulfilment');
      const [order] = list.body.items;
      if (!order) throw new Error('no demo order in fulfilment');
      const f = (await demo.api.get<Fulfilment>(`/api/v1/orders/${order.id}/shipments`)).body;
      expect(f.state).toBe('partially_shipped');
      expect(f.shipments[0]).toMatchObject({ carrier: 'DHL', trackingUrl: 'https://www.dhl.com/en/express/tracking.html?AWB=1234567890' });
      const receipts = await demo.api.get<{ items: { sku: string; supplierReference: string | null }[] }>('/api/v1/goods-receipts');
      expect(receipts.body.items).toEqual([expect.objectContaining({ sku: 'CHAIR-BENT', supplierReference: 'DN-2026-114' })]);
      const reorder = await demo.api.get<{ items: { sku: string }[] }>('/api/v1/inventory/reorder-list');
      expect(reorder.body.items.map((i) => i.sku)).toContain('SOFA-3S');
      expect((await demo.api.get<LedgerCheck>('/api/v1/inventory/ledger-check')).body.differences).toEqual([]);
    } finally {
      await demo.close();
    }
    // Starts a second server and seeds the demo shop: minutes on a loaded machine.
  }, 240_000);
});
type LedgerCheck = { differences: unknown[] };
