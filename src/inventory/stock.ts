/**
 * Stock: reserve when an order is taken, release when it is cancelled or
 * changed, consume when it ships. Every change is one conditional statement on
 * the stock row (never a read-modify-write in JavaScript) and a movement row.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { stockLevels, stockMovements } from '../shared/schema.ts';
import { arrayParam, rows } from '../shared/sql.ts';

export type StockRequest = { productId: string; quantity: number; allowBackorder: boolean };
export type StockGrant = { productId: string; requested: number; granted: number; availableAfter: number };

/**
 * Reserves stock for several products, and records the movements, in one
 * statement. Rows are locked in product-id order so concurrent orders never
 * deadlock. A product that does not allow back-orders gets all it asks for or
 * nothing; one that does gets what is available. The caller decides what a
 * short grant means.
 */
export async function reserveStock(tx: Conn, requests: readonly StockRequest[], orderId: string, actor: Actor): Promise<Map<string, StockGrant>> {
  const merged = new Map<string, StockRequest>();
  for (const r of requests) {
    const m = merged.get(r.productId);
    merged.set(r.productId, m ? { ...m, quantity: m.quantity + r.quantity } : { ...r });
  }
  const list = [...merged.values()].sort((a, b) => (a.productId < b.productId ? -1 : 1));
  const grants = new Map<string, StockGrant>();
  if (list.length === 0) return grants;
  const result = await rows<{ product_id: string; granted: number; available: number }>(
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
  for (const r of list) {
    const row = result.find((x) => x.product_id === r.productId);
    grants.set(r.productId, { productId: r.productId, requested: r.quantity, granted: row ? Number(row.granted) : 0, availableAfter: row ? Number(row.available) : 0 });
  }
  return grants;
}

/** Gives reserved units back (order cancelled or its lines changed). */
export async function releaseStock(tx: Conn, items: readonly { productId: string; quantity: number }[], orderId: string, actor: Actor, reason: string): Promise<void> {
  for (const it of items.filter((i) => i.quantity > 0).sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    await tx
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} - ${it.quantity}`, updatedAt: new Date() })
      .where(eq(stockLevels.productId, it.productId));
    await tx.insert(stockMovements).values({ productId: it.productId, kind: 'release', quantity: it.quantity, orderId, actor, reason });
  }
}

/** Reserved units leave the building (order shipped): both on-hand and reserved go down. */
export async function consumeStock(tx: Conn, items: readonly { productId: string; quantity: number }[], orderId: string, actor: Actor): Promise<void> {
  for (const it of items.filter((i) => i.quantity > 0).sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    await tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} - ${it.quantity}`, reserved: sql`${stockLevels.reserved} - ${it.quantity}`, updatedAt: new Date() })
      .where(eq(stockLevels.productId, it.productId));
    await tx.insert(stockMovements).values({ productId: it.productId, kind: 'consume', quantity: it.quantity, orderId, actor });
  }
}

export type StockLevel = { productId: string; onHand: number; reserved: number; available: number };

/**
 * Counts in or out (delta), or sets the counted on-hand quantity. On-hand may
 * never fall below what is reserved for orders.
 */
export async function adjustStock(
  db: Db,
  productId: string,
  change: { delta: number } | { onHand: number },
  reason: string,
  actor: Actor,
): Promise<StockLevel> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(stockLevels).where(eq(stockLevels.productId, productId)).for('update');
    if (!before) throw notFound('Stock for this product (is it made to order?)');
    const onHand = 'delta' in change ? before.onHand + change.delta : change.onHand;
    if (onHand < before.reserved) {
      throw new AppError('validation_failed', `On-hand would be ${onHand}, below the ${before.reserved} reserved for orders`, [
        { pointer: 'delta' in change ? '/delta' : '/onHand', code: 'below_reserved', message: `At least ${before.reserved} units are reserved for open orders` },
      ]);
    }
    const [after] = await tx
      .update(stockLevels)
      .set({ onHand, updatedAt: new Date() })
      .where(and(eq(stockLevels.productId, productId)))
      .returning();
    await tx.insert(stockMovements).values({ productId, kind: 'adjust', quantity: onHand - before.onHand, reason, actor });
    if (!after) throw notFound('Stock');
    return { productId, onHand: after.onHand, reserved: after.reserved, available: after.onHand - after.reserved };
  });
}
