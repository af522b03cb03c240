/** All SQL of the at-risk list and its scan: late or nearly late orders, and which were already put on their timeline. */
import { and, asc, exists, inArray, isNotNull, lt, eq, gt } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { orderLines, orderRiskFlags, orders } from '../shared/schema.ts';
import type { OrderStatus } from './order-vocabulary.ts';

export type RiskCandidate = { id: string; number: string | null; customerName: string | null; status: OrderStatus; channel: string; expectedCompletionDate: string; backordered: boolean };

const columns = {
  id: orders.id,
  number: orders.number,
  customerName: orders.customerName,
  status: orders.status,
  channel: orders.channel,
  expectedCompletionDate: orders.expectedCompletionDate,
};

const hasBackorder = (conn: Conn) => exists(conn.select({ one: orderLines.id }).from(orderLines).where(and(eq(orderLines.orderId, orders.id), gt(orderLines.backorderedQty, 0))));

/** Open orders (`open` states) whose expected date is before `horizon` (ISO date, exclusive), earliest first, with whether any line is back-ordered. */
export async function findOpenOrdersDueBefore(conn: Conn, open: readonly OrderStatus[], horizon: string, limit: number): Promise<RiskCandidate[]> {
  const rows = await conn
    .select({ ...columns, backordered: hasBackorder(conn).mapWith(Boolean) })
    .from(orders)
    .where(and(inArray(orders.status, [...open]), isNotNull(orders.expectedCompletionDate), lt(orders.expectedCompletionDate, horizon)))
    .orderBy(asc(orders.expectedCompletionDate), asc(orders.number))
    .limit(limit);
  return rows.map((r) => ({ ...r, expectedCompletionDate: r.expectedCompletionDate ?? '', backordered: Boolean(r.backordered) }));
}

/** Records that an order was found at risk for this expected date; false when it already was (by this or another process). */
export async function insertRiskFlag(conn: Conn, row: { orderId: string; expectedDate: string; reason: string }): Promise<boolean> {
  const inserted = await conn.insert(orderRiskFlags).values(row).onConflictDoNothing().returning({ orderId: orderRiskFlags.orderId });
  return inserted.length > 0;
}
