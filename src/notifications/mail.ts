/**
 * Mail use cases: queue a message (inside the caller's transaction, with its
 * outbox row), resend one, read the log. A message's content is the template's
 * data frozen when it was queued; it is rendered when sent or shown.
 */
import { createdAtCursor } from '../shared/cursor.ts';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder } from '../orders/order-facts.ts';
import type { AccessPurpose } from '../access/access-link.ts';
import { fillLinks, placeholderPath, sameAddress, toSlots, withoutLinks } from './mail-links.ts';
import { isLanguage, type Language } from './i18n.ts';
import { renderMail, renderMailSubject, type Rendered, type TemplateData, type TemplateName } from './templates.ts';
import { templateSource } from './mail-templates.ts';
import { findMail, findMailOrderByMessageId, insertQueuedMail, listMail, type MailRow } from './mail.repository.ts';

export const MAIL_TOPIC = 'mail.send';

export type MailRequest<T extends TemplateName> = {
  orderId: string | null;
  template: T;
  language: Language;
  to: string;
  toName: string | null;
  data: TemplateData[T];
  resendOf?: string | undefined;
};

/** Writes the message and its outbox row in the caller's transaction: both commit, or neither. */
export async function queueMail<T extends TemplateName>(tx: Conn, m: MailRequest<T>, actor: Actor): Promise<MailRow> {
  const id = randomUUID();
  const subject = renderMailSubject(m.template, m.language, m.data, await templateSource(tx, m.template, m.language));
  const row = await insertQueuedMail(
    tx,
    {
      id,
      orderId: m.orderId,
      template: m.template,
      language: m.language,
      toAddress: m.to,
      toName: m.toName,
      subject,
      // Never a token: link fields are stored as slots, filled when the message is delivered.
      data: toSlots(m.data as unknown as Record<string, unknown>),
      messageIdHeader: `<${id}@orderly.mail>`,
      resendOf: m.resendOf ?? null,
      requestedBy: actor,
    },
    { topic: MAIL_TOPIC, key: `mail:${id}`, payload: { mailId: id } },
    m.orderId ? { orderId: m.orderId, type: 'mail_queued', actor, data: { mailId: id, template: m.template, to: m.to, ...(m.resendOf ? { resendOf: m.resendOf } : {}) } } : undefined,
  );
  return row;
}

/**
 * Renders a stored message with the business's current wording of its template. `link` fills
 * each link slot: by default with a placeholder (what staff see in the mail log); the
 * dispatcher passes freshly made links.
 */
export async function renderStored(conn: Conn, row: MailRow, publicUrl: string, link: (purpose: AccessPurpose) => string | null = placeholderPath): Promise<Rendered> {
  const lang: Language = isLanguage(row.language) ? row.language : 'en';
  const template = row.template as TemplateName;
  return renderMail(template, lang, fillLinks(row.data, link) as never, publicUrl, await templateSource(conn, template, lang));
}

export async function getMail(conn: Conn, id: string): Promise<MailRow> {
  const row = await findMail(conn, id);
  if (!row) throw new AppError('not_found', 'There is no such message');
  return row;
}

/**
 * Sends a message again as a new message (optionally to another address); the log keeps both.
 * A customer link goes only to the order's own customer address: resent anywhere else, the
 * message carries no link (it says to contact the business instead). Sent to the customer's
 * address, it gets a fresh link when delivered.
 */
export async function resendMail(db: Db, id: string, to: string | undefined, actor: Actor): Promise<MailRow> {
  return db.transaction(async (tx) => {
    const original = await getMail(tx, id);
    const language: Language = isLanguage(original.language) ? original.language : 'en';
    const address = to ?? original.toAddress;
    const customerEmail = original.orderId ? (await getOrder(tx, original.orderId)).customerEmail : null;
    const data = sameAddress(address, customerEmail) ? toSlots(original.data) : withoutLinks(original.data);
    return queueMail(
      tx,
      {
        orderId: original.orderId,
        template: original.template as TemplateName,
        language,
        to: address,
        toName: original.toName,
        data: data as never,
        resendOf: original.id,
      },
      actor,
    );
  });
}


export async function findMailLog(conn: Conn, f: { orderId?: string | undefined; status?: MailRow['status'] | undefined; after?: string | undefined; limit: number }) {
  const items = await listMail(conn, { ...f, after: f.after ? createdAtCursor.decode(f.after) : undefined });
  const last = items.at(-1);
  return { items, nextCursor: items.length === f.limit && last ? createdAtCursor.encode(last) : null };
}

/** Which of our messages (and its order) a reply answers: the first of the named Message-IDs that is ours. */
export async function messageRepliedTo(conn: Conn, messageIds: readonly string[]): Promise<{ mailId: string; orderId: string | null; toAddress: string } | undefined> {
  for (const id of messageIds.filter((m) => m.endsWith('@orderly.mail>')).slice(0, 20)) {
    const found = await findMailOrderByMessageId(conn, id);
    if (found) return found;
  }
  return undefined;
}
