/** Finding orders: filters, free text and keyset paging, newest first. */
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { listOrders, countByStatus, type ListFilter, type OrderSummaryRow } from './orders.repository.ts';

export const orderCursor = {
  encode: (r: { createdAt: Date; id: string }) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString('base64url'),
  decode(s: string): { createdAt: Date; id: string } {
    const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
    const createdAt = new Date(at ?? '');
    if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
      throw new AppError('validation_failed', 'The cursor is not one this API gave out', [{ pointer: 'after', code: 'invalid_cursor', message: 'Use nextCursor from the previous page' }]);
    }
    return { createdAt, id };
  },
};

export async function findOrders(conn: Conn, filter: Omit<ListFilter, 'after'> & { after?: string }): Promise<{ items: OrderSummaryRow[]; nextCursor: string | null }> {
  const { after, ...rest } = filter;
  const items = await listOrders(conn, { ...rest, ...(after ? { after: orderCursor.decode(after) } : {}) });
  const last = items.at(-1);
  return { items, nextCursor: items.length === filter.limit && last ? orderCursor.encode(last) : null };
}

export { countByStatus };
