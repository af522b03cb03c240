/** All SQL on quotes and their number series. */
import { and, desc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { quotes } from '../shared/schema.ts';
import type { QuoteStatus } from './quote.ts';

export type QuoteRow = typeof quotes.$inferSelect;

export async function insertQuote(conn: Conn, row: typeof quotes.$inferInsert): Promise<QuoteRow> {
  const [created] = await conn.insert(quotes).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findQuote(conn: Conn, ref: string, lock = false): Promise<QuoteRow | undefined> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const q = conn.select().from(quotes).where(isId ? eq(quotes.id, ref) : eq(quotes.number, ref));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateQuote(conn: Conn, id: string, set: Partial<typeof quotes.$inferInsert>): Promise<QuoteRow | undefined> {
  const [row] = await conn.update(quotes).set({ ...set, updatedAt: new Date() }).where(eq(quotes.id, id)).returning();
  return row;
}

/** Marks a sent quote accepted with its order, only if it is still open: undefined when another acceptance came first. */
export async function markAccepted(conn: Conn, id: string, orderId: string): Promise<QuoteRow | undefined> {
  const [row] = await conn
    .update(quotes)
    .set({ status: 'accepted', orderId, acceptedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(quotes.id, id), eq(quotes.status, 'sent'), isNull(quotes.orderId)))
    .returning();
  return row;
}

export async function listQuotes(conn: Conn, f: { status?: QuoteStatus | undefined; customerId?: string | undefined; inquiryId?: string | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<QuoteRow[]> {
  const conds = [
    f.status ? eq(quotes.status, f.status) : undefined,
    f.customerId ? eq(quotes.customerId, f.customerId) : undefined,
    f.inquiryId ? eq(quotes.inquiryId, f.inquiryId) : undefined,
    f.after ? or(lt(quotes.createdAt, f.after.createdAt), and(eq(quotes.createdAt, f.after.createdAt), lt(quotes.id, f.after.id))) : undefined,
  ];
  return conn
    .select()
    .from(quotes)
    .where(and(...conds))
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(f.limit);
}

/** For Today: sent quotes still valid on `today` (YYYY-MM-DD), and how many of them expire by `soon` (inclusive). */
export async function countQuotesAwaitingCustomer(conn: Conn, today: string, soon: string): Promise<{ awaiting: number; expiringSoon: number }> {
  const [row] = await conn
    .select({
      awaiting: sql<number>`count(*)`.mapWith(Number),
      expiringSoon: sql<number>`count(*) filter (where ${quotes.validUntil} <= ${soon})`.mapWith(Number),
    })
    .from(quotes)
    .where(and(eq(quotes.status, 'sent'), gte(quotes.validUntil, today)));
  return { awaiting: row?.awaiting ?? 0, expiringSoon: row?.expiringSoon ?? 0 };
}
