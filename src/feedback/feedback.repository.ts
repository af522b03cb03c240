/** All SQL of feedback: requests, answers, opt-outs, follow-ups and the report's aggregates. */
import { and, asc, desc, eq, getTableColumns, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { feedbackOptOuts, feedbackRequests, feedbackResponses, followUps, orders, users } from '../shared/schema.ts';
import { rows } from '../shared/sql.ts';

export type FeedbackRequestRow = typeof feedbackRequests.$inferSelect;
export type FeedbackResponseRow = typeof feedbackResponses.$inferSelect;
export type FollowUpRow = typeof followUps.$inferSelect;

/** Writes the order's request; false when it already has one (the job ran before). */
export async function insertRequest(conn: Conn, row: typeof feedbackRequests.$inferInsert): Promise<boolean> {
  const r = await conn.insert(feedbackRequests).values(row).onConflictDoNothing({ target: feedbackRequests.orderId }).returning({ orderId: feedbackRequests.orderId });
  return r.length === 1;
}

export async function findRequest(conn: Conn, orderId: string): Promise<FeedbackRequestRow | undefined> {
  const [row] = await conn.select().from(feedbackRequests).where(eq(feedbackRequests.orderId, orderId));
  return row;
}

/** Writes the answer; false when the order was answered already. */
export async function insertResponse(conn: Conn, row: typeof feedbackResponses.$inferInsert): Promise<boolean> {
  const r = await conn.insert(feedbackResponses).values(row).onConflictDoNothing({ target: feedbackResponses.orderId }).returning({ orderId: feedbackResponses.orderId });
  return r.length === 1;
}

export async function findResponse(conn: Conn, orderId: string): Promise<FeedbackResponseRow | undefined> {
  const [row] = await conn.select().from(feedbackResponses).where(eq(feedbackResponses.orderId, orderId));
  return row;
}

export async function isOptedOut(conn: Conn, emailNormalized: string): Promise<boolean> {
  const [row] = await conn.select({ e: feedbackOptOuts.emailNormalized }).from(feedbackOptOuts).where(eq(feedbackOptOuts.emailNormalized, emailNormalized));
  return row !== undefined;
}

export async function insertOptOut(conn: Conn, emailNormalized: string, orderId: string): Promise<void> {
  await conn.insert(feedbackOptOuts).values({ emailNormalized, orderId }).onConflictDoNothing({ target: feedbackOptOuts.emailNormalized });
}

/** The owner who has been here longest (and is not disabled): who a follow-up goes to. */
export async function firstOwnerId(conn: Conn): Promise<string | undefined> {
  const [row] = await conn
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'owner'), eq(users.disabled, false)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row?.id;
}

export async function insertFollowUp(conn: Conn, row: typeof followUps.$inferInsert): Promise<FollowUpRow | undefined> {
  const [r] = await conn.insert(followUps).values(row).onConflictDoNothing().returning();
  return r;
}

export type CustomerFeedbackRow = { orderId: string; orderNumber: string | null; rating: number; recommend: number; comment: string | null; createdAt: Date; followUpId: string | null; followUpDoneAt: Date | null };

/** The answers to the surveys of one customer's orders, newest first, each with its call-back follow-up if a low rating made one. */
export async function feedbackOfCustomer(conn: Conn, customerId: string, limit: number): Promise<CustomerFeedbackRow[]> {
  return conn
    .select({
      orderId: feedbackResponses.orderId,
      orderNumber: orders.number,
      rating: feedbackResponses.rating,
      recommend: feedbackResponses.recommend,
      comment: feedbackResponses.comment,
      createdAt: feedbackResponses.createdAt,
      followUpId: followUps.id,
      followUpDoneAt: followUps.doneAt,
    })
    .from(feedbackResponses)
    .innerJoin(orders, eq(orders.id, feedbackResponses.orderId))
    .leftJoin(followUps, and(eq(followUps.orderId, feedbackResponses.orderId), eq(followUps.kind, 'call_back')))
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(feedbackResponses.createdAt), desc(feedbackResponses.orderId))
    .limit(limit);
}

