/** All SQL on the mail log (mail_messages). */
import { and, count, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { insertBuiltOnce, rowsBuiltOnce, runBuiltOnce } from '../shared/sql.ts';
import { mailMessages } from '../shared/schema.ts';
import type { Actor } from '../shared/actor.ts';
import { outboxRowBuilder, outboxRowValues } from '../shared/outbox.ts';
import { timelineEventBuilder, timelineEventValues } from '../orders/order-facts.ts';

export type MailRow = typeof mailMessages.$inferSelect;

/**
 * A queued message in one statement: its row in the mail log, its outbox row and, for an
 * order's message, the order's timeline event — one round trip instead of three.
 */
export async function insertQueuedMail(
  conn: Conn,
  row: typeof mailMessages.$inferInsert,
  outboxRow: { topic: string; key: string; payload: Record<string, unknown> },
  event: { orderId: string; type: string; actor: Actor; data: Record<string, unknown> } | undefined,
): Promise<MailRow> {
  const [created] = await insertBuiltOnce(
    conn,
    event ? 'mail.queueWithEvent' : 'mail.queue',
    row,
    (v) =>
      conn
        .with(conn.$with('queued').as(outboxRowBuilder(conn, 'q_')), ...(event ? [conn.$with('noted').as(timelineEventBuilder(conn, 'e_'))] : []))
        .insert(mailMessages)
        .values(v as typeof mailMessages.$inferInsert)
        .returning(),
    { ...outboxRowValues('q_', outboxRow), ...(event ? timelineEventValues('e_', event) : {}) },
  );
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findMail(conn: Conn, id: string): Promise<MailRow | undefined> {
  const [row] = await runBuiltOnce(conn, 'mail.find', () => conn.select().from(mailMessages).where(eq(mailMessages.id, sql.placeholder('id'))), { id });
  return row;
}

export async function updateMail(conn: Conn, id: string, set: Partial<typeof mailMessages.$inferInsert>): Promise<void> {
  await conn
    .update(mailMessages)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(mailMessages.id, id));
}

export async function listMail(conn: Conn, f: { orderId?: string | undefined; status?: MailRow['status'] | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<MailRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.orderId) where.push(eq(mailMessages.orderId, f.orderId));
  if (f.status) where.push(eq(mailMessages.status, f.status));
  if (f.after) where.push(or(lt(mailMessages.createdAt, f.after.createdAt), and(eq(mailMessages.createdAt, f.after.createdAt), lt(mailMessages.id, f.after.id))));
  return conn
    .select()
    .from(mailMessages)
    .where(and(...where))
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(f.limit);
}

/** Records the outcome of a queued message; undefined when it was not queued any more. */
export async function settleQueued(conn: Conn, id: string, set: Partial<typeof mailMessages.$inferInsert>): Promise<Pick<MailRow, 'orderId' | 'template' | 'toAddress'> | undefined> {
  const [row] = await conn
    .update(mailMessages)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(mailMessages.id, id), eq(mailMessages.status, 'queued')))
    .returning({ orderId: mailMessages.orderId, template: mailMessages.template, toAddress: mailMessages.toAddress });
  return row;
}

/**
 * A queued message delivered (sent, or kept in the local mailbox), in one statement: the mail
 * log row is marked (only if still queued) and, for an order's message, the order's timeline
 * gets `eventType` with the mail id, template, address and attempts. Undefined when the row
 * was no longer queued (nothing written).
 */
export async function settleDelivered(
  conn: Conn,
  a: { id: string; status: 'sent' | 'kept_locally'; attempts: number; transport: string; eventType: string; actor: Actor },
): Promise<{ order_id: string | null; template: string; to_address: string } | undefined> {
  const [row] = await rowsBuiltOnce<{ order_id: string | null; template: string; to_address: string }>(
    conn,
    'mail.settleDelivered',
    () => sql`with settled as (
        update mail_messages set status = ${sql.placeholder('status')}, attempts = ${sql.placeholder('attempts')}::int, sent_at = now(),
               transport = ${sql.placeholder('transport')}, last_error = null, updated_at = now()
         where id = ${sql.placeholder('id')}::uuid and status = 'queued'
        returning order_id, template, to_address
      ), noted as (
        insert into order_events (order_id, type, actor, data)
        select order_id, ${sql.placeholder('eventType')}, ${sql.placeholder('actor')}::jsonb,
               jsonb_build_object('mailId', ${sql.placeholder('id')}::text, 'template', template, 'to', to_address, 'attempts', ${sql.placeholder('attempts')}::int)
          from settled where order_id is not null
      )
      select order_id, template, to_address from settled`,
    { id: a.id, status: a.status, attempts: a.attempts, transport: a.transport, eventType: a.eventType, actor: JSON.stringify(a.actor) },
  );
  return row;
}

/** How many messages of a template an order got since `since`. */
export async function countRecentMail(conn: Conn, orderId: string, template: string, since: Date): Promise<number> {
  const rows = await runBuiltOnce(
    conn,
    'mail.countRecent',
    () =>
      conn
        .select({ id: mailMessages.id })
        .from(mailMessages)
        .where(and(eq(mailMessages.orderId, sql.placeholder('orderId')), eq(mailMessages.template, sql.placeholder('template')), gte(mailMessages.createdAt, sql.placeholder('since')))),
    { orderId, template, since: since.toISOString() },
  );
  return rows.length;
}

/**
 * Within a transaction: waits for any other transaction counting mail to this
 * address (`key`, lower-cased), then counts the messages of `template` to it since `since`.
 */
export async function lockAndCountRecentTo(tx: Conn, key: string, template: string, since: Date): Promise<number> {
  await rowsBuiltOnce(tx, 'mail.lockRecipient', () => sql`select pg_advisory_xact_lock(hashtextextended(${sql.placeholder('key')}, 0))`, { key: `verification-mail:${key}` });
  const [r] = await runBuiltOnce(
    tx,
    'mail.countRecentTo',
    () =>
      tx
        .select({ n: count() })
        .from(mailMessages)
        .where(and(eq(mailMessages.template, sql.placeholder('template')), sql`lower(${mailMessages.toAddress}) = ${sql.placeholder('key')}`, gt(mailMessages.createdAt, sql.placeholder('since')))),
    { template, key, since: since.toISOString() },
  );
  return Number(r?.n ?? 0);
}

/** The order of the message Orderly sent with this Message-ID header (a reply names it). */
export async function findMailOrderByMessageId(conn: Conn, messageIdHeader: string): Promise<{ mailId: string; orderId: string | null; toAddress: string } | undefined> {
  const [row] = await conn.select({ mailId: mailMessages.id, orderId: mailMessages.orderId, toAddress: mailMessages.toAddress }).from(mailMessages).where(eq(mailMessages.messageIdHeader, messageIdHeader)).limit(1);
  return row;
}
