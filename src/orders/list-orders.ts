/** Finding orders: filters, free text and keyset paging, newest first. */
import { createdAtCursor } from '../shared/cursor.ts';
import type { Conn } from '../shared/db.ts';
import { listOrders, countByStatus, type ListFilter, type OrderSummaryRow } from './orders.repository.ts';


export async function findOrders(conn: Conn, filter: Omit<ListFilter, 'after'> & { after?: string }): Promise<{ items: OrderSummaryRow[]; nextCursor: string | null }> {
  const { after, ...rest } = filter;
  const items = await listOrders(conn, { ...rest, ...(after ? { after: createdAtCursor.decode(after) } : {}) });
  const last = items.at(-1);
  return { items, nextCursor: items.length === filter.limit && last ? createdAtCursor.encode(last) : null };
}

export { countByStatus };
