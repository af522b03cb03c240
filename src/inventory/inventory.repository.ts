/** All SQL on stock levels and stock movements. Each change is one conditional statement on the stock row, never a read-modify-write in JavaScript. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { goodsReceipts, products, stockLevels, stockMovements } from '../shared/schema.ts';
import { rows, rowsBuiltOnce } from '../shared/sql.ts';

export type StockLevelRow = typeof stockLevels.$inferSelect;
type NewMovement = typeof stockMovements.$inferInsert;

/**
 * One statement: locks the requested products' stock rows in product-id order
 * (`list` must be sorted), grants each what it may have, raises `reserved` by
 * that, and records the reserve movements. Returns one row per product found.
 */
export async function reserveRows(
  tx: Conn,
  list: readonly { productId: string; quantity: number; allowBackorder: boolean }[],
  orderId: string,
  actor: Actor,
): Promise<{ product_id: string; granted: number; available: number }[]> {
  // Lock first, in its own statement: the reserving statement below then starts with a snapshot
  // taken after every lock is ours, so what it grants is computed from the rows as they are now.
  // (In one statement, a row changed by a receipt while we waited for its lock could be judged
  // from the version before it — a check-constraint failure instead of a grant.)
  const ids = `{${list.map((r) => r.productId).join(',')}}`;
  await rowsBuiltOnce(tx, 'stock.lockForReserve', () => sql`select product_id from stock_levels where product_id = any(${sql.placeholder('ids')}::uuid[]) order by product_id for update`, { ids });
  return rowsBuiltOnce<{ product_id: string; granted: number; available: number }>(
    tx,
    'stock.reserve',
    () => sql`with req as (
          select * from unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('quantities')}::int[], ${sql.placeholder('backorders')}::boolean[]) as t(product_id, qty, backorder)
        ), cur as (
          select s.product_id,
                 case when req.backorder then greatest(0, least(req.qty, s.on_hand - s.reserved))
                      when s.on_hand - s.reserved >= req.qty then req.qty
                      else 0 end as granted
            from stock_levels s join req on req.product_id = s.product_id
           order by s.product_id
             for update of s
        ), upd as (
          update stock_levels s set reserved = s.reserved + cur.granted, updated_at = now()
            from cur where s.product_id = cur.product_id
          returning s.product_id, cur.granted, s.on_hand - s.reserved as available
        ), moved as (
          insert into stock_movements (product_id, kind, quantity, order_id, actor)
          select product_id, 'reserve', granted, ${sql.placeholder('orderId')}::uuid, ${sql.placeholder('actor')}::jsonb from upd where granted > 0
        )
        select product_id, granted, available from upd`,
    {
      ids,
      quantities: `{${list.map((r) => Math.trunc(r.quantity)).join(',')}}`,
      backorders: `{${list.map((r) => String(r.allowBackorder)).join(',')}}`,
      orderId,
      actor: JSON.stringify(actor),
    },
  );
}

/** Reserved units go back to available. */
export async function lowerReserved(tx: Conn, productId: string, quantity: number): Promise<void> {
  await tx
    .update(stockLevels)
    .set({ reserved: sql`${stockLevels.reserved} - ${quantity}`, updatedAt: new Date() })
    .where(eq(stockLevels.productId, productId));
}

/** Reserved units leave: on-hand and reserved both go down. */
export async function lowerOnHandAndReserved(tx: Conn, productId: string, quantity: number): Promise<void> {
  await tx
    .update(stockLevels)
    .set({ onHand: sql`${stockLevels.onHand} - ${quantity}`, reserved: sql`${stockLevels.reserved} - ${quantity}`, updatedAt: new Date() })
    .where(eq(stockLevels.productId, productId));
}

export async function insertMovement(tx: Conn, m: NewMovement): Promise<void> {
  await tx.insert(stockMovements).values(m);
}

/** The product's stock row, locked for the rest of the transaction. */
export async function lockStockLevel(tx: Conn, productId: string): Promise<StockLevelRow | undefined> {
  const [row] = await tx.select().from(stockLevels).where(eq(stockLevels.productId, productId)).for('update');
  return row;
}

export async function setOnHand(tx: Conn, productId: string, onHand: number): Promise<StockLevelRow | undefined> {
  const [row] = await tx
    .update(stockLevels)
    .set({ onHand, updatedAt: new Date() })
    .where(and(eq(stockLevels.productId, productId)))
    .returning();
  return row;
}

