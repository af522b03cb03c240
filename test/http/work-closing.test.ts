/**
 * Work items that close themselves, and goods received against a purchase order —
 * through HTTP: a receipt names the supplier's open purchase order, shows on its
 * lines (and in the supplier's queue as what is still outstanding), and the order
 * whose lines are all received is done; the warehouse's item is done when its lines
 * have all shipped; accounts' when the invoice is issued and nothing is left to pay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { command, timeline } from '../support/orders.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string }[] };
type Line = { orderLineId: string; sku: string; quantity: number; received: number | null };
type WorkItem = { id: string; kind: string; state: string; party: { id: string; name: string } | null; order: { id: string }; lines: Line[] };
type Order = { id: string; number: string; totals: { grandTotalMinor: number }; lines: { id: string; sku: string; quantity: number }[] };
type Received = { receipt: { id: string; purchaseOrderId: string | null; supplierPartyId: string | null }; stock: { onHand: number } | null; filled: unknown[]; closedWorkItemIds: string[] };

let s: TestServer;
let supplier: { id: string; name: string };
let lamp: { id: string; sku: string };
let shade: { id: string; sku: string };
let sofa: { id: string; sku: string };

beforeAll(async () => {
  s = await startTestServer();
  // Cash on delivery for phone orders holds nothing back: these orders may go to fulfilment once confirmed.
  const settings = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
  await s.api.patch('/api/v1/settings', { payments: { ...settings.body.payments, holdUntilPaid: [] } });
  supplier = (await s.api.post<{ id: string; name: string }>('/api/v1/parties', { kind: 'supplier', name: uniq('Lamp Co') })).body;
  lamp = await createProduct(s.api, { sku: uniq('LAMP'), name: 'Brass lamp', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [], partyId: supplier.id });
  shade = await createProduct(s.api, { sku: uniq('SHADE'), name: 'Linen shade', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [], partyId: supplier.id });
  sofa = await createProduct(s.api, { sku: uniq('SOFA'), initialStock: 10, formFields: [] });
});
afterAll(async () => s?.close());

async function released(lines: { sku: string; quantity?: number }[]): Promise<Order> {
  const placed = await s.api.post<Order>('/api/v1/orders', orderBody(lines));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  expect((await command(s.api, placed.body.id, 'confirm')).status).toBe(200);
  expect((await command(s.api, placed.body.id, 'start-fulfilment')).status).toBe(200);
  return placed.body;
}
const itemsOf = async (orderId: string) => (await s.api.get<{ items: WorkItem[] }>(`/api/v1/orders/${orderId}/work-items`)).body.items;
const itemOf = async (orderId: string, kind: string) => {
  const item = (await itemsOf(orderId)).find((i) => i.kind === kind);
  if (!item) throw new Error(`no ${kind} item`);
  return item;
};
const automaticDone = async (orderId: string) => (await timeline(s.api, orderId)).filter((e) => e.type === 'work_item_done' && e.data.automatic === true).map((e) => [e.data.kind, e.data.because]);

describe('goods received against a purchase order', () => {
  it('refuses a receipt against no such, a closed or the wrong order, naming the field, and writes nothing', async () => {
    const order = await released([{ sku: lamp.sku, quantity: 2 }, { sku: sofa.sku }]);
    const pick = await itemOf(order.id, 'pick_pack');
    const before = (await s.api.get<{ items: unknown[] }>(`/api/v1/goods-receipts?product=${lamp.sku}`)).body.items.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ product: lamp.sku, purchaseOrderId: '00000000-0000-4000-8000-000000000000' }, '/purchaseOrderId', 'not_found'],
      [{ product: lamp.sku, purchaseOrderId: 'PO-1' }, '/purchaseOrderId', 'not_found'],
      [{ product: sofa.sku, purchaseOrderId: pick.id }, '/purchaseOrderId', 'not_a_purchase_order'],
      [{ product: sofa.sku, purchaseOrderId: (await itemOf(order.id, 'purchase_order')).id }, '/product', 'not_on_purchase_order'],
    ];
    for (const [body, pointer, code] of cases) {
      const res = await s.api.post<Problem>('/api/v1/goods-receipts', { quantity: 1, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer, code })]);
    }
    // A third-party product is not stock: without a purchase order it cannot be received.
    const plain = await s.api.post<Problem>('/api/v1/goods-receipts', { product: lamp.sku, quantity: 1 });
    expect(plain.status).toBe(422);
    expect((await s.api.get<{ items: unknown[] }>(`/api/v1/goods-receipts?product=${lamp.sku}`)).body.items.length).toBe(before);
  });

  it('counts on the purchase order per line; the queue shows what is outstanding; all received closes it', async () => {
    const order = await released([{ sku: lamp.sku, quantity: 3 }, { sku: shade.sku, quantity: 1 }]);
    const po = await itemOf(order.id, 'purchase_order');
    expect(po.lines.map((l) => [l.sku, l.quantity, l.received])).toEqual([
      [lamp.sku, 3, 0],
      [shade.sku, 1, 0],
    ]);
    // The goods-in screen's list: open orders to suppliers with this product on a line.
    const open = await s.as('warehouse');
    const choices = await open.get<{ items: WorkItem[] }>(`/api/v1/open-purchase-orders?product=${lamp.sku}`);
    expect(choices.status).toBe(200);
    expect(choices.body.items.map((i) => i.id)).toContain(po.id);
    expect(choices.body.items.every((i) => i.lines.some((l) => l.sku === lamp.sku))).toBe(true);

    const first = await open.post<Received>('/api/v1/goods-receipts', { product: lamp.sku, quantity: 2, purchaseOrderId: po.id, supplierReference: 'DN-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ stock: null, filled: [], closedWorkItemIds: [], receipt: { purchaseOrderId: po.id, supplierPartyId: supplier.id } });
    const queue = (await s.api.get<{ items: WorkItem[] }>(`/api/v1/work-items?partyId=${supplier.id}`)).body.items.find((i) => i.id === po.id);
    expect(queue?.state).toBe('todo');
    expect(queue?.lines.map((l) => [l.sku, l.quantity - (l.received ?? 0)])).toEqual([
      [lamp.sku, 1],
      [shade.sku, 1],
    ]);
    const listed = (await s.api.get<{ items: { id: string; purchaseOrderId: string | null }[] }>(`/api/v1/goods-receipts?product=${lamp.sku}`)).body.items;
    expect(listed.find((r) => r.id === first.body.receipt.id)?.purchaseOrderId).toBe(po.id);

    // More than ordered of the lamp still leaves the shade outstanding.
    expect((await open.post<Received>('/api/v1/goods-receipts', { product: lamp.sku, quantity: 2, purchaseOrderId: po.id })).body.closedWorkItemIds).toEqual([]);
    const last = await open.post<Received>('/api/v1/goods-receipts', { product: shade.sku, quantity: 1, purchaseOrderId: po.id });
    expect(last.status).toBe(201);
    expect(last.body.closedWorkItemIds).toEqual([po.id]);
    const done = await itemOf(order.id, 'purchase_order');
    expect(done.state).toBe('done');
    expect(done.lines.map((l) => l.received)).toEqual([3, 1]);
    expect(await automaticDone(order.id)).toEqual([['purchase_order', 'every line was received']]);
    expect((await timeline(s.api, order.id)).filter((e) => e.type === 'goods_received')).toHaveLength(3);
    // Closed: no longer offered, and refused.
    expect((await open.get<{ items: WorkItem[] }>(`/api/v1/open-purchase-orders?partyId=${supplier.id}`)).body.items.map((i) => i.id)).not.toContain(po.id);
    const late = await open.post<Problem>('/api/v1/goods-receipts', { product: lamp.sku, quantity: 1, purchaseOrderId: po.id });
    expect(late.status).toBe(422);
    expect(late.body.errors[0]).toMatchObject({ pointer: '/purchaseOrderId', code: 'closed' });
  });
});

describe('work items close themselves', () => {
  it("the warehouse's when all its lines have shipped (not before); a supplier's when its lines have shipped", async () => {
    const order = await released([{ sku: sofa.sku, quantity: 2 }, { sku: lamp.sku, quantity: 1 }]);
    const [sofaLine, lampLine] = order.lines;
    const warehouse = await s.as('warehouse');
    const partial = await warehouse.post(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofaLine!.id, quantity: 1 }], method: 'pickup', slot: 'Saturday 10:00' });
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    expect((await itemOf(order.id, 'pick_pack')).state).toBe('todo');
    const rest = await warehouse.post(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofaLine!.id, quantity: 1 }], method: 'pickup', slot: 'Saturday 11:00' });
    expect(rest.status).toBe(201);
    expect((await itemOf(order.id, 'pick_pack')).state).toBe('done');
    expect((await itemOf(order.id, 'purchase_order')).state).toBe('todo');
    expect(await automaticDone(order.id)).toEqual([['pick_pack', 'every line has shipped']]);
    // The supplier delivered straight to the customer: shipping its line closes its order.
    expect((await warehouse.post(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: lampLine!.id, quantity: 1 }], method: 'carrier', carrier: 'DHL', trackingNumber: 'X1' })).status).toBe(201);
    expect((await itemOf(order.id, 'purchase_order')).state).toBe('done');
    // Accounts' is not about shipping.
    expect((await itemOf(order.id, 'invoice_collect')).state).toBe('todo');
  });

  it("accounts' when the invoice is issued and nothing is left to pay — not for an unpaid order", async () => {
    const unpaid = await released([{ sku: sofa.sku }]);
    expect((await s.api.post(`/api/v1/orders/${unpaid.id}/invoices`)).status).toBe(201);
    expect((await itemOf(unpaid.id, 'invoice_collect')).state).toBe('todo');

    const paid = await released([{ sku: sofa.sku }]);
    const payment = await s.api.post(`/api/v1/orders/${paid.id}/payments`, { method: 'bank_transfer', amountMinor: paid.totals.grandTotalMinor, status: 'captured' });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect((await itemOf(paid.id, 'invoice_collect')).state).toBe('todo');
    expect((await s.api.post(`/api/v1/orders/${paid.id}/invoices`)).status).toBe(201);
    expect((await itemOf(paid.id, 'invoice_collect')).state).toBe('done');
    expect(await automaticDone(paid.id)).toEqual([['invoice_collect', 'the invoice is issued and the order is paid in full']]);

    // Invoiced first: a part payment leaves it open, the payment that settles the rest closes it.
    const half = Math.floor(unpaid.totals.grandTotalMinor / 2);
    expect((await s.api.post(`/api/v1/orders/${unpaid.id}/payments`, { method: 'bank_transfer', amountMinor: half, status: 'captured' })).status).toBe(201);
    expect((await itemOf(unpaid.id, 'invoice_collect')).state).toBe('todo');
    const announced = await s.api.post<{ id: string }>(`/api/v1/orders/${unpaid.id}/payments`, { method: 'bank_transfer', amountMinor: unpaid.totals.grandTotalMinor - half, status: 'pending' });
    expect(announced.status).toBe(201);
    expect((await itemOf(unpaid.id, 'invoice_collect')).state).toBe('todo');
    const arrived = await s.api.post(`/api/v1/payments/${announced.body.id}/receive`, {});
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);
    expect((await itemOf(unpaid.id, 'invoice_collect')).state).toBe('done');
    expect(await automaticDone(unpaid.id)).toEqual([['invoice_collect', 'the invoice is issued and the order is paid in full']]);
  });
});
