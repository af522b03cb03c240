/** All SQL on stock levels and stock movements. Each change is one conditional statement on the stock row, never a read-modify-write in JavaScript. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { stockLevels, stockMovements } from '../shared/schema.ts';
import { arrayParam, rows } from '../shared/sql.ts';

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
  return rows<{ product_id: string; granted: number; available: number }>(
    tx,
    sql`with req as (
          select * from unnest(${arrayParam(list.map((r) => r.productId), 'uuid')},
                               ${arrayParam(list.map((r) => r.quantity), 'int')},
                               ${`{${list.map((r) => String(r.allowBackorder)).join(',')}}`}::boolean[]) as t(product_id, qty, backorder)
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
          select product_id, 'reserve', granted, ${orderId}::uuid, ${JSON.stringify(actor)}::jsonb from upd where granted > 0
        )
        select product_id, granted, available from upd`,
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