/** A product's stock movements, newest first. */
export async function movementsOf(conn: Conn, productId: string, limit: number) {
  return conn
    .select({ id: stockMovements.id, kind: stockMovements.kind, quantity: stockMovements.quantity, orderId: stockMovements.orderId, reason: stockMovements.reason, at: stockMovements.at })
    .from(stockMovements)
    .where(eq(stockMovements.productId, productId))
    .orderBy(desc(stockMovements.id))
    .limit(limit);
}

/** Received units arrive on the (locked) stock row. */
export async function raiseOnHand(tx: Conn, productId: string, quantity: number): Promise<StockLevelRow | undefined> {
  const [row] = await tx
    .update(stockLevels)
    .set({ onHand: sql`${stockLevels.onHand} + ${quantity}`, updatedAt: new Date() })
    .where(eq(stockLevels.productId, productId))
    .returning();
  return row;
}

export type GoodsReceiptRow = typeof goodsReceipts.$inferSelect;

export async function insertReceipt(tx: Conn, r: typeof goodsReceipts.$inferInsert): Promise<GoodsReceiptRow> {
  const [row] = await tx.insert(goodsReceipts).values(r).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Receipts, newest first (optionally of one product). */
export async function listReceipts(conn: Conn, productId: string | undefined, limit: number) {
  return conn
    .select({ receipt: goodsReceipts, sku: products.sku, name: products.name })
    .from(goodsReceipts)
    .innerJoin(products, eq(products.id, goodsReceipts.productId))
    .where(productId ? eq(goodsReceipts.productId, productId) : undefined)
    .orderBy(desc(goodsReceipts.receivedAt), desc(goodsReceipts.id))
    .limit(limit);
}

export async function setReorderLevel(conn: Conn, productId: string, reorderLevel: number | null): Promise<StockLevelRow | undefined> {
  const [row] = await conn.update(stockLevels).set({ reorderLevel, updatedAt: new Date() }).where(eq(stockLevels.productId, productId)).returning();
  return row;
}

/**
 * Products at or below their low-stock threshold, or with units back-ordered for
 * open orders: what to order, most short first.
 */
export async function reorderRows(conn: Conn, openStatuses: readonly string[]) {
  return rows<{ product_id: string; sku: string; name: string; on_hand: number; reserved: number; reorder_level: number | null; backordered: number }>(
    conn,
    sql`select p.id as product_id, p.sku, p.name, s.on_hand, s.reserved, s.reorder_level,
               coalesce((select sum(l.backordered_qty) from order_lines l join orders o on o.id = l.order_id
                          where l.product_id = p.id and l.backordered_qty > 0
                            and o.status in (${sql.join(openStatuses.map((x) => sql`${x}`), sql`, `)})), 0)::int as backordered
          from stock_levels s join products p on p.id = s.product_id
         where p.active
           and ((s.reorder_level is not null and s.on_hand - s.reserved <= s.reorder_level)
                or exists (select 1 from order_lines l join orders o on o.id = l.order_id
                            where l.product_id = p.id and l.backordered_qty > 0
                              and o.status in (${sql.join(openStatuses.map((x) => sql`${x}`), sql`, `)})))
         order by (s.on_hand - s.reserved - coalesce(s.reorder_level, 0)) asc, p.sku asc
         limit 500`,
  );
}

/**
 * Every stock row beside what its movements add up to: on-hand is adjustments
 * plus receipts less what was consumed; reserved is reservations less releases
 * and consumption.
 */
export async function ledgerComparison(conn: Conn) {
  return rows<{ product_id: string; sku: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }>(
    conn,
    sql`select s.product_id, p.sku, s.on_hand, s.reserved,
               coalesce(sum(case m.kind when 'adjust' then m.quantity when 'receive' then m.quantity when 'consume' then -m.quantity else 0 end), 0)::int as ledger_on_hand,
               coalesce(sum(case m.kind when 'reserve' then m.quantity when 'release' then -m.quantity when 'consume' then -m.quantity else 0 end), 0)::int as ledger_reserved
          from stock_levels s join products p on p.id = s.product_id
          left join stock_movements m on m.product_id = s.product_id
         group by s.product_id, p.sku, s.on_hand, s.reserved
         order by p.sku`,
  );
}

/** Sets the stored levels of one product to what its ledger says (the row is locked by the update). */
export async function writeLevels(tx: Conn, productId: string, onHand: number, reserved: number): Promise<void> {
  await tx.update(stockLevels).set({ onHand, reserved, updatedAt: new Date() }).where(eq(stockLevels.productId, productId));
}

export async function levelsOf(conn: Conn, productIds: readonly string[]): Promise<StockLevelRow[]> {
  if (!productIds.length) return [];
  return conn.select().from(stockLevels).where(inArray(stockLevels.productId, [...productIds]));
}
