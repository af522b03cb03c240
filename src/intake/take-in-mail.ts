/**
 * Mail in: a raw message (from the SMTP listener, or pasted or uploaded by staff) is parsed
 * with mailparser and kept with its attachments; then, in the same transaction, it lands where
 * it belongs — on the order whose e-mail it answers, as a draft order for the sender (products
 * recognised by SKU or name), or in the inbox for staff. Never rendered as HTML: the text is kept,
 * the HTML part only inside the raw message, which is served as a download.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { convert as htmlToText } from 'html-to-text';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { createdAtCursor } from '../shared/cursor.ts';
import { listProducts } from '../catalog/catalog.use-cases.ts';
import { findCustomerByEmail } from '../customers/customers.use-cases.ts';
import type { Customer } from '../customers/customer.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { createDraftIn } from '../orders/edit-order.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { messageRepliedTo } from '../notifications/mail.ts';
import { createInquiryIn } from '../inquiries/inquiries.use-cases.ts';
import type { InboundOutcome, InboundSource } from './intake-vocabulary.ts';
import { checkAttachment, recogniseProducts, repliedTo, senderTrust, type RecognisedLine } from './inbound-message.ts';
import { findAttachment, findInbound, findRaw, insertInbound, listAttachments, listInbound, setInboundInquiry, setInboundOrder, type AttachmentRow, type InboundSummaryRow } from './intake.repository.ts';

export type IncomingMessage = { raw: Buffer; source: InboundSource; envelopeFrom: string | null };

export type InboundAttachmentView = { id: string; filename: string; contentType: string; size: number; kept: boolean; refusedReason: string | null };
export type InboundView = {
  id: string;
  source: InboundSource;
  receivedAt: string;
  from: { address: string; name: string | null } | null;
  envelopeFrom: string | null;
  senderTrusted: boolean;
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  outcome: InboundOutcome;
  notes: string[];
  customerId: string | null;
  orderId: string | null;
  inquiryId: string | null;
  rawSize: number;
  hadHtml: boolean;
  receivedBy: Actor;
  attachments: InboundAttachmentView[];
};

export type InboundDetail = InboundView & { text: string };

const MAX_TEXT = 200_000;
const MAX_ATTACHMENTS = 50;

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value).flatMap((v) => (v.address ? [{ address: v.address, name: v.name || null }] : []));

/** A name a download may carry: no path, no control characters, not empty. */
function safeFilename(name: string | undefined, position: number): string {
  const clean = (name ?? '')
    .replace(/[\\/]/g, '_')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  return clean || `attachment-${position + 1}`;
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, keepCidLinks: false });
  if (!parsed.headers.has('from') && !parsed.headers.has('date') && !parsed.headers.has('message-id')) {
    throw new AppError('validation_failed', 'This is not an e-mail message', [{ pointer: '/raw', code: 'not_a_message', message: 'An e-mail message starts with its headers (From:, Date:, Subject: …); paste the whole message, or save it as .eml and upload that' }]);
  }
  return parsed;
}

function draftLines(lines: readonly RecognisedLine[]) {
  return lines.map((l) => ({ productId: l.productId, ...(l.quantity !== undefined ? { quantity: l.quantity } : {}) }));
}

function customerRef(customer: Customer | undefined, sender: { address: string; name: string | null } | undefined) {
  if (customer) return { id: customer.id, name: customer.name, ...(customer.email ? { email: customer.email } : {}), ...(customer.phone ? { phone: customer.phone } : {}) };
  if (sender) return { name: (sender.name ?? sender.address).slice(0, 200), email: sender.address.slice(0, 254) };
  return undefined;
}

/** The inquiry a message asks: from the known customer, else the sender as contact; the subject and the text as the question. */
async function inquiryFrom(tx: Conn, m: { subject: string; text: string }, customer: Customer | undefined, sender: { address: string; name: string | null }, actor: Actor): Promise<string> {
  const subject = m.subject.trim();
  const question = [subject, m.text.trim()].filter(Boolean).join('\n\n').slice(0, 5000) || '(an empty message)';
  const who = customer ? { customerId: customer.id } : { contact: { name: (sender.name?.trim() || sender.address).slice(0, 200), email: sender.address.slice(0, 254) } };
  const inquiry = await createInquiryIn(tx, { ...who, channel: 'email', question, products: [] }, actor);
  return inquiry.id;
}

