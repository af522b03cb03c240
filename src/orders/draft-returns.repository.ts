/** All SQL on drafts returned to their customer (draft_returns). */
import { and, asc, eq, isNull, isNotNull, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { draftReturns, orders } from '../shared/schema.ts';

export type DraftReturnRow = typeof draftReturns.$inferSelect;

/** Records a return; a draft sent again starts afresh (not reminded, not completed). */
export async function upsertReturn(conn: Conn, row: typeof draftReturns.$inferInsert): Promise<DraftReturnRow> {
  const fresh = { sentTo: row.sentTo, missing: row.missing, sentBy: row.sentBy, sentAt: row.sentAt, reminderDueAt: row.reminderDueAt, remindedAt: null, completedAt: null };
  const [saved] = await conn.insert(draftReturns).values(row).onConflictDoUpdate({ target: draftReturns.orderId, set: fresh }).returning();
  if (!saved) throw new Error('upsert returned no row');
  return saved;
}

export async function findReturn(conn: Conn, orderId: string, lock = false): Promise<DraftReturnRow | undefined> {
  const q = conn.select().from(draftReturns).where(eq(draftReturns.orderId, orderId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Marks the return reminded, once: only the one sent at `sentAt`, not completed, not reminded yet. */
export async function markReminded(conn: Conn, orderId: string, sentAt: Date, at: Date): Promise<DraftReturnRow | undefined> {
  const [row] = await conn
    .update(draftReturns)
    .set({ remindedAt: at })
    .where(and(eq(draftReturns.orderId, orderId), eq(draftReturns.sentAt, sentAt), isNull(draftReturns.remindedAt), isNull(draftReturns.completedAt)))
    .returning();
  return row;
}

export async function markCompleted(conn: Conn, orderId: string, at: Date): Promise<void> {
  await conn.update(draftReturns).set({ completedAt: at }).where(eq(draftReturns.orderId, orderId));
}

/** Drafts waiting on their customer: returned, not completed, still drafts. Oldest first. */
export async function listWaiting(conn: Conn, limit: number) {
  return conn
    .select({
      orderId: draftReturns.orderId,
      customerName: orders.customerName,
      channel: orders.channel,
      sentTo: draftReturns.sentTo,
      sentAt: draftReturns.sentAt,
      reminderDueAt: draftReturns.reminderDueAt,
      remindedAt: draftReturns.remindedAt,
      missing: draftReturns.missing,
    })
    .from(draftReturns)
    .innerJoin(orders, eq(orders.id, draftReturns.orderId))
    .where(and(isNull(draftReturns.completedAt), eq(orders.status, 'draft')))
    .orderBy(asc(draftReturns.sentAt))
    .limit(limit);
}

/** For Today: drafts waiting on their customer, and how many of them were already reminded. */
export async function countWaiting(conn: Conn): Promise<{ waiting: number; reminded: number }> {
  const [row] = await conn
    .select({
      waiting: sql<number>`count(*)`.mapWith(Number),
      reminded: sql<number>`count(*) filter (where ${isNotNull(draftReturns.remindedAt)})`.mapWith(Number),
    })
    .from(draftReturns)
    .innerJoin(orders, eq(orders.id, draftReturns.orderId))
    .where(and(isNull(draftReturns.completedAt), eq(orders.status, 'draft')));
  return { waiting: row?.waiting ?? 0, reminded: row?.reminded ?? 0 };
}
