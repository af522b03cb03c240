/** All SQL on payments, refunds, payment terms and provider events. */
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { orderPaymentTerms, orders, payments, providerEvents, refunds } from '../shared/schema.ts';
import { rows } from '../shared/sql.ts';
import { TAKES_PAYMENT } from '../orders/lifecycle.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type TermsRow = typeof orderPaymentTerms.$inferSelect;

export async function insertPayment(conn: Conn, row: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [created] = await conn.insert(payments).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

/** Inserts unless a payment from the same source (a statement line) exists; undefined then. */
export async function insertPaymentOnce(conn: Conn, row: typeof payments.$inferInsert): Promise<PaymentRow | undefined> {
  const [created] = await conn.insert(payments).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findPayment(conn: Conn, id: string, lock = false): Promise<PaymentRow | undefined> {
  const q = conn.select().from(payments).where(eq(payments.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findPaymentByProviderRef(conn: Conn, provider: string, providerRef: string): Promise<PaymentRow | undefined> {
  const [row] = await conn
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, providerRef)));
  return row;
}

export async function paymentsOfOrder(conn: Conn, orderId: string): Promise<PaymentRow[]> {
  return conn.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.createdAt), asc(payments.id));
}

export async function paymentsOfOrders(conn: Conn, orderIds: string[]): Promise<PaymentRow[]> {
  if (!orderIds.length) return [];
  return conn.select().from(payments).where(inArray(payments.orderId, orderIds));
}

