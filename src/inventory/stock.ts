/**
 * Stock: reserve when an order is taken, release when it is cancelled or
 * changed, consume when it ships. Every change is one conditional statement on
 * the stock row (never a read-modify-write in JavaScript) and a movement row;
 * the SQL is in inventory.repository.ts.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { insertMovement, lockStockLevel, movementsOf, lowerOnHandAndReserved, lowerReserved, reserveRows, setOnHand } from './inventory.repository.ts';

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
  const result = await reserveRows(tx, list, orderId, actor);
  for (const r of list) {
    const row = result.find((x) => x.product_id === r.productId);
    grants.set(r.productId, { productId: r.productId, requested: r.quantity, granted: row ? Number(row.granted) : 0, availableAfter: row ? Number(row.available) : 0 });
  }
  return grants;
}

/** Gives reserved units back (order cancelled or its lines changed). */
export async function releaseStock(tx: Conn, items: readonly { productId: string; quantity: number }[], orderId: string, actor: Actor, reason: string): Promise<void> {
  for (const it of items.filter((i) => i.quantity > 0).sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    await lowerReserved(tx, it.productId, it.quantity);
    await insertMovement(tx, { productId: it.productId, kind: 'release', quantity: it.quantity, orderId, actor, reason });
  }
}

/** Reserved units leave the building (order shipped): both on-hand and reserved go down. */
export async function consumeStock(tx: Conn, items: readonly { productId: string; quantity: number }[], orderId: string, actor: Actor): Promise<void> {
  for (const it of items.filter((i) => i.quantity > 0).sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    await lowerOnHandAndReserved(tx, it.productId, it.quantity);
    await insertMovement(tx, { productId: it.productId, kind: 'consume', quantity: it.quantity, orderId, actor });
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
    const before = await lockStockLevel(tx, productId);
    if (!before) throw notFound('Stock for this product (is it made to order?)');
    const onHand = 'delta' in change ? before.onHand + change.delta : change.onHand;
    if (onHand < before.reserved) {
      throw new AppError('validation_failed', `On-hand would be ${onHand}, below the ${before.reserved} reserved for orders`, [
        { pointer: 'delta' in change ? '/delta' : '/onHand', code: 'below_reserved', message: `At least ${before.reserved} units are reserved for open orders` },
      ]);
    }
    const after = await setOnHand(tx, productId, onHand);
    await insertMovement(tx, { productId, kind: 'adjust', quantity: onHand - before.onHand, reason, actor });
    if (!after) throw notFound('Stock');
    return { productId, onHand: after.onHand, reserved: after.reserved, available: after.onHand - after.reserved };
  });
}

/** A product's stock movements, newest first. */
export const stockMovementsOf = (conn: Conn, productId: string, limit: number) => movementsOf(conn, productId, limit);
