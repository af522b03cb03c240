/**
 * The mail dispatcher: claims mail.send outbox rows, sends each message, and
 * records the result on the mail log and the order's timeline in the same
 * transaction that settles the outbox row. Failures retry with backoff; after
 * the last attempt the message is marked failed (or bounced, for a permanent
 * rejection) and staff can resend it.
 */
import type { Config } from '../config.ts';
import type { Db, Tx } from '../shared/db.ts';
import { startOutboxWorker, type OutboxHandler, type OutboxWorker } from '../shared/outbox.ts';
import { systemActor } from '../shared/actor.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { Settings } from '../settings/settings.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { issueAccessLink, revokeAccessLink } from '../access/access-links.ts';
import { DAY_MS, type AccessPurpose } from '../access/access-link.ts';
import { RETURN_REMINDER_TOPIC, returnReminderHandler } from './return-to-customer.ts';
import { linkSlotsOf, placeholderPath, sameAddress } from './mail-links.ts';
import { MAIL_TOPIC, renderStored } from './mail.ts';
import { attachmentsFor } from './mail-attachments.ts';
import { findMail, settleDelivered, settleQueued, updateMail, type MailRow } from './mail.repository.ts';
import type { MailAttachment, MailTransport } from './mail-transport.ts';

type Log = { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

/**
 * What a message about something other than an order (a quote) needs when it is sent,
 * given by the composition root for its template: the customer links it asks for (made
 * now, or null for none) and the documents it carries.
 */
export type MailExtension = {
  link(tx: Tx, mail: MailRow, purpose: AccessPurpose): Promise<{ id: string; path: string } | null>;
  attachments(conn: Db, mail: MailRow): Promise<MailAttachment[]>;
};
export type MailExtensions = Partial<Record<string, MailExtension>>;

const quoteName = (s: string) => `"${s.replace(/["\\\r\n]/g, ' ')}"`;

/**
 * The customer links a message asks for, made now, for this delivery: only for a message that
 * goes by e-mail to the order's own customer address. Anything else gets no link.
 */
async function makeLinks(db: Db, mail: MailRow, config: Pick<Config, 'links'>, extension: MailExtension | undefined): Promise<{ paths: Map<AccessPurpose, string>; ids: string[] }> {
  const paths = new Map<AccessPurpose, string>();
  const ids: string[] = [];
  const wanted = [...new Set(linkSlotsOf(mail.data).map((s) => s.purpose))];
  if (wanted.length && extension) {
    await db.transaction(async (tx) => {
      for (const purpose of wanted) {
        const link = await extension.link(tx, mail, purpose);
        if (!link) continue;
        paths.set(purpose, link.path);
        ids.push(link.id);
      }
    });
    return { paths, ids };
  }
  if (!wanted.length || !mail.orderId) return { paths, ids };
  const orderId = mail.orderId;
  const order = await getOrder(db, orderId).catch(() => undefined);
  if (!order || !sameAddress(order.customerEmail, mail.toAddress)) return { paths, ids };
  await db.transaction(async (tx) => {
    // A survey link lives as long as the business says (settings.feedback.linkDays).
    const surveyDays = wanted.includes('survey') ? (await getSettings(tx)).feedback.linkDays : undefined;
    for (const purpose of wanted) {
      const expiresAt = purpose === 'survey' && surveyDays ? new Date(Date.now() + surveyDays * DAY_MS) : undefined;
      const link = await issueAccessLink(tx, { orderId, purpose, lifetimes: config.links, expiresAt });
      paths.set(purpose, link.path);
      ids.push(link.id);
    }
  });
  return { paths, ids };
}

export function mailHandler(db: Db, transport: MailTransport, config: Pick<Config, 'publicUrl' | 'mail' | 'links'>, extensions: MailExtensions = {}): OutboxHandler {
  const actor = systemActor('mailer');
  // The sender's name and reply address come from the settings; read them at most once a second.
  let cached: { at: number; settings: Settings } | undefined;
  const settingsNow = async () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), settings: await getSettings(db) };
    return cached.settings;
  };
  return {
    async deliver(row) {
      const mail = await findMail(db, String(row.payload.mailId));
      if (!mail || mail.status !== 'queued') return { ok: true };
      const settings = await settingsNow();
      // Its document (a hand-off's pick list or purchase order), made now; the text says it is attached, so no document, no send (retried).
      const extension = extensions[mail.template];
      let attachments: MailAttachment[];
      try {
        attachments = extension ? await extension.attachments(db, mail) : await attachmentsFor(db, mail);
      } catch (e) {
        return { ok: false, error: `Its document could not be made: ${e instanceof Error ? e.message : String(e)}`, permanent: false };
      }
      // The local mailbox is read by staff: it shows where the link goes, never a working one.
      const links = transport.kind === 'smtp' ? await makeLinks(db, mail, config, extension) : undefined;
      const rendered = await renderStored(db, mail, config.publicUrl, (p) => (links ? (links.paths.get(p) ?? null) : placeholderPath(p)));
      const result = await transport.send({
        attachments,
        from: config.mail.from ?? `${quoteName(settings.businessName)} <${settings.contactEmail}>`,
        replyTo: settings.contactEmail,
        to: mail.toName ? `${quoteName(mail.toName)} <${mail.toAddress}>` : mail.toAddress,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: mail.messageIdHeader,
        headers: { 'X-Orderly-Mail-Id': mail.id, ...(mail.orderId ? { 'X-Orderly-Order-Id': mail.orderId } : {}) },
      });
      if (!result.ok && links?.ids.length) {
        // Not delivered: the links it carried are withdrawn (the next attempt makes new ones).
        await db.transaction(async (tx) => {
          for (const id of links.ids) await revokeAccessLink(tx, id);
        }).catch(() => undefined);
      }
      return result.ok ? { ok: true } : { ok: false, error: result.error, permanent: result.permanent };
    },
    async settle(tx: Tx, row, { outcome, final }) {
      const mailId = String(row.payload.mailId);
      if (outcome.ok) {
        const status = transport.kind === 'smtp' ? 'sent' : 'kept_locally';
        await settleDelivered(tx, { id: mailId, status, attempts: row.attempts, transport: transport.kind, eventType: status === 'sent' ? 'mail_sent' : 'mail_kept_locally', actor });
        return;
      }
      const error = outcome.error.slice(0, 2000);
      if (!final) {
        await updateMail(tx, mailId, { attempts: row.attempts, lastError: error });
        return;
      }
      const status = outcome.permanent ? 'bounced' : 'failed';
      const mail = await settleQueued(tx, mailId, { status, attempts: row.attempts, lastError: error, transport: transport.kind });
      if (mail?.orderId) await recordOrderEvent(tx, mail.orderId, status === 'bounced' ? 'mail_bounced' : 'mail_failed', actor, { mailId, template: mail.template, to: mail.toAddress, attempts: row.attempts, error: error.slice(0, 500) });
    },
  };
}

