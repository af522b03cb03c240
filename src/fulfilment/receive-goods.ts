/**
 * Goods in: a receipt adds stock and fills waiting back-orders oldest order
 * first, in one transaction. Locks are taken as everywhere else — the waiting
 * orders first (in id order), then the product's stock row — so receipts,
 * shipments, cancellations and new orders for the same product queue up instead
 * of over-filling or overselling.
 *
 * A receipt may name the purchase or production order (a supplier's or
 * manufacturer's open work item) it is against: the product must be on its lines.
 * The receipt then counts on that order's lines (received per line), is on its
 * order's timeline, and an order whose lines are all received closes itself. A
 * made-to-order or third-party product is received only against its order: it
 * is that order's, so no stock moves. The order named is locked first (order
 * row, then its work item), as shipping does.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { keptInStock, recordOrderReceipt, recordReceipt, stockLevelOf, type Receipt } from '../inventory/stock.ts';
import { fillBackorders, lockOrdersWaitingFor, type FilledBackorder } from '../orders/fill-backorders.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { OPEN_WORK_ITEM_STATES, WORK_ITEM_KIND_LABELS } from './work-vocabulary.ts';
import { RECEIVES_GOODS } from './work-item.ts';
import { closeFinishedWork } from './close-work-items.ts';
import { findItemLines, findWorkItem, type WorkItemRow } from './work-items.repository.ts';

export type GoodsIn = Receipt & { purchaseOrderId?: string | null | undefined };

const bad = (pointer: string, code: string, message: string) => new AppError('validation_failed', message, [{ pointer, code, message }]);

/** The open purchase or production order the receipt names, locked; every reason it cannot be received against. */
async function purchaseOrderFor(tx: Conn, r: GoodsIn): Promise<WorkItemRow | undefined> {
  if (!r.purchaseOrderId) return undefined;
  const peek = isUuid(r.purchaseOrderId) ? await findWorkItem(tx, r.purchaseOrderId) : undefined;
  if (!peek) throw bad('/purchaseOrderId', 'not_found', 'There is no such purchase or production order');
  await getOrder(tx, peek.orderId, true);
  const po = await findWorkItem(tx, peek.id, true);
  if (!po) throw bad('/purchaseOrderId', 'not_found', 'There is no such purchase or production order');
  if (!RECEIVES_GOODS.includes(po.kind)) throw bad('/purchaseOrderId', 'not_a_purchase_order', `This is a ${WORK_ITEM_KIND_LABELS[po.kind].toLowerCase()} item, not a purchase or production order`);
  if (!(OPEN_WORK_ITEM_STATES as readonly string[]).includes(po.state)) throw bad('/purchaseOrderId', 'closed', `This purchase order is ${po.state === 'done' ? 'done' : 'cancelled'}: choose an open one`);
  const lines = await findItemLines(tx, [po.id]);
  if (!lines.some((l) => l.productId === r.productId)) throw bad('/product', 'not_on_purchase_order', 'This product is not on the purchase order named');
  if (r.supplierPartyId && r.supplierPartyId !== po.partyId) throw bad('/supplierPartyId', 'not_the_supplier', 'The purchase order is to another party');
  return po;
}

export async function receiveGoods(db: Db, r: GoodsIn, actor: Actor) {
  return db.transaction(async (tx) => {
    const po = await purchaseOrderFor(tx, r);
    const { purchaseOrderId: _po, ...receipt } = r;
    const fields: Receipt = po ? { ...receipt, workItemId: po.id, supplierPartyId: receipt.supplierPartyId ?? po.partyId } : receipt;
    const afterwards = async (receiptId: string) => {
      if (!po) return [];
      await recordOrderEvent(tx, po.orderId, 'goods_received', actor, { workItemId: po.id, kind: po.kind, receiptId, productId: r.productId, quantity: r.quantity, ...(r.supplierReference ? { supplierReference: r.supplierReference } : {}) });
      return closeFinishedWork(tx, po.orderId, actor);
    };
    if (po && !(await keptInStock(tx, r.productId))) {
      const row = await recordOrderReceipt(tx, { ...fields, workItemId: po.id }, actor);
      const closed = await afterwards(row.id);
      return { receipt: row, filled: [] as FilledBackorder[], stock: null, closedWorkItemIds: closed };
    }
    const waiting = await lockOrdersWaitingFor(tx, r.productId);
    const { receipt: row } = await recordReceipt(tx, fields, actor);
    const filled: FilledBackorder[] = await fillBackorders(tx, r.productId, waiting, actor);
    let stock = await stockLevelOf(tx, r.productId);
    if (stock.available > 0) {
      // An order placed while we waited for the stock row may have been back-ordered just before: give it what is left.
      filled.push(...(await fillBackorders(tx, r.productId, await lockOrdersWaitingFor(tx, r.productId, waiting), actor)));
      stock = await stockLevelOf(tx, r.productId);
    }
    const closed = await afterwards(row.id);
    return { receipt: row, filled, stock, closedWorkItemIds: closed };
  });
}
