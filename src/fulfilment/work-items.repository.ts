/** All SQL on work items and their lines. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { goodsReceipts, orderLines, orders, parties, shipmentLines, users, workItemLines, workItems } from '../shared/schema.ts';
import type { PartyKind } from '../parties/party-vocabulary.ts';
import type { WorkItemKind, WorkItemState } from './work-vocabulary.ts';

export type WorkItemRow = typeof workItems.$inferSelect;

export async function insertWorkItem(conn: Conn, item: { orderId: string; partyId: string | null; kind: WorkItemKind; state: WorkItemState; blockedReason: string | null; dueDate: string | null }, lines: { orderLineId: string; quantity: number }[]): Promise<WorkItemRow> {
  const [row] = await conn.insert(workItems).values(item).returning();
  if (!row) throw new Error('insert returned no row');
  if (lines.length) await conn.insert(workItemLines).values(lines.map((l) => ({ ...l, workItemId: row.id })));
  return row;
}

export async function findWorkItem(conn: Conn, id: string, lock = false): Promise<WorkItemRow | undefined> {
  const q = conn.select().from(workItems).where(eq(workItems.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function countWorkItems(conn: Conn, orderId: string): Promise<number> {
  const [r] = await conn.select({ n: sql<number>`count(*)::int` }).from(workItems).where(eq(workItems.orderId, orderId));
  return r?.n ?? 0;
}

/** Moves an item if its version still matches; undefined when someone else moved it first. */
export async function updateWorkItemIf(conn: Conn, id: string, version: number, set: Partial<Pick<WorkItemRow, 'state' | 'blockedReason' | 'assigneeUserId'>>): Promise<WorkItemRow | undefined> {
  const [row] = await conn
    .update(workItems)
    .set({ ...set, version: sql`${workItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(workItems.id, id), eq(workItems.version, version)))
    .returning();
  return row;
}

/** Cancels an order's open items; returns them as they now are. */
export async function cancelOpenItems(conn: Conn, orderId: string): Promise<WorkItemRow[]> {
  return conn
    .update(workItems)
    .set({ state: 'cancelled', version: sql`${workItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(workItems.orderId, orderId), inArray(workItems.state, ['todo', 'in_progress', 'blocked'])))
    .returning();
}

export async function userExists(conn: Conn, id: string): Promise<{ id: string; name: string; disabled: boolean } | undefined> {
  const [u] = await conn.select({ id: users.id, name: users.name, disabled: users.disabled }).from(users).where(eq(users.id, id));
  return u;
}

const listed = {
  item: workItems,
  orderNumber: orders.number,
  customerName: orders.customerName,
  orderStatus: orders.status,
  expectedCompletionDate: orders.expectedCompletionDate,
  party: { id: parties.id, kind: parties.kind, name: parties.name, email: parties.email },
  assigneeName: users.name,
};

export type ListedWorkItem = {
  item: WorkItemRow;
  orderNumber: string | null;
  customerName: string | null;
  orderStatus: string;
  expectedCompletionDate: string | null;
  party: { id: string; kind: PartyKind; name: string; email: string | null } | null;
  assigneeName: string | null;
};

export async function listWorkItems(conn: Conn, f: { orderId?: string | undefined; orderIds?: readonly string[] | undefined; ids?: string[] | undefined; partyId?: string | undefined; partyKinds?: readonly PartyKind[] | undefined; states?: readonly WorkItemState[] | undefined; limit: number }): Promise<ListedWorkItem[]> {
  const where: SQL[] = [];
  if (f.orderId) where.push(eq(workItems.orderId, f.orderId));
  if (f.orderIds) where.push(inArray(workItems.orderId, f.orderIds.length ? [...f.orderIds] : ['00000000-0000-0000-0000-000000000000']));
  if (f.ids) where.push(inArray(workItems.id, f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']));
  if (f.partyId) where.push(eq(workItems.partyId, f.partyId));
  if (f.partyKinds) {
    const kinds = inArray(parties.kind, [...f.partyKinds]);
    // Items without a party (blocked: no supplier named) are the suppliers' business.
    where.push(f.partyKinds.includes('supplier') ? sql`(${kinds} or ${workItems.partyId} is null)` : kinds);
  }
  if (f.states) where.push(inArray(workItems.state, [...f.states]));
  return listWhere(conn, where, f.limit);
}

export async function findItemLines(conn: Conn, itemIds: readonly string[]) {
  if (!itemIds.length) return [];
  return conn
    .select({ workItemId: workItemLines.workItemId, orderLineId: workItemLines.orderLineId, productId: orderLines.productId, quantity: workItemLines.quantity, position: orderLines.position, sku: orderLines.sku, name: orderLines.name, answers: orderLines.answers })
    .from(workItemLines)
    .innerJoin(orderLines, eq(orderLines.id, workItemLines.orderLineId))
    .where(inArray(workItemLines.workItemId, [...itemIds]))
    .orderBy(asc(orderLines.position));
}

/** The order's open items (to do, in progress, blocked), for a change that applies to all of them. */
export async function openItemsOf(conn: Conn, orderId: string): Promise<WorkItemRow[]> {
  return conn
    .select()
    .from(workItems)
    .where(and(eq(workItems.orderId, orderId), inArray(workItems.state, ['todo', 'in_progress', 'blocked'])))
    .orderBy(workItems.createdAt, workItems.id);
}

/** Sets an item's due date (a new version: an open page holding the old one must reload before acting). */
export async function setDueDate(conn: Conn, id: string, dueDate: string | null): Promise<void> {
  await conn
    .update(workItems)
    .set({ dueDate, version: sql`${workItems.version} + 1`, updatedAt: new Date() })
    .where(eq(workItems.id, id));
}

/** Goods received against these items (purchase or production orders): per item and product, the units. */
export async function receivedForItems(conn: Conn, itemIds: readonly string[]): Promise<{ workItemId: string; productId: string; quantity: number }[]> {
  if (!itemIds.length) return [];
  const rows = await conn
    .select({ workItemId: goodsReceipts.workItemId, productId: goodsReceipts.productId, quantity: sql<number>`sum(${goodsReceipts.quantity})::int` })
    .from(goodsReceipts)
    .where(inArray(goodsReceipts.workItemId, [...itemIds]))
    .groupBy(goodsReceipts.workItemId, goodsReceipts.productId);
  return rows.flatMap((r) => (r.workItemId ? [{ workItemId: r.workItemId, productId: r.productId, quantity: r.quantity }] : []));
}

/** Units shipped so far per order line (every shipment of the order). */
export async function shippedForLines(conn: Conn, orderLineIds: readonly string[]): Promise<Map<string, number>> {
  if (!orderLineIds.length) return new Map();
  const rows = await conn
    .select({ orderLineId: shipmentLines.orderLineId, quantity: sql<number>`sum(${shipmentLines.quantity})::int` })
    .from(shipmentLines)
    .where(inArray(shipmentLines.orderLineId, [...orderLineIds]))
    .groupBy(shipmentLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, r.quantity]));
}

/** Work items with their order, party and assignee, earliest due first. */
async function listWhere(conn: Conn, where: SQL[], limit: number): Promise<ListedWorkItem[]> {
  const rows = await conn
    .select(listed)
    .from(workItems)
    .innerJoin(orders, eq(orders.id, workItems.orderId))
    .leftJoin(parties, eq(parties.id, workItems.partyId))
    .leftJoin(users, eq(users.id, workItems.assigneeUserId))
    .where(and(...where))
    .orderBy(sql`${workItems.dueDate} asc nulls last`, asc(workItems.createdAt), asc(workItems.id))
    .limit(limit);
  return rows as ListedWorkItem[];
}

/** The open purchase and production orders (to do, in progress, blocked), optionally of one party or naming one product, earliest due first. */
export async function openOrdersToSuppliers(conn: Conn, f: { partyId?: string | undefined; productId?: string | undefined; limit: number }): Promise<ListedWorkItem[]> {
  const where: SQL[] = [inArray(workItems.kind, ['purchase_order', 'production_order']), inArray(workItems.state, ['todo', 'in_progress', 'blocked'])];
  if (f.partyId) where.push(eq(workItems.partyId, f.partyId));
  if (f.productId) where.push(sql`exists (select 1 from ${workItemLines} join ${orderLines} on ${orderLines.id} = ${workItemLines.orderLineId} where ${workItemLines.workItemId} = ${workItems.id} and ${orderLines.productId} = ${f.productId})`);
  return listWhere(conn, where, f.limit);
}
