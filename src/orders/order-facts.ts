/**
 * What other capabilities (payments, notifications, access) may read of an order
 * and write to its timeline: exported use cases over the orders repository.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { appendEvent, findEvents, findLines, findOrder, findOrderByNumber, lowerLineReserved, type OrderEventRow, type OrderLineRow, type OrderRow } from './orders.repository.ts';

export type { OrderEventRow, OrderLineRow, OrderRow };
/** A timeline event written in the same statement as the row it is about (see orders.repository.ts). */
export { timelineEventBuilder, timelineEventValues } from './orders.repository.ts';

/** An order by id or by number; not_found otherwise. `lock` takes a row lock (inside a transaction). */
export async function getOrder(conn: Conn, ref: string, lock = false): Promise<OrderRow> {
  const order = isUuid(ref) ? await findOrder(conn, ref, lock) : await findOrderByNumber(conn, ref.toUpperCase());
  if (!order) throw new AppError('not_found', `There is no order ${ref}`);
  if (lock && !isUuid(ref)) return (await findOrder(conn, order.id, true)) ?? order;
  return order;
}

export const getOrderLines = (conn: Conn, orderId: string): Promise<OrderLineRow[]> => findLines(conn, orderId);
export const getOrderEvents = (conn: Conn, orderId: string): Promise<OrderEventRow[]> => findEvents(conn, orderId);

/** Adds an entry to the order's timeline (a payment, a message, a link). */
export async function recordOrderEvent(conn: Conn, orderId: string, type: string, actor: Actor, data: Record<string, unknown> = {}): Promise<void> {
  await appendEvent(conn, { orderId, type, actor, data });
}

/** Shipped units leave the lines' reservations (fulfilment ships them); the order's row lock is the caller's. */
export async function takeShippedFromReservations(conn: Conn, items: readonly { lineId: string; quantity: number }[]): Promise<void> {
  for (const it of items) {
    if (it.quantity > 0 && !(await lowerLineReserved(conn, it.lineId, it.quantity))) throw new AppError('conflict', 'The order line changed at the same moment; reload it and try again');
  }
}