/** Moves a payment only if it is still in one of the expected states. */
export async function updatePaymentIf(conn: Conn, id: string, from: PaymentRow['status'][], set: Partial<typeof payments.$inferInsert>): Promise<PaymentRow | undefined> {
  const [row] = await conn
    .update(payments)
    .set({ ...set, version: sql`${payments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(payments.id, id), inArray(payments.status, from)))
    .returning();
  return row;
}

/**
 * Reserves `amount` of a received payment for a refund, in one conditional
 * update: concurrent refunds cannot together exceed what was received.
 */
export async function reserveRefund(conn: Conn, paymentId: string, amount: number): Promise<PaymentRow | undefined> {
  const [row] = await conn
    .update(payments)
    .set({
      refundedMinor: sql`${payments.refundedMinor} + ${amount}`,
      status: sql`case when ${payments.refundedMinor} + ${amount} = ${payments.amountMinor} then 'refunded' else 'partially_refunded' end`,
      version: sql`${payments.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(payments.id, paymentId), inArray(payments.status, ['captured', 'partially_refunded']), sql`${payments.refundedMinor} + ${amount} <= ${payments.amountMinor}`))
    .returning();
  return row;
}

/** Gives back a reservation whose refund failed at the provider. */
export async function releaseRefund(conn: Conn, paymentId: string, amount: number): Promise<void> {
  await conn
    .update(payments)
    .set({
      refundedMinor: sql`${payments.refundedMinor} - ${amount}`,
      status: sql`case when ${payments.refundedMinor} - ${amount} = 0 then 'captured' else 'partially_refunded' end`,
      version: sql`${payments.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(payments.id, paymentId));
}

export async function insertRefund(conn: Conn, row: typeof refunds.$inferInsert): Promise<RefundRow> {
  const [created] = await conn.insert(refunds).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function updateRefund(conn: Conn, id: string, set: Partial<typeof refunds.$inferInsert>): Promise<RefundRow | undefined> {
  const [row] = await conn
    .update(refunds)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(refunds.id, id))
    .returning();
  return row;
}

/** Moves a refund only from one of the `from` states: undefined when it was elsewhere (someone settled it first). */
export async function updateRefundIf(conn: Conn, id: string, from: RefundRow['status'][], set: Partial<typeof refunds.$inferInsert>): Promise<RefundRow | undefined> {
  const [row] = await conn
    .update(refunds)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(refunds.id, id), inArray(refunds.status, from)))
    .returning();
  return row;
}

export async function findRefund(conn: Conn, id: string): Promise<RefundRow | undefined> {
  const [row] = await conn.select().from(refunds).where(eq(refunds.id, id)).limit(1);
  return row;
}

export async function findRefundByProviderRef(conn: Conn, providerRef: string): Promise<RefundRow | undefined> {
  const [row] = await conn.select().from(refunds).where(eq(refunds.providerRef, providerRef)).limit(1);
  return row;
}

export async function refundsOfOrder(conn: Conn, orderId: string): Promise<RefundRow[]> {
  return conn.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt));
}

export async function findTerms(conn: Conn, orderId: string): Promise<TermsRow | undefined> {
  const [row] = await conn.select().from(orderPaymentTerms).where(eq(orderPaymentTerms.orderId, orderId));
  return row;
}

export async function findTermsByReference(conn: Conn, reference: string): Promise<TermsRow | undefined> {
  const [row] = await conn.select().from(orderPaymentTerms).where(eq(orderPaymentTerms.reference, reference));
  return row;
}

export async function upsertTerms(conn: Conn, row: typeof orderPaymentTerms.$inferInsert): Promise<TermsRow> {
  const [saved] = await conn
    .insert(orderPaymentTerms)
    .values(row)
    .onConflictDoUpdate({ target: orderPaymentTerms.orderId, set: { method: row.method, netDays: row.netDays ?? null, dueDate: row.dueDate ?? null, chosenBy: row.chosenBy, updatedAt: new Date() } })
    .returning();
  if (!saved) throw new Error('upsert returned no row');
  return saved;
}

/** Invoice-terms orders whose due date has passed, oldest first (the caller filters the paid ones). */
export async function invoicesDueBefore(conn: Conn, date: string, limit: number) {
  return conn
    .select({
      orderId: orders.id,
      number: orders.number,
      status: orders.status,
      customerName: orders.customerName,
      customerEmail: orders.customerEmail,
      currency: orders.currency,
      grandTotalMinor: orders.grandTotalMinor,
      dueDate: orderPaymentTerms.dueDate,
      reference: orderPaymentTerms.reference,
    })
    .from(orderPaymentTerms)
    .innerJoin(orders, eq(orders.id, orderPaymentTerms.orderId))
    .where(and(eq(orderPaymentTerms.method, 'invoice'), lt(orderPaymentTerms.dueDate, date), inArray(orders.status, [...TAKES_PAYMENT])))
    .orderBy(asc(orderPaymentTerms.dueDate))
    .limit(limit);
}

/** Orders that still owe money: placed, not cancelled, paid less than their total; oldest first, with their terms if chosen. */
export async function ordersAwaitingMoney(conn: Conn, limit: number) {
  return conn
    .select({
      orderId: orders.id,
      number: orders.number,
      status: orders.status,
      customerName: orders.customerName,
      currency: orders.currency,
      grandTotalMinor: orders.grandTotalMinor,
      placedAt: orders.placedAt,
      method: orderPaymentTerms.method,
      dueDate: orderPaymentTerms.dueDate,
    })
    .from(orders)
    .leftJoin(orderPaymentTerms, eq(orderPaymentTerms.orderId, orders.id))
    .where(
      and(
        inArray(orders.status, [...TAKES_PAYMENT]),
        // A pre-filter in SQL (received minus refunded below the total); summarisePayments has the last word.
        sql`${orders.grandTotalMinor} > coalesce((select sum(p.amount_minor - p.refunded_minor) from payments p where p.order_id = ${orders.id} and p.status in ('captured', 'refunded', 'partially_refunded')), 0)`,
      ),
    )
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
}

/** Records a provider event id; false when it was seen before. */
export async function firstSighting(conn: Conn, provider: string, eventId: string, type: string): Promise<boolean> {
  const r = await rows<{ event_id: string }>(
    conn,
    sql`insert into provider_events (provider, event_id, type) values (${provider}, ${eventId}, ${type}) on conflict do nothing returning event_id`,
  );
  return r.length === 1;
}

export { providerEvents };

/** Confirmed orders whose payment method is one the business holds until paid (a candidate list; the summary decides). */
export async function confirmedOrdersPayingBy(conn: Conn, methods: readonly TermsRow['method'][], limit: number) {
  if (!methods.length) return [];
  return conn
    .select({
      orderId: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      customerName: orders.customerName,
      placedAt: orders.placedAt,
      method: orderPaymentTerms.method,
      grandTotalMinor: orders.grandTotalMinor,
    })
    .from(orders)
    .innerJoin(orderPaymentTerms, eq(orderPaymentTerms.orderId, orders.id))
    .where(and(eq(orders.status, 'confirmed'), inArray(orderPaymentTerms.method, [...methods])))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
}

/** Of these orders, the ids of those with at least one payment in one of `statuses`. */
export async function orderIdsWithPaymentsIn(conn: Conn, orderIds: readonly string[], statuses: readonly (typeof payments.$inferSelect)['status'][]): Promise<string[]> {
  const found = await conn
    .selectDistinct({ orderId: payments.orderId })
    .from(payments)
    .where(and(inArray(payments.orderId, [...orderIds]), inArray(payments.status, [...statuses])));
  return found.map((r) => r.orderId);
}
