/**
 * Goods in: a receipt adds stock and fills waiting back-orders oldest order
 * first, in one transaction. Locks are taken as everywhere else — the waiting
 * orders first (in id order), then the product's stock row — so receipts,
 * shipments, cancellations and new orders for the same product queue up instead
 * of over-filling or overselling.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { recordReceipt, stockLevelOf, type Receipt } from '../inventory/stock.ts';
import { fillBackorders, lockOrdersWaitingFor, type FilledBackorder } from '../orders/fill-backorders.ts';

export async function receiveGoods(db: Db, receipt: Receipt, actor: Actor) {
  return db.transaction(async (tx) => {
    const waiting = await lockOrdersWaitingFor(tx, receipt.productId);
    const { receipt: row } = await recordReceipt(tx, receipt, actor);
    const filled: FilledBackorder[] = await fillBackorders(tx, receipt.productId, waiting, actor);
    let stock = await stockLevelOf(tx, receipt.productId);
    if (stock.available > 0) {
      // An order placed while we waited for the stock row may have been back-ordered just before: give it what is left.
      filled.push(...(await fillBackorders(tx, receipt.productId, await lockOrdersWaitingFor(tx, receipt.productId, waiting), actor)));
      stock = await stockLevelOf(tx, receipt.productId);
    }
    return { receipt: row, filled, stock };
  });
}