export type MailDispatcher = OutboxWorker & { transport: MailTransport };

/** `transport`: where mail goes, chosen by the composition root (src/app/mail-transport-choice.ts); closed when the dispatcher stops. */
export function startMailDispatcher(
  db: Db,
  transport: MailTransport,
  config: Pick<Config, 'publicUrl' | 'mail' | 'outbox' | 'links'>,
  log?: Log,
  onDatabaseUnavailable?: (e: unknown) => void,
  extensions: MailExtensions = {},
): MailDispatcher {
  const worker = startOutboxWorker(db, {
    // The reminder for a draft sent back to its customer is an outbox row this worker also runs (it queues a mail).
    handlers: { [MAIL_TOPIC]: mailHandler(db, transport, config, extensions), [RETURN_REMINDER_TOPIC]: returnReminderHandler(db) },
    pollMs: config.outbox.pollMs,
    leaseMs: config.outbox.leaseMs,
    batchSize: config.outbox.batchSize,
    maxAttempts: config.mail.maxAttempts,
    retryBaseMs: config.outbox.retryBaseMs,
    retryMaxMs: config.outbox.retryMaxMs,
    ...(log ? { log } : {}),
    ...(onDatabaseUnavailable ? { onDatabaseUnavailable } : {}),
  });
  return {
    ...worker,
    transport,
    stop: async () => {
      await worker.stop();
      transport.close();
    },
  };
}