export type FollowUpListRow = FollowUpRow & { orderNumber: string | null; assigneeName: string | null };

export async function listFollowUps(conn: Conn, f: { open: boolean; limit: number }): Promise<FollowUpListRow[]> {
  return conn
    .select({ ...getTableColumns(followUps), orderNumber: orders.number, assigneeName: users.name })
    .from(followUps)
    .innerJoin(orders, eq(orders.id, followUps.orderId))
    .leftJoin(users, eq(users.id, followUps.assigneeUserId))
    .where(f.open ? isNull(followUps.doneAt) : isNotNull(followUps.doneAt))
    .orderBy(...(f.open ? [asc(followUps.dueDate), asc(followUps.createdAt)] : [desc(followUps.doneAt)]))
    .limit(f.limit);
}

export async function markFollowUpDone(conn: Conn, id: string, note: string, actor: FollowUpRow['doneBy']): Promise<FollowUpRow | undefined> {
  const [r] = await conn
    .update(followUps)
    .set({ doneAt: sql`now()`, doneNote: note, doneBy: actor })
    .where(and(eq(followUps.id, id), isNull(followUps.doneAt)))
    .returning();
  return r;
}

export async function findFollowUp(conn: Conn, id: string): Promise<FollowUpRow | undefined> {
  const [r] = await conn.select().from(followUps).where(eq(followUps.id, id));
  return r;
}

export type PeriodRow = { period: string; responses: number; averageRating: number; promoters: number; detractors: number };
export type GroupRow = { key: string; label: string; responses: number; averageRating: number; promoters: number; detractors: number };

const aggregates = sql`count(*)::int as responses, avg(r.rating)::float as "averageRating",
  count(*) filter (where r.recommend >= 9)::int as promoters, count(*) filter (where r.recommend <= 6)::int as detractors`;

/** Answers per week or month (the period's first day, UTC), oldest first. */
export async function byPeriod(conn: Conn, unit: 'week' | 'month', since: Date): Promise<PeriodRow[]> {
  const trunc = unit === 'week' ? sql`'week'` : sql`'month'`;
  return rows<PeriodRow>(
    conn,
    sql`select to_char(date_trunc(${trunc}, r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as period, ${aggregates}
        from feedback_responses r where r.created_at >= ${since.toISOString()}
        group by 1 order by 1`,
  );
}

export async function byChannel(conn: Conn, since: Date): Promise<GroupRow[]> {
  return rows<GroupRow>(
    conn,
    sql`select o.channel as key, o.channel as label, ${aggregates}
        from feedback_responses r join orders o on o.id = r.order_id where r.created_at >= ${since.toISOString()}
        group by o.channel order by responses desc, key`,
  );
}

/** Per product: every answer about an order that had the product on it. */
export async function byProduct(conn: Conn, since: Date, limit: number): Promise<GroupRow[]> {
  return rows<GroupRow>(
    conn,
    sql`select p.sku as key, p.name as label, ${aggregates}
        from feedback_responses r join (select distinct order_id, sku, name from order_lines) p on p.order_id = r.order_id
        where r.created_at >= ${since.toISOString()}
        group by p.sku, p.name order by responses desc, key limit ${limit}`,
  );
}

export type CommentRow = { orderId: string; orderNumber: string | null; customerName: string | null; channel: string; rating: number; recommend: number; comment: string | null; answers: FeedbackResponseRow['answers']; createdAt: Date | string };

/** Answers with a comment or an answered question, newest first. */
export async function latestComments(conn: Conn, limit: number): Promise<CommentRow[]> {
  return rows<CommentRow>(
    conn,
    sql`select r.order_id as "orderId", o.number as "orderNumber", o.customer_name as "customerName", o.channel, r.rating, r.recommend, r.comment, r.answers, r.created_at as "createdAt"
        from feedback_responses r join orders o on o.id = r.order_id
        order by r.created_at desc, r.order_id desc limit ${limit}`,
  );
}
