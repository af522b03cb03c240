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
import { enqueue } from '../shared/outbox.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { isLanguage, type Language } from './i18n.ts';
import { renderMail, type Rendered, type TemplateData, type TemplateName } from './templates.ts';
import { findMail, insertMail, listMail, type MailRow } from './mail.repository.ts';

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
  const subject = renderMail(m.template, m.language, m.data, '').subject;
  const row = await insertMail(tx, {
    id,
    orderId: m.orderId,
    template: m.template,
    language: m.language,
    toAddress: m.to,
    toName: m.toName,
    subject,
    data: m.data as unknown as Record<string, unknown>,
    messageIdHeader: `<${id}@orderly.mail>`,
    resendOf: m.resendOf ?? null,
    requestedBy: actor,
  });
  await enqueue(tx, { topic: MAIL_TOPIC, key: `mail:${id}`, payload: { mailId: id } });
  if (m.orderId) await recordOrderEvent(tx, m.orderId, 'mail_queued', actor, { mailId: id, template: m.template, to: m.to, ...(m.resendOf ? { resendOf: m.resendOf } : {}) });
  return row;
}

export function renderStored(row: MailRow, publicUrl: string): Rendered {
  const lang: Language = isLanguage(row.language) ? row.language : 'en';
  return renderMail(row.template as TemplateName, lang, row.data as never, publicUrl);
}

export async function getMail(conn: Conn, id: string): Promise<MailRow> {
  const row = await findMail(conn, id);
  if (!row) throw new AppError('not_found', 'There is no such message');
  return row;
}

/** Sends a message again as a new message (optionally to another address); the log keeps both. */
export async function resendMail(db: Db, id: string, to: string | undefined, actor: Actor): Promise<MailRow> {
  return db.transaction(async (tx) => {
    const original = await getMail(tx, id);
    const language: Language = isLanguage(original.language) ? original.language : 'en';
    return queueMail(
      tx,
      {
        orderId: original.orderId,
        template: original.template as TemplateName,
        language,
        to: to ?? original.toAddress,
        toName: original.toName,
        data: original.data as never,
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
