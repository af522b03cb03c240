/** All SQL on orders, their lines, their timeline and idempotency keys. */
import { foldForSearch } from '../shared/search-text.ts';
import { and, asc, desc, eq, getTableColumns, gt, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { insertBuiltOnce, rows } from '../shared/sql.ts';
import { idempotencyKeys, orderEvents, orderLines, orders } from '../shared/schema.ts';
import type { OrderStatus } from './lifecycle.ts';
import type { VerificationPolicy } from '../settings/verification-policy.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type NewLineRow = typeof orderLines.$inferInsert;

export async function insertOrder(conn: Conn, row: NewOrderRow): Promise<OrderRow> {
  const [created] = await conn.insert(orders).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export type PlacedOrderEvent = { type: string; actor: Actor; channel?: string | null; fromStatus?: string | null; toStatus?: string | null; data: Record<string, unknown> };

type Built = { sql: string; params: unknown[] };
/** Drizzle's session behind a database or transaction: runs a built statement with values for its placeholders (raw rows back). */
type Session = { prepareQuery(query: Built, fields: undefined, name: undefined, arrayMode: false): { execute(values: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] }> } };

/** The placement's insert, built once per shape (which columns, how many lines) with a placeholder for every value. */
const placedOrderStatements = new Map<string, Built>();

/** The keys with a value (a placeholder each) and those that are null (a literal null: a column encoder would turn null into JSON 'null'). */
const keysOf = (row: Record<string, unknown>) => ({ set: Object.keys(row).filter((k) => row[k] !== undefined && row[k] !== null), nulls: Object.keys(row).filter((k) => row[k] === null) });
const placeholders = (prefix: string, keys: { set: string[]; nulls: string[] }) =>
  Object.fromEntries([...keys.set.map((k) => [k, sql.placeholder(prefix + k)]), ...keys.nulls.map((k) => [k, sql`null`])]);

/** A row as the database returned it (column names), decoded by each column as Drizzle decodes a select. */
function decodeRow<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, PgColumn>)) {
    const v = raw[column.name];
    out[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  return out as T['$inferSelect'];
}

/**
 * Records a placed order in one statement, one round trip instead of four: takes
 * the next value of order_number_seq, and inserts the order, its lines and its
 * first timeline event. The number is `numberPrefix` and that value padded to
 * `numberDigits`; it also leads the search text and goes into the event's data.
 *
 * The statement is built by Drizzle once per shape, with placeholders, and then only
 * run with this order's values (encoded by each column, as the builder encodes them):
 * building it on every call was the largest single CPU cost of placing an order.
 */
export async function insertPlacedOrder(
  conn: Conn,
  a: { order: Omit<NewOrderRow, 'number' | 'searchText'> & { id: string }; numberPrefix: string; numberDigits: number; searchText: string; lines: NewLineRow[]; event: PlacedOrderEvent },
): Promise<OrderRow> {
  const orderKeys = keysOf(a.order);
  const lineKeys = a.lines.map((l) => keysOf(l as Record<string, unknown>));
  const { data: _data, ...eventRest } = a.event;
  const eventKeys = keysOf(eventRest);
  const shape = JSON.stringify([orderKeys, lineKeys, eventKeys]);
  let built = placedOrderStatements.get(shape);
  if (!built) {
    const seq = conn
      .$with('seq')
      .as(
        conn
          .select({ number: sql<string>`${sql.placeholder('numberPrefix')}::text || lpad(v::text, greatest(${sql.placeholder('numberDigits')}::int, length(v::text)), '0')`.as('number') })
          .from(sql`(select nextval('order_number_seq') as v) as n`),
      );
    const number = sql`(select ${seq.number} from ${seq})`;
    const lines = a.lines.length ? [conn.$with('lines').as(conn.insert(orderLines).values(lineKeys.map((keys, i) => placeholders(`l${i}_`, keys) as unknown as NewLineRow)))] : [];
    const event = conn.$with('event').as(
      conn.insert(orderEvents).values({
        ...(placeholders('e_', eventKeys) as unknown as PlacedOrderEvent),
        orderId: sql.placeholder('o_id'),
        data: sql`${sql.placeholder('eventData')}::jsonb || jsonb_build_object('number', ${number})`,
      } as unknown as typeof orderEvents.$inferInsert),
    );
    built = conn
      .with(seq, ...lines, event)
      .insert(orders)
      .values({ ...(placeholders('o_', orderKeys) as unknown as NewOrderRow), number, searchText: sql`lower(${number}) || ${sql.placeholder('searchText')}::text` })
      .returning()
      .toSQL();
    if (placedOrderStatements.size > 100) placedOrderStatements.clear();
    placedOrderStatements.set(shape, built);
  }
  const values: Record<string, unknown> = {
    numberPrefix: a.numberPrefix,
    numberDigits: a.numberDigits,
    eventData: JSON.stringify(a.event.data),
    searchText: a.searchText ? ` ${a.searchText}` : '',
  };
  for (const k of orderKeys.set) values[`o_${k}`] = (a.order as Record<string, unknown>)[k];
  for (const k of eventKeys.set) values[`e_${k}`] = (eventRest as Record<string, unknown>)[k];
  a.lines.forEach((l, i) => {
    for (const k of lineKeys[i]?.set ?? []) values[`l${i}_${k}`] = (l as Record<string, unknown>)[k];
  });
  const session = (conn as unknown as { session: Session }).session;
  const result = await session.prepareQuery(built, undefined, undefined, false).execute(values);
  const created = result.rows[0];
  if (!created) throw new Error('insert returned no row');
  return decodeRow(orders, created);
}

export async function insertLines(conn: Conn, lines: NewLineRow[]): Promise<void> {
  if (lines.length) await conn.insert(orderLines).values(lines);
}

export async function deleteLines(conn: Conn, orderId: string): Promise<void> {
  await conn.delete(orderLines).where(eq(orderLines.orderId, orderId));
}

export async function appendEvent(
  conn: Conn,
  e: { orderId: string; type: string; actor: Actor; channel?: string | null; fromStatus?: string | null; toStatus?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await insertBuiltOnce(conn, 'orders.appendEvent', { ...e, data: e.data ?? {} }, (v) => conn.insert(orderEvents).values(v as typeof orderEvents.$inferInsert));
}

/**
 * A timeline event as a builder with placeholders `${prefix}orderId`, `${prefix}type`,
 * `${prefix}actor` and `${prefix}data`, for a statement that writes it with the row it is about
 * (a CTE); `timelineEventValues` gives the values.
 */
export const timelineEventBuilder = (conn: Conn, prefix: string) =>
  conn.insert(orderEvents).values({
    orderId: sql.placeholder(`${prefix}orderId`),
    type: sql.placeholder(`${prefix}type`),
    actor: sql.placeholder(`${prefix}actor`),
    data: sql.placeholder(`${prefix}data`),
  } as unknown as typeof orderEvents.$inferInsert);

export const timelineEventValues = (prefix: string, e: { orderId: string; type: string; actor: Actor; data: Record<string, unknown> }): Record<string, unknown> => ({
  [`${prefix}orderId`]: e.orderId,
  [`${prefix}type`]: e.type,
  [`${prefix}actor`]: e.actor,
  [`${prefix}data`]: e.data,
});

export async function findOrder(conn: Conn, id: string, lock = false): Promise<OrderRow | undefined> {
  const q = conn.select().from(orders).where(eq(orders.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findOrderByNumber(conn: Conn, number: string): Promise<OrderRow | undefined> {
  const [row] = await conn.select().from(orders).where(eq(orders.number, number));
  return row;
}

export async function findLines(conn: Conn, orderId: string): Promise<OrderLineRow[]> {
  return conn.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
}

export async function findEvents(conn: Conn, orderId: string): Promise<OrderEventRow[]> {
  return conn.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id));
}

/**
 * Moves an order only if it is still where the caller saw it (status and
 * version). Zero rows means someone else moved it first.
 */
export async function updateOrderIf(
  conn: Conn,
  id: string,
  expected: { status: OrderStatus; version: number },
  set: Partial<NewOrderRow>,
): Promise<OrderRow | undefined> {
  const [row] = await conn
    .update(orders)
    .set({ ...set, version: sql`${orders.version} + 1`, updatedAt: new Date() })
    .where(and(eq(orders.id, id), eq(orders.status, expected.status), eq(orders.version, expected.version)))
    .returning();
  return row;
}

export async function findIdempotencyKey(conn: Conn, scope: string, key: string) {
  const [row] = await conn
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row;
}

export async function insertIdempotencyKey(conn: Conn, row: typeof idempotencyKeys.$inferInsert): Promise<void> {
  await conn.insert(idempotencyKeys).values(row);
}

export type ListFilter = {
  status?: OrderStatus[];
  channel?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  q?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
};

const summaryColumns = {
  id: orders.id,
  number: orders.number,
  status: orders.status,
  version: orders.version,
  channel: orders.channel,
  customerId: orders.customerId,
  customerName: orders.customerName,
  customerEmail: orders.customerEmail,
  currency: orders.currency,
  grandTotalMinor: orders.grandTotalMinor,
  expectedCompletionDate: orders.expectedCompletionDate,
  placedAt: orders.placedAt,
  createdAt: orders.createdAt,
};
export type OrderSummaryRow = { [K in keyof typeof summaryColumns]: OrderRow[K] };

/** Newest first, keyset-paged on (created_at, id) so every page costs the same. */
export async function listOrders(conn: Conn, f: ListFilter): Promise<OrderSummaryRow[]> {
  return listOrdersQuery(conn, f);
}

/** The query behind listOrders, unexecuted (the benchmark EXPLAINs it). */
export function listOrdersQuery(conn: Conn, f: ListFilter) {
  const where: SQL[] = [];
  if (f.status?.length === 1 && f.status[0]) where.push(eq(orders.status, f.status[0]));
  else if (f.status?.length) where.push(sql`${orders.status} in (${sql.join(f.status.map((s) => sql`${s}`), sql`, `)})`);
  if (f.channel) where.push(eq(orders.channel, f.channel as OrderRow['channel']));
  if (f.customerId) where.push(eq(orders.customerId, f.customerId));
  if (f.from) where.push(gte(orders.createdAt, f.from));
  if (f.to) where.push(lte(orders.createdAt, f.to));
  if (f.q) {
    const needle = foldForSearch(f.q.trim()).replace(/[\\%_]/g, (m) => '\\' + m);
    where.push(ilike(orders.searchText, `%${needle}%`));
  }
  // A row comparison, so the index scan starts at the cursor instead of filtering its way there.
  if (f.after) where.push(sql`(${orders.createdAt}, ${orders.id}) < (${f.after.createdAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`);
  return conn
    .select(summaryColumns)
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit);
}

export async function countByStatus(conn: Conn): Promise<Record<string, number>> {
  const rows = await conn.select({ status: orders.status, n: sql<number>`count(*)::int` }).from(orders).groupBy(orders.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The delivery addresses a customer's orders went to, each once, most recently used first. */
export async function deliveryAddressesOf(conn: Conn, customerId: string, limit: number): Promise<{ address: Record<string, unknown>; lastUsedAt: Date }[]> {
  const rows = await conn
    .select({ address: sql<Record<string, unknown>>`${orders.delivery}->'address'`, lastUsedAt: sql<Date | string>`max(${orders.createdAt})` })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), sql`${orders.delivery}->'address' is not null`, sql`${orders.status} <> 'draft'`))
    .groupBy(sql`${orders.delivery}->'address'`)
    .orderBy(sql`max(${orders.createdAt}) desc`)
    .limit(limit);
  return rows.map((r) => ({ address: r.address, lastUsedAt: new Date(r.lastUsedAt) }));
}

/** The SQL condition for "the verification policy holds this placed order back" (verification.ts says the same in code). */
function policyCondition(p: VerificationPolicy): SQL | undefined {
  switch (p.mode) {
    case 'never':
      return sql`false`;
    case 'always':
      return undefined;
    case 'by_channel':
      return inArray(orders.channel, p.channels);
    case 'above_amount':
      return gt(orders.grandTotalMinor, p.amountMinor);
  }
}

/** Placed orders the verification policy holds back, oldest first. */
export async function findOrdersToVerify(conn: Conn, verification: VerificationPolicy, limit: number) {
  return conn
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      customerName: orders.customerName,
      customerEmail: orders.customerEmail,
      currency: orders.currency,
      grandTotalMinor: orders.grandTotalMinor,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(and(eq(orders.status, 'placed'), policyCondition(verification)))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
}

/** The next value of the order number sequence (a draft gets its number when it is submitted). */
export async function nextOrderSequence(tx: Conn): Promise<number> {
  const [r] = await rows<{ v: string | number }>(tx, sql`select nextval('order_number_seq') as v`);
  return Number(r?.v);
}

/** Shipped units leave the line's reservation: one conditional statement per line (never below zero). False when a line had fewer reserved. */
export async function lowerLineReserved(conn: Conn, lineId: string, quantity: number): Promise<boolean> {
  const r = await conn
    .update(orderLines)
    .set({ reservedQty: sql`${orderLines.reservedQty} - ${quantity}` })
    .where(and(eq(orderLines.id, lineId), gte(orderLines.reservedQty, quantity)))
    .returning({ id: orderLines.id });
  return r.length === 1;
}

/** The open orders waiting for a product (back-ordered units), oldest order first. */
export async function ordersWaitingFor(conn: Conn, productId: string, statuses: readonly OrderStatus[]): Promise<{ orderId: string }[]> {
  return conn
    .selectDistinct({ orderId: orderLines.orderId, placedAt: orders.placedAt, createdAt: orders.createdAt })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orderLines.productId, productId), gt(orderLines.backorderedQty, 0), inArray(orders.status, [...statuses])))
    .orderBy(asc(orders.placedAt), asc(orders.createdAt), asc(orderLines.orderId));
}

/**
 * Locks these orders' rows in id order (so two callers never deadlock); returns those still in one of `statuses`.
 * FOR NO KEY UPDATE, as the status and quantity updates that follow need: a row written elsewhere that points at
 * an order (its foreign key takes FOR KEY SHARE) neither blocks the lock nor, with `skipLocked`, hides the order.
 */
export async function lockOrders(conn: Conn, ids: readonly string[], statuses: readonly OrderStatus[], skipLocked = false): Promise<OrderRow[]> {
  if (!ids.length) return [];
  return conn
    .select()
    .from(orders)
    .where(and(inArray(orders.id, [...ids]), inArray(orders.status, [...statuses])))
    .orderBy(asc(orders.id))
    .for('no key update', skipLocked ? { skipLocked: true } : {});
}

/** Back-ordered units of a line became reserved. */
export async function moveBackorderedToReserved(conn: Conn, lineId: string, quantity: number): Promise<void> {
  await conn
    .update(orderLines)
    .set({ reservedQty: sql`${orderLines.reservedQty} + ${quantity}`, backorderedQty: sql`${orderLines.backorderedQty} - ${quantity}` })
    .where(and(eq(orderLines.id, lineId), gte(orderLines.backorderedQty, quantity)));
}
