/**
 * What other capabilities (payments, notifications, access) may read of an order
 * and write to its timeline: exported use cases over the orders repository.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { appendEvent, findEvents, findLines, findOrder, findOrderByNumber, type OrderEventRow, type OrderLineRow, type OrderRow } from './orders.repository.ts';

export type { OrderEventRow, OrderLineRow, OrderRow };

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
