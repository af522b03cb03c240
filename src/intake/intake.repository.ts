/** All SQL on mail in (inbound_messages, inbound_attachments). */
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { inboundAttachments, inboundMessages } from '../shared/schema.ts';

export type InboundRow = typeof inboundMessages.$inferSelect;
export type InboundSummaryRow = Omit<InboundRow, 'raw' | 'textBody'>;
export type AttachmentRow = Omit<typeof inboundAttachments.$inferSelect, 'content'>;

const summary = {
  id: inboundMessages.id,
  source: inboundMessages.source,
  envelopeFrom: inboundMessages.envelopeFrom,
  fromAddress: inboundMessages.fromAddress,
  fromName: inboundMessages.fromName,
  senderTrusted: inboundMessages.senderTrusted,
  subject: inboundMessages.subject,
  messageIdHeader: inboundMessages.messageIdHeader,
  inReplyTo: inboundMessages.inReplyTo,
  hadHtml: inboundMessages.hadHtml,
  outcome: inboundMessages.outcome,
  notes: inboundMessages.notes,
  customerId: inboundMessages.customerId,
  orderId: inboundMessages.orderId,
  inquiryId: inboundMessages.inquiryId,
  rawSize: inboundMessages.rawSize,
  receivedBy: inboundMessages.receivedBy,
  receivedAt: inboundMessages.receivedAt,
};
const attachmentColumns = {
  id: inboundAttachments.id,
  messageId: inboundAttachments.messageId,
  position: inboundAttachments.position,
  filename: inboundAttachments.filename,
  contentType: inboundAttachments.contentType,
  size: inboundAttachments.size,
  refusedReason: inboundAttachments.refusedReason,
};

export async function insertInbound(conn: Conn, row: typeof inboundMessages.$inferInsert, attachments: Omit<typeof inboundAttachments.$inferInsert, 'messageId'>[]): Promise<void> {
  await conn.insert(inboundMessages).values(row);
  const id = row.id;
  if (!id) throw new Error('an inbound message needs its id');
  if (attachments.length) await conn.insert(inboundAttachments).values(attachments.map((a) => ({ ...a, messageId: id })));
}

export async function setInboundOrder(conn: Conn, id: string, set: { orderId: string; customerId: string | null; outcome: InboundRow['outcome'] }): Promise<void> {
  await conn.update(inboundMessages).set(set).where(eq(inboundMessages.id, id));
}

export async function setInboundInquiry(conn: Conn, id: string, set: { inquiryId: string; customerId: string | null }): Promise<void> {
  await conn.update(inboundMessages).set({ ...set, outcome: 'inquiry' }).where(eq(inboundMessages.id, id));
}

export async function findInbound(conn: Conn, id: string, lock = false): Promise<(InboundSummaryRow & { textBody: string }) | undefined> {
  const q = conn.select({ ...summary, textBody: inboundMessages.textBody }).from(inboundMessages).where(eq(inboundMessages.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findRaw(conn: Conn, id: string): Promise<Buffer | undefined> {
  const [row] = await conn.select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, id));
  return row?.raw;
}

/** The attachments of these messages, in their order within each message. */
export async function listAttachments(conn: Conn, messageIds: readonly string[]): Promise<AttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return conn
    .select(attachmentColumns)
    .from(inboundAttachments)
    .where(inArray(inboundAttachments.messageId, [...messageIds]))
    .orderBy(asc(inboundAttachments.messageId), asc(inboundAttachments.position));
}

export async function findAttachment(conn: Conn, messageId: string, attachmentId: string): Promise<(AttachmentRow & { content: Buffer | null }) | undefined> {
  const [row] = await conn
    .select({ ...attachmentColumns, content: inboundAttachments.content })
    .from(inboundAttachments)
    .where(and(eq(inboundAttachments.messageId, messageId), eq(inboundAttachments.id, attachmentId)));
  return row;
}

export async function listInbound(conn: Conn, f: { orderId?: string | undefined; outcome?: InboundRow['outcome'] | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<InboundSummaryRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.orderId) where.push(eq(inboundMessages.orderId, f.orderId));
  if (f.outcome) where.push(eq(inboundMessages.outcome, f.outcome));
  if (f.after) where.push(or(lt(inboundMessages.receivedAt, f.after.createdAt), and(eq(inboundMessages.receivedAt, f.after.createdAt), lt(inboundMessages.id, f.after.id))));
  return conn
    .select(summary)
    .from(inboundMessages)
    .where(and(...where))
    .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
    .limit(f.limit);
}

/** For Today: messages taken in that nothing was matched to (waiting for staff). */
export async function countInboundByOutcome(conn: Conn, outcome: InboundRow['outcome']): Promise<number> {
  const [row] = await conn.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(inboundMessages).where(eq(inboundMessages.outcome, outcome));
  return row?.n ?? 0;
}
