/** All SQL on invoices, credit notes and their number counters. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { invoices } from '../shared/schema.ts';

export type InvoiceRow = typeof invoices.$inferSelect;

export async function insertInvoice(conn: Conn, row: typeof invoices.$inferInsert): Promise<InvoiceRow> {
  const [created] = await conn.insert(invoices).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findInvoice(conn: Conn, id: string, lock = false): Promise<InvoiceRow | undefined> {
  const q = conn.select().from(invoices).where(eq(invoices.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function liveInvoiceOf(conn: Conn, orderId: string): Promise<InvoiceRow | undefined> {
  const [row] = await conn
    .select()
    .from(invoices)
    .where(and(eq(invoices.orderId, orderId), eq(invoices.kind, 'invoice'), eq(invoices.status, 'issued')));
  return row;
}

export async function invoicesOfOrder(conn: Conn, orderId: string): Promise<InvoiceRow[]> {
  return conn.select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(asc(invoices.issuedAt), asc(invoices.number));
}

export async function markCancelled(conn: Conn, id: string, reason: string, at: Date): Promise<void> {
  await conn.update(invoices).set({ status: 'cancelled', cancelledAt: at, cancelReason: reason }).where(eq(invoices.id, id));
}

/**
 * Deletes the invoices and credit notes of these orders (only the demo's removal does this)
 * and rewinds each counter to the highest number still issued, so removing the demo
 * before any real invoice leaves the numbering to start at 1.
 */
export async function deleteInvoicesOfOrders(conn: Conn, orderIds: readonly string[]): Promise<void> {
  if (!orderIds.length) return;
  await conn.delete(invoices).where(inArray(invoices.orderId, [...orderIds]));
  await conn.execute(sql`update document_counters c set last = coalesce((select max(i.seq) from invoices i where i.kind = c.series and i.year = c.year), 0)`);
}
