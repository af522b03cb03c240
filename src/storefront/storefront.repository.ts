/** All SQL on storefront_orders: where each storefront order came from. */
import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { storefrontOrders } from '../shared/schema.ts';

/** Serialises the storefront placements of one client within their transactions, so a count cannot be raced past. */
export async function lockClient(tx: Conn, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`storefront:${key}`}, 0))`);
}

/** How many orders this client placed since `since`, and when the oldest of them was. */
export async function ordersOfClientSince(conn: Conn, key: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
  const [r] = await conn
    .select({ n: count(), oldest: min(storefrontOrders.createdAt) })
    .from(storefrontOrders)
    .where(and(eq(storefrontOrders.clientKey, key), gt(storefrontOrders.createdAt, since)));
  return { n: Number(r?.n ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null };
}

export async function insertStorefrontOrder(conn: Conn, row: { orderId: string; clientKey: string; createdAt: Date }): Promise<void> {
  await conn.insert(storefrontOrders).values(row);
}