/** Takes one message in: kept, and placed where it belongs, in one transaction. */
export async function takeInMail(db: Db, reactions: OrderReactions, msg: IncomingMessage, maxBytes: number, actor: Actor): Promise<InboundDetail> {
  if (msg.raw.length > maxBytes) {
    throw new AppError('payload_too_large', `The message is ${msg.raw.length} bytes; the most taken in is ${maxBytes} (ORDERLY_MAIL_IN_MAX_BYTES)`, [{ pointer: '/raw', code: 'too_large', message: `At most ${maxBytes} bytes` }]);
  }
  const parsed = await parse(msg.raw);
  const from = addresses(parsed.from);
  const trust = senderTrust(msg.source, msg.envelopeFrom, from.map((f) => f.address));
  const sender = trust.trusted ? from[0] : undefined;
  // The HTML part is read as text (mailparser does not when there are attachments); it is never kept as HTML.
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const text = (parsed.text ?? (html ? htmlToText(html.slice(0, 2_000_000), { selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } }] }) : '')).slice(0, MAX_TEXT);
  const notes: string[] = trust.note ? [trust.note] : [];
  if (parsed.attachments.length > MAX_ATTACHMENTS) notes.push(`The message has ${parsed.attachments.length} attachments; the first ${MAX_ATTACHMENTS} are listed.`);
  const attachments = parsed.attachments.slice(0, MAX_ATTACHMENTS).map((a, position) => {
    const check = checkAttachment(a.contentType, a.content);
    return { id: randomUUID(), position, filename: safeFilename(a.filename, position), contentType: a.contentType.slice(0, 100), size: a.size || a.content.length, content: check.keep ? a.content : null, refusedReason: check.keep ? null : check.reason };
  });
  const id = randomUUID();

  return db.transaction(async (tx) => {
    let outcome: InboundOutcome = 'unmatched';
    let orderId: string | null = null;
    let inquiryId: string | null = null;
    const customer = sender ? await findCustomerByEmail(tx, sender.address) : undefined;
    const answered = await messageRepliedTo(tx, repliedTo(parsed.inReplyTo, parsed.references));
    if (answered?.orderId) {
      outcome = 'reply';
      orderId = answered.orderId;
      if (!sender || sender.address.toLowerCase() !== answered.toAddress.toLowerCase()) notes.push(`It answers our e-mail to ${answered.toAddress}, but comes from ${from[0]?.address ?? 'no named sender'}.`);
    } else if (sender) {
      const catalog = await listProducts(tx, { active: true, limit: 2000 });
      const lines = recogniseProducts(text, catalog);
      if (lines.length > 0) {
        const draft = await createDraftIn(tx, reactions, { channel: 'email', customer: customerRef(customer, sender), lines: draftLines(lines), notes: `From an e-mail: ${parsed.subject ?? '(no subject)'}`.slice(0, 5000) }, actor);
        outcome = 'draft';
        orderId = draft.id;
        notes.push(`Recognised ${lines.map((l) => `${l.quantity ?? '?'} × ${l.sku}`).join(', ')}${lines.some((l) => l.quantity === undefined) ? ' (a quantity the message does not state is left for staff)' : ''}.`);
        if (!customer) notes.push('The sender is not a customer yet: the draft has their name and address.');
      } else {
        inquiryId = await inquiryFrom(tx, { subject: parsed.subject ?? '', text }, customer, sender, actor);
        outcome = 'inquiry';
        notes.push('No product was recognised by SKU or name: recorded as an inquiry.');
      }
    }
    await insertInbound(
      tx,
      {
        id,
        source: msg.source,
        envelopeFrom: msg.envelopeFrom?.slice(0, 254) ?? null,
        fromAddress: from[0]?.address.slice(0, 254) ?? null,
        fromName: from[0]?.name?.slice(0, 200) ?? null,
        senderTrusted: trust.trusted,
        subject: (parsed.subject ?? '').slice(0, 500),
        messageIdHeader: parsed.messageId?.slice(0, 500) ?? null,
        inReplyTo: parsed.inReplyTo?.slice(0, 500) ?? null,
        textBody: text,
        hadHtml: html.length > 0,
        outcome,
        notes,
        customerId: customer?.id ?? null,
        orderId,
        inquiryId,
        rawSize: msg.raw.length,
        raw: msg.raw,
        receivedBy: actor,
      },
      attachments,
    );
    if (orderId) await recordOrderEvent(tx, orderId, 'mail_received', actor, { inboundId: id, from: from[0]?.address ?? null, subject: (parsed.subject ?? '').slice(0, 200) });
    return view(tx, id);
  });
}

