/**
 * Goods came in: back-ordered units of a product become reserved, oldest order
 * first. Two steps inside the receiving transaction, so that locks are always
 * taken orders first, stock second (as shipping and cancelling take them):
 * `lockOrdersWaitingFor` before the stock row is touched, `fillBackorders`
 * after the received units are on hand. Each order that got units has a
 * timeline entry ("N units of X ready").
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { reserveStock } from '../inventory/stock.ts';
import { HOLDS_RESERVATION } from './lifecycle.ts';
import { appendEvent, findLines, lockOrders, moveBackorderedToReserved, ordersWaitingFor, type OrderRow } from './orders.repository.ts';

const OPEN = [...HOLDS_RESERVATION];

/**
 * The open orders waiting for this product, locked, oldest first. `after`: a
 * second look once the stock row is held, for orders that started waiting
 * meanwhile; those are locked with SKIP LOCKED (taking an order lock after the
 * stock lock must never wait, or it could deadlock with a cancellation).
 */
export async function lockOrdersWaitingFor(tx: Conn, productId: string, after?: readonly OrderRow[]): Promise<OrderRow[]> {
  const seen = new Set(after?.map((o) => o.id));
  const waiting = (await ordersWaitingFor(tx, productId, OPEN)).map((w) => w.orderId).filter((id) => !seen.has(id));
  const locked = new Map((await lockOrders(tx, waiting, OPEN, after !== undefined)).map((o) => [o.id, o]));
  return waiting.flatMap((id) => locked.get(id) ?? []);
}

export type FilledBackorder = { orderId: string; orderNumber: string | null; lineId: string; quantity: number };

/** Reserves what is available for the waiting lines of `orders` (oldest first) until it runs out. */
export async function fillBackorders(tx: Conn, productId: string, orders: readonly OrderRow[], actor: Actor): Promise<FilledBackorder[]> {
  const filled: FilledBackorder[] = [];
  for (const order of orders) {
    const lines = (await findLines(tx, order.id)).filter((l) => l.productId === productId && l.backorderedQty > 0);
    for (const line of lines) {
      const grant = (await reserveStock(tx, [{ productId, quantity: line.backorderedQty, allowBackorder: true }], order.id, actor)).get(productId);
      const granted = grant?.granted ?? 0;
      if (granted > 0) {
        await moveBackorderedToReserved(tx, line.id, granted);
        await appendEvent(tx, {
          orderId: order.id,
          type: 'backorder_filled',
          actor,
          data: { lineId: line.id, sku: line.sku, name: line.name, quantity: granted, stillBackordered: line.backorderedQty - granted },
        });
        filled.push({ orderId: order.id, orderNumber: order.number, lineId: line.id, quantity: granted });
      }
      if (granted < line.backorderedQty) return filled;
    }
  }
  return filled;
}
