/** All SQL on the products table. */
import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { isUuid } from '../shared/ids.ts';
import { arrayLiteral, runBuiltOnce } from '../shared/sql.ts';
import { products, stockLevels, stockMovements } from '../shared/schema.ts';
import { systemActor } from '../shared/actor.ts';
import type { Product, ProductInput, ProductPatch } from './product.ts';

const columns = {
  product: products,
  onHand: stockLevels.onHand,
  reserved: stockLevels.reserved,
};

type Row = { product: typeof products.$inferSelect; onHand: number | null; reserved: number | null };

function toProduct(r: Row): Product {
  const p = r.product;
  return {
    ...p,
    stock:
      p.fulfilmentMode === 'stock'
        ? { onHand: r.onHand ?? 0, reserved: r.reserved ?? 0, available: (r.onHand ?? 0) - (r.reserved ?? 0) }
        : null,
  };
}

const base = (conn: Conn) => conn.select(columns).from(products).leftJoin(stockLevels, eq(stockLevels.productId, products.id));

export async function findProduct(conn: Conn, idOrSku: string): Promise<Product | undefined> {
  const where = isUuid(idOrSku) ? eq(products.id, idOrSku) : sql`lower(${products.sku}) = lower(${idOrSku})`;
  const [row] = await base(conn).where(where);
  return row ? toProduct(row) : undefined;
}

/**
 * Products by id and by SKU (any case), with their stock. Built once per shape (ids, SKUs or
 * both; each list is one array parameter), so each call only runs it — it is read on every
 * placement.
 */
export async function findProductsByIdsOrSkus(conn: Conn, ids: string[], skus: string[]): Promise<Product[]> {
  if (!ids.length && !skus.length) return [];
  const shape = `products.byIdsOrSkus:${ids.length ? 'i' : ''}${skus.length ? 's' : ''}`;
  const rows = await runBuiltOnce(conn, shape, () => {
    const parts: SQL[] = [];
    if (ids.length) parts.push(sql`${products.id} = any(${sql.placeholder('ids')}::uuid[])`);
    if (skus.length) parts.push(sql`lower(${products.sku}) = any(${sql.placeholder('skus')}::text[])`);
    return base(conn).where(or(...parts));
  }, { ids: arrayLiteral(ids), skus: arrayLiteral(skus.map((s) => s.toLowerCase())) });
  return rows.map(toProduct);
}

export async function listProducts(conn: Conn, f: { q?: string; active?: boolean; after?: string; limit: number }): Promise<Product[]> {
  const where: SQL[] = [];
  if (f.active !== undefined) where.push(eq(products.active, f.active));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    const cond = or(ilike(products.name, like), ilike(products.sku, like));
    if (cond) where.push(cond);
  }
  if (f.after) where.push(gt(products.sku, f.after));
  const rows = await base(conn)
    .where(and(...where))
    .orderBy(asc(products.sku))
    .limit(f.limit);
  return rows.map(toProduct);
}

export async function insertProduct(conn: Conn, input: ProductInput): Promise<string> {
  const { initialStock, ...values } = input;
  const [row] = await conn.insert(products).values(values).returning({ id: products.id });
  if (!row) throw new Error('insert returned no row');
  if (input.fulfilmentMode === 'stock') {
    await conn.insert(stockLevels).values({ productId: row.id, onHand: initialStock ?? 0 });
    // The opening balance is a movement too, so the levels can always be rebuilt from the ledger.
    if (initialStock) await conn.insert(stockMovements).values({ productId: row.id, kind: 'adjust', quantity: initialStock, reason: 'initial stock', actor: systemActor('catalog') });
  }
  return row.id;
}

/** Applies a change if the version still matches; returns false when someone else changed it first. */
export async function updateProduct(conn: Conn, id: string, patch: ProductPatch, expectedVersion: number): Promise<boolean> {
  const rows = await conn
    .update(products)
    .set({ ...patch, version: sql`${products.version} + 1`, updatedAt: new Date() })
    .where(and(eq(products.id, id), eq(products.version, expectedVersion)))
    .returning({ id: products.id });
  if (rows.length && patch.fulfilmentMode === 'stock') {
    await conn.insert(stockLevels).values({ productId: id }).onConflictDoNothing();
  }
  return rows.length === 1;
}