/** Staff make a draft from a message left in the inbox: the sender (when believed) and whatever products it names. */
export async function draftFromInbound(db: Db, reactions: OrderReactions, id: string, actor: Actor): Promise<{ orderId: string }> {
  return db.transaction(async (tx) => {
    const row = await findInbound(tx, id, true);
    if (!row) throw notFound('The message');
    if (row.orderId) throw new AppError('conflict', row.outcome === 'reply' ? 'This message is a reply on an order already' : 'A draft was made from this message already', [], { orderId: row.orderId });
    const sender = row.senderTrusted && row.fromAddress ? { address: row.fromAddress, name: row.fromName } : undefined;
    const customer = sender ? await findCustomerByEmail(tx, sender.address) : undefined;
    const lines = recogniseProducts(row.textBody, await listProducts(tx, { active: true, limit: 2000 }));
    const ref = customerRef(customer, sender);
    const draft = await createDraftIn(tx, reactions, { channel: 'email', ...(ref ? { customer: ref } : {}), lines: draftLines(lines), notes: `From an e-mail: ${row.subject || '(no subject)'}`.slice(0, 5000) }, actor);
    await setInboundOrder(tx, id, { orderId: draft.id, customerId: customer?.id ?? null, outcome: 'draft' });
    await recordOrderEvent(tx, draft.id, 'mail_received', actor, { inboundId: id, from: row.fromAddress, subject: row.subject.slice(0, 200) });
    return { orderId: draft.id };
  });
}

/** Staff make an inquiry from a message left in the inbox (an unbelieved sender: staff vouch for the From address). */
export async function inquiryFromInbound(db: Db, id: string, actor: Actor): Promise<{ inquiryId: string }> {
  return db.transaction(async (tx) => {
    const row = await findInbound(tx, id, true);
    if (!row) throw notFound('The message');
    if (row.inquiryId) throw new AppError('conflict', 'An inquiry was made from this message already', [], { inquiryId: row.inquiryId });
    if (row.orderId) throw new AppError('conflict', row.outcome === 'reply' ? 'This message is a reply on an order already' : 'A draft was made from this message already', [], { orderId: row.orderId });
    if (!row.fromAddress) throw new AppError('conflict', 'The message names no sender to record as who asked: record the inquiry by hand');
    const customer = await findCustomerByEmail(tx, row.fromAddress);
    const inquiryId = await inquiryFrom(tx, { subject: row.subject, text: row.textBody }, customer, { address: row.fromAddress, name: row.fromName }, actor);
    await setInboundInquiry(tx, id, { inquiryId, customerId: customer?.id ?? null });
    return { inquiryId };
  });
}

const attachmentView = (a: AttachmentRow): InboundAttachmentView => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, kept: a.refusedReason === null, refusedReason: a.refusedReason });

function summaryView(r: InboundSummaryRow, attachments: AttachmentRow[]): InboundView {
  return {
    id: r.id,
    source: r.source,
    receivedAt: r.receivedAt.toISOString(),
    from: r.fromAddress ? { address: r.fromAddress, name: r.fromName } : null,
    envelopeFrom: r.envelopeFrom,
    senderTrusted: r.senderTrusted,
    subject: r.subject,
    messageId: r.messageIdHeader,
    inReplyTo: r.inReplyTo,
    outcome: r.outcome,
    notes: r.notes,
    customerId: r.customerId,
    orderId: r.orderId,
    inquiryId: r.inquiryId,
    rawSize: r.rawSize,
    hadHtml: r.hadHtml,
    receivedBy: r.receivedBy,
    attachments: attachments.map(attachmentView),
  };
}

async function view(conn: Conn, id: string): Promise<InboundDetail> {
  const row = await findInbound(conn, id);
  if (!row) throw notFound('The message');
  return { ...summaryView(row, await listAttachments(conn, [id])), text: row.textBody };
}

export const getInbound = view;

export async function listInboundMail(conn: Conn, f: { orderRef?: string | undefined; outcome?: InboundOutcome | undefined; after?: string | undefined; limit: number }): Promise<{ items: InboundView[]; nextCursor: string | null }> {
  const orderId = f.orderRef ? (await getOrder(conn, f.orderRef)).id : undefined;
  const rows = await listInbound(conn, { orderId, outcome: f.outcome, after: f.after ? createdAtCursor.decode(f.after) : undefined, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  // One query for every listed message's attachments.
  const attachments = await listAttachments(conn, page.map((r) => r.id));
  const items = page.map((r) => summaryView(r, attachments.filter((a) => a.messageId === r.id)));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > f.limit && last ? createdAtCursor.encode({ createdAt: last.receivedAt, id: last.id }) : null };
}

export async function rawMessage(conn: Conn, id: string): Promise<Buffer> {
  const raw = await findRaw(conn, id);
  if (!raw) throw notFound('The message');
  return raw;
}

/** A kept attachment's content; one whose content was not kept answers 404 with the reason. */
export async function attachmentContent(conn: Conn, id: string, attachmentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const a = await findAttachment(conn, id, attachmentId);
  if (!a) throw notFound('The attachment');
  if (!a.content) throw new AppError('not_found', `The attachment's content was not kept: ${a.refusedReason ?? 'not accepted'}`);
  return { filename: a.filename, contentType: a.contentType.split(';')[0]?.trim() ?? 'application/octet-stream', content: a.content };
}
