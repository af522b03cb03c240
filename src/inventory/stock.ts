/**
 * Stock: reserve when an order is taken, release when it is cancelled or
 * changed, consume when it ships. Every change is one conditional statement on
 * the stock row (never a read-modify-write in JavaScript) and a movement row;
 * the SQL is in inventory.repository.ts.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import {
  insertMovement,
  insertReceipt,
  ledgerComparison,
  levelsOf,
  listReceipts,
  lockStockLevel,
  movementsOf,
  lowerOnHandAndReserved,
  lowerReserved,
  raiseOnHand,
  reorderRows,
  reserveRows,
  setOnHand,
  setReorderLevel,
  writeLevels,
  type GoodsReceiptRow,
} from './inventory.repository.ts';

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

export type Receipt = {
  productId: string;
  quantity: number;
  supplierPartyId?: string | null | undefined;
  supplierReference?: string | null | undefined;
  note?: string | undefined;
  /** The purchase or production order (work item) the goods came in against. */
  workItemId?: string | null | undefined;
};

const receiptRow = (r: Receipt, actor: Actor) => ({
  productId: r.productId,
  quantity: r.quantity,
  supplierPartyId: r.supplierPartyId ?? null,
  supplierReference: r.supplierReference ?? null,
  workItemId: r.workItemId ?? null,
  note: r.note ?? '',
  receivedBy: actor,
});

/** Whether the product has a stock level (a stocked product); made-to-order and third-party products have none. */
export async function keptInStock(conn: Conn, productId: string): Promise<boolean> {
  return (await levelsOf(conn, [productId])).length > 0;
}

/**
 * Goods for one order of a product not kept in stock (made to order, third party),
 * received against its purchase or production order: recorded, with no stock
 * movement — they are that order's, not stock.
 */
export async function recordOrderReceipt(tx: Conn, r: Receipt & { workItemId: string }, actor: Actor): Promise<GoodsReceiptRow> {
  return insertReceipt(tx, receiptRow(r, actor));
}

/**
 * Goods in, inside the caller's transaction: locks the product's stock row,
 * raises on-hand and records the receipt and its movement. Filling back-orders
 * from it is the caller's next step (orders/fill-backorders.ts).
 */
export async function recordReceipt(tx: Conn, r: Receipt, actor: Actor): Promise<{ receipt: GoodsReceiptRow; level: StockLevel }> {
  const before = await lockStockLevel(tx, r.productId);
  if (!before) throw new AppError('validation_failed', 'This product is not kept in stock (made to order or third party)', [{ pointer: '/productId', code: 'not_stocked', message: 'Only stocked products can be received' }]);
  const receipt = await insertReceipt(tx, receiptRow(r, actor));
  const after = await raiseOnHand(tx, r.productId, r.quantity);
  if (!after) throw notFound('Stock');
  await insertMovement(tx, { productId: r.productId, kind: 'receive', quantity: r.quantity, actor, reason: `receipt ${receipt.id}${r.supplierReference ? ` (${r.supplierReference})` : ''}` });
  return { receipt, level: { productId: r.productId, onHand: after.onHand, reserved: after.reserved, available: after.onHand - after.reserved } };
}

/** The product's stock level now (after a receipt filled what it could). */
export async function stockLevelOf(conn: Conn, productId: string): Promise<StockLevel & { reorderLevel: number | null }> {
  const [row] = await levelsOf(conn, [productId]);
  if (!row) throw notFound('Stock for this product');
  return { productId, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved, reorderLevel: row.reorderLevel };
}

export const receiptsOf = (conn: Conn, productId: string | undefined, limit: number) => listReceipts(conn, productId, limit);

/** The low-stock threshold of a product (null: not watched). */
export async function changeReorderLevel(db: Db, productId: string, reorderLevel: number | null): Promise<StockLevel & { reorderLevel: number | null }> {
  const row = await setReorderLevel(db, productId, reorderLevel);
  if (!row) throw notFound('Stock for this product (is it made to order?)');
  return { productId, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved, reorderLevel: row.reorderLevel };
}

export type ReorderItem = { productId: string; sku: string; name: string; onHand: number; reserved: number; available: number; reorderLevel: number | null; backordered: number; suggestedQuantity: number };

/**
 * What to order: products at or below their threshold, or with units waiting for
 * open orders (`openStatuses`). The suggestion covers what is waiting and brings
 * available back above the threshold.
 */
export async function reorderList(conn: Conn, openStatuses: readonly string[]): Promise<ReorderItem[]> {
  return (await reorderRows(conn, openStatuses)).map((r) => {
    const available = Number(r.on_hand) - Number(r.reserved);
    const level = r.reorder_level === null ? null : Number(r.reorder_level);
    const backordered = Number(r.backordered);
    return {
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      onHand: Number(r.on_hand),
      reserved: Number(r.reserved),
      available,
      reorderLevel: level,
      backordered,
      suggestedQuantity: Math.max(0, backordered + (level === null ? 0 : level + 1 - available)),
    };
  });
}

export type LedgerDifference = { productId: string; sku: string; stored: { onHand: number; reserved: number }; ledger: { onHand: number; reserved: number } };

/**
 * Recomputes every product's levels from the append-only movements and lists
 * where the stored levels differ. With `fix`, sets the stored levels to the
 * ledger's (in one transaction; the ledger itself is never changed).
 */
export async function checkLedger(db: Db, fix: boolean): Promise<{ products: number; differences: LedgerDifference[]; fixed: boolean }> {
  return db.transaction(async (tx) => {
    const all = await ledgerComparison(tx);
    const differences = all
      .filter((r) => Number(r.on_hand) !== Number(r.ledger_on_hand) || Number(r.reserved) !== Number(r.ledger_reserved))
      .map((r) => ({
        productId: r.product_id,
        sku: r.sku,
        stored: { onHand: Number(r.on_hand), reserved: Number(r.reserved) },
        ledger: { onHand: Number(r.ledger_on_hand), reserved: Number(r.ledger_reserved) },
      }));
    if (fix) for (const d of differences) await writeLevels(tx, d.productId, d.ledger.onHand, d.ledger.reserved);
    return { products: all.length, differences, fixed: fix && differences.length > 0 };
  });
}
