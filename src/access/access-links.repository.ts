/** All SQL on access links. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { accessLinks } from '../shared/schema.ts';
import type { AccessPurpose } from './access-link.ts';

export type AccessLinkRow = typeof accessLinks.$inferSelect;

export async function insertLink(conn: Conn, row: typeof accessLinks.$inferInsert): Promise<AccessLinkRow> {
  const [created] = await conn.insert(accessLinks).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findByHash(conn: Conn, tokenHash: string): Promise<AccessLinkRow | undefined> {
  const [row] = await conn.select().from(accessLinks).where(eq(accessLinks.tokenHash, tokenHash));
  return row;
}

export async function touch(conn: Conn, id: string): Promise<void> {
  await conn.update(accessLinks).set({ lastUsedAt: sql`now()` }).where(eq(accessLinks.id, id));
}

export async function linksOfOrder(conn: Conn, orderId: string): Promise<AccessLinkRow[]> {
  return conn.select().from(accessLinks).where(eq(accessLinks.orderId, orderId)).orderBy(asc(accessLinks.createdAt));
}

export async function revokeById(conn: Conn, id: string): Promise<AccessLinkRow | undefined> {
  const [row] = await conn.update(accessLinks).set({ revokedAt: sql`coalesce(${accessLinks.revokedAt}, now())` }).where(eq(accessLinks.id, id)).returning();
  return row;
}

export async function revokeForOrder(conn: Conn, orderId: string, purpose?: AccessPurpose): Promise<number> {
  const rows = await conn
    .update(accessLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessLinks.orderId, orderId), isNull(accessLinks.revokedAt), purpose ? eq(accessLinks.purpose, purpose) : undefined))
    .returning({ id: accessLinks.id });
  return rows.length;
}

export async function revokeForQuote(conn: Conn, quoteId: string): Promise<number> {
  const rows = await conn
    .update(accessLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessLinks.quoteId, quoteId), isNull(accessLinks.revokedAt)))
    .returning({ id: accessLinks.id });
  return rows.length;
}
