/** All SQL on inquiries, their timeline, and the customer's history read across tables. */
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { inquiries, inquiryEvents, mailMessages, orders, users } from '../shared/schema.ts';
import { INQUIRY_OPEN_STATES, type InquiryChannel, type InquiryState } from './inquiry-vocabulary.ts';

export type InquiryRow = typeof inquiries.$inferSelect;
export type InquiryEventRow = typeof inquiryEvents.$inferSelect;
export type ListedInquiry = InquiryRow & { assigneeName: string | null };

export async function insertInquiry(conn: Conn, row: typeof inquiries.$inferInsert): Promise<InquiryRow> {
  const [created] = await conn.insert(inquiries).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findInquiry(conn: Conn, id: string, lock = false): Promise<InquiryRow | undefined> {
  const q = conn.select().from(inquiries).where(eq(inquiries.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Changes an inquiry if its version still matches; undefined when someone else changed it first. */
export async function updateInquiryIf(conn: Conn, id: string, version: number, set: Partial<Pick<InquiryRow, 'state' | 'lostReason' | 'assigneeUserId' | 'followUpOn' | 'customerId'>>): Promise<InquiryRow | undefined> {
  const [row] = await conn
    .update(inquiries)
    .set({ ...set, version: sql`${inquiries.version} + 1`, updatedAt: new Date() })
    .where(and(eq(inquiries.id, id), eq(inquiries.version, version)))
    .returning();
  return row;
}

export async function insertInquiryEvent(conn: Conn, inquiryId: string, type: string, actor: Actor, data: Record<string, unknown> = {}): Promise<void> {
  await conn.insert(inquiryEvents).values({ inquiryId, type, actor, data });
}

export async function listInquiryEvents(conn: Conn, inquiryId: string): Promise<InquiryEventRow[]> {
  return conn.select().from(inquiryEvents).where(eq(inquiryEvents.inquiryId, inquiryId)).orderBy(asc(inquiryEvents.id));
}

export async function findStaff(conn: Conn, userId: string): Promise<{ name: string; disabled: boolean } | undefined> {
  const [u] = await conn.select({ name: users.name, disabled: users.disabled }).from(users).where(eq(users.id, userId));
  return u;
}

export type InquiryFilter = {
  state?: InquiryState | undefined;
  channel?: InquiryChannel | undefined;
  /** A user id, or 'none' for unassigned ones. */
  assignee?: string | undefined;
  customerId?: string | undefined;
  /** Only open, answered or quoted inquiries whose follow-up date is before this day (YYYY-MM-DD), oldest date first. */
  overdueBefore?: string | undefined;
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
};

export async function listInquiries(conn: Conn, f: InquiryFilter): Promise<ListedInquiry[]> {
  const where: (SQL | undefined)[] = [];
  if (f.state) where.push(eq(inquiries.state, f.state));
  if (f.channel) where.push(eq(inquiries.channel, f.channel));
  if (f.assignee === 'none') where.push(isNull(inquiries.assigneeUserId));
  else if (f.assignee) where.push(eq(inquiries.assigneeUserId, f.assignee));
  if (f.customerId) where.push(eq(inquiries.customerId, f.customerId));
  if (f.overdueBefore) where.push(inArray(inquiries.state, [...INQUIRY_OPEN_STATES]), lt(inquiries.followUpOn, f.overdueBefore));
  if (f.after) where.push(or(lt(inquiries.createdAt, f.after.createdAt), and(eq(inquiries.createdAt, f.after.createdAt), lt(inquiries.id, f.after.id))));
  const rows = await conn
    .select({ inquiry: inquiries, assigneeName: users.name })
    .from(inquiries)
    .leftJoin(users, eq(users.id, inquiries.assigneeUserId))
    .where(and(...where))
    .orderBy(...(f.overdueBefore ? [asc(inquiries.followUpOn)] : []), desc(inquiries.createdAt), desc(inquiries.id))
    .limit(f.limit);
  return rows.map((r) => ({ ...r.inquiry, assigneeName: r.assigneeName }));
}

export type CustomerOrderRow = { id: string; number: string | null; status: string; channel: string; placedAt: Date | null; createdAt: Date };

export async function ordersOfCustomer(conn: Conn, customerId: string, limit: number): Promise<CustomerOrderRow[]> {
  return conn
    .select({ id: orders.id, number: orders.number, status: orders.status, channel: orders.channel, placedAt: orders.placedAt, createdAt: orders.createdAt })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

export type CustomerMailRow = { id: string; orderId: string | null; template: string; subject: string; status: string; toAddress: string; createdAt: Date };

/** The e-mails about the customer's orders and the answers to their inquiries, newest first. */
export async function mailOfCustomer(conn: Conn, customerId: string, limit: number): Promise<CustomerMailRow[]> {
  const ofOrders = conn.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId));
  const ofInquiries = conn
    .select({ id: sql`(${inquiryEvents.data} ->> 'mailId')::uuid` })
    .from(inquiryEvents)
    .innerJoin(inquiries, eq(inquiries.id, inquiryEvents.inquiryId))
    .where(and(eq(inquiries.customerId, customerId), sql`${inquiryEvents.data} ? 'mailId'`));
  return conn
    .select({ id: mailMessages.id, orderId: mailMessages.orderId, template: mailMessages.template, subject: mailMessages.subject, status: mailMessages.status, toAddress: mailMessages.toAddress, createdAt: mailMessages.createdAt })
    .from(mailMessages)
    .where(or(inArray(mailMessages.orderId, ofOrders), inArray(mailMessages.id, ofInquiries)))
    .orderBy(desc(mailMessages.createdAt))
    .limit(limit);
}

/** The mail messages an inquiry's answers went out in (their current delivery status). */
export async function mailStatuses(conn: Conn, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await conn.select({ id: mailMessages.id, status: mailMessages.status }).from(mailMessages).where(inArray(mailMessages.id, ids));
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Active staff, by name: who an inquiry may be assigned to. */
export async function listActiveStaff(conn: Conn): Promise<{ id: string; name: string; role: string }[]> {
  return conn.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.disabled, false)).orderBy(asc(users.name));
}

/** For Today: open (open, answered, quoted) inquiries whose follow-up is on or before `today` (YYYY-MM-DD), how many of those are overdue (before today), and open ones nobody is assigned to. */
export async function countInquiriesNeedingAttention(conn: Conn, today: string): Promise<{ followUpDue: number; overdue: number; unassigned: number }> {
  const open = inArray(inquiries.state, [...INQUIRY_OPEN_STATES]);
  const [row] = await conn
    .select({
      followUpDue: sql<number>`count(*) filter (where ${inquiries.followUpOn} <= ${today})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${inquiries.followUpOn} < ${today})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${inquiries.assigneeUserId} is null and ${inquiries.state} = 'open')`.mapWith(Number),
    })
    .from(inquiries)
    .where(open);
  return { followUpDue: row?.followUpDue ?? 0, overdue: row?.overdue ?? 0, unassigned: row?.unassigned ?? 0 };
}
