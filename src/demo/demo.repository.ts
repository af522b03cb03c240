/**
 * The SQL behind the demo shop: its manifest (what was seeded, kept as a row of the
 * settings table so `demo remove` knows what to take away) and the removal.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Conn, Db } from '../shared/db.ts';
import { customers, inboundMessages, inquiries, orders, parties, products, quotes, settings as settingsTable } from '../shared/schema.ts';

const MANIFEST_ID = 2;
/** `partyIds`: the demo's supplier and manufacturer (absent in manifests written before parties existed). */
export type DemoManifest = { seededAt: string; productIds: string[]; customerIds: string[]; partyIds?: string[] };

export async function findManifest(conn: Conn): Promise<DemoManifest | undefined> {
  const [row] = await conn.select().from(settingsTable).where(eq(settingsTable.id, MANIFEST_ID));
  return row ? (row.data as DemoManifest) : undefined;
}

export async function saveManifest(conn: Conn, m: DemoManifest): Promise<void> {
  await conn.insert(settingsTable).values({ id: MANIFEST_ID, data: m });
}

export async function hasAnyProduct(conn: Conn): Promise<boolean> {
  const [row] = await conn.select({ id: products.id }).from(products).limit(1);
  return Boolean(row);
}

/**
 * In one transaction: `beforeOrdersGo` clears what other capabilities keep of the demo
 * orders (invoices), then the demo customers' quotes, inquiries and mail taken in, then
 * the demo customers and their orders go, each demo product is
 * deleted — or deactivated when a real order uses it — and the manifest goes last.
 */
export async function deleteDemo(db: Db, m: DemoManifest, beforeOrdersGo: (tx: Conn, orderIds: string[]) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    if (m.customerIds.length) {
      const demoOrders = await tx.select({ id: orders.id }).from(orders).where(inArray(orders.customerId, m.customerIds));
      await beforeOrdersGo(tx, demoOrders.map((o) => o.id));
      // What came before the demo orders: its inquiries, quotes and the mail taken in from its customers.
      await tx.delete(quotes).where(inArray(quotes.customerId, m.customerIds));
      await tx.delete(inquiries).where(inArray(inquiries.customerId, m.customerIds));
      await tx.delete(inboundMessages).where(inArray(inboundMessages.customerId, m.customerIds));
      await tx.delete(orders).where(inArray(orders.customerId, m.customerIds));
      await tx.delete(customers).where(inArray(customers.id, m.customerIds));
    }
    for (const id of m.productIds) {
      try {
        await tx.transaction(async (sp) => {
          await sp.delete(products).where(eq(products.id, id));
        });
      } catch {
        await tx.update(products).set({ active: false }).where(eq(products.id, id));
      }
    }
    for (const id of m.partyIds ?? []) {
      try {
        await tx.transaction(async (sp) => {
          await sp.delete(parties).where(eq(parties.id, id));
        });
      } catch {
        // Still named by a product or a work item of a real order: kept, switched off.
        await tx.update(parties).set({ active: false }).where(eq(parties.id, id));
      }
    }
    await tx.delete(settingsTable).where(eq(settingsTable.id, MANIFEST_ID));
  });
}

/** The demo shows an order past its expected date (for the at-risk list): the one write no use case makes, because no real order is ever back-dated. */
export async function backdateExpectedDate(conn: Conn, orderId: string, date: string): Promise<void> {
  await conn.update(orders).set({ expectedCompletionDate: date }).where(eq(orders.id, orderId));
}
