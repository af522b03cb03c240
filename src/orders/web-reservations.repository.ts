/**
 * Storefront reservations as the orders capability sees them: web orders not yet
 * confirmed by staff (placed or verified) that hold stock. The SQL that finds
 * them; what to do with them is the storefront's (reservation-expiry.ts).
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { orderLines, orders } from '../shared/schema.ts';
import type { OrderStatus } from './lifecycle.ts';
import type { OrderRow } from './orders.repository.ts';

/** The states in which an unpaid web order's reservation may expire: nobody at the business has accepted it yet. */
export const UNCONFIRMED: readonly OrderStatus[] = ['placed', 'verified'];

const holdsStock = sql`exists (select 1 from ${orderLines} l where l.order_id = ${orders.id} and l.reserved_qty > 0)`;
const unconfirmedWeb = and(eq(orders.channel, 'web'), inArray(orders.status, [...UNCONFIRMED]), holdsStock);

/**
 * Locks the oldest unconfirmed web order placed at or before `placedBefore` that
 * holds stock, skipping rows another process has locked (so several app
 * processes can sweep at once) and the ids in `skip`. The lock is FOR NO KEY UPDATE,
 * the strength an update of the order's status takes: two sweeps still exclude each
 * other, but a transaction that only writes a row pointing at the order (an e-mail's
 * timeline event, whose foreign key takes FOR KEY SHARE on it) no longer makes the
 * sweep pass the order by as locked.
 */
export async function lockNextStaleWebOrder(tx: Conn, placedBefore: Date, skip: readonly string[]): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(unconfirmedWeb, lte(orders.placedAt, placedBefore), skip.length ? sql`not (${orders.id} = any(${`{${skip.join(',')}}`}::uuid[]))` : undefined))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(1)
    .for('no key update', { skipLocked: true });
  return row;
}

export type WebReservationRow = Pick<OrderRow, 'id' | 'number' | 'status' | 'customerName' | 'customerEmail' | 'currency' | 'grandTotalMinor' | 'placedAt'> & {
  lines: { sku: string; name: string; reservedQty: number }[];
};

/** Unconfirmed web orders that hold stock, oldest first (keyset after `after`). */
export async function listWebReservations(conn: Conn, limit: number, after?: { placedAt: Date; id: string }): Promise<WebReservationRow[]> {
  const found = await conn
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      customerName: orders.customerName,
      customerEmail: orders.customerEmail,
      currency: orders.currency,
      grandTotalMinor: orders.grandTotalMinor,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(and(unconfirmedWeb, after ? sql`(${orders.placedAt}, ${orders.id}) > (${after.placedAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
  if (!found.length) return [];
  const lines = await conn
    .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name, reservedQty: orderLines.reservedQty })
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, found.map((o) => o.id)), gt(orderLines.reservedQty, 0)))
    .orderBy(asc(orderLines.orderId), asc(orderLines.position));
  return found.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id).map(({ orderId: _o, ...l }) => l) }));
}
