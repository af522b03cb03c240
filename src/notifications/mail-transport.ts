/**
 * Where mail goes: an SMTP server (nodemailer, pooled connections) when SMTP_URL
 * is set, otherwise the local mailbox — the message stays in the mail log,
 * marked kept_locally, for the back office to read (GET /api/v1/mail). Nothing is
 * silently dropped.
 */
import nodemailer from 'nodemailer';

export type MailAttachment = { filename: string; contentType: string; content: Buffer };
export type OutgoingMail = { from: string; replyTo: string | undefined; to: string; subject: string; text: string; html: string; messageId: string; headers: Record<string, string>; attachments?: MailAttachment[] | undefined };

export type SendResult = { ok: true; response: string } | { ok: false; error: string; permanent: boolean };

export interface MailTransport {
  readonly kind: 'smtp' | 'local';
  send(m: OutgoingMail): Promise<SendResult>;
  close(): void;
}

type MailerError = Error & { code?: string; responseCode?: number; permanent?: boolean; response?: string };

export function smtpTransport(o: { url: string; timeoutMs: number; poolSize: number }): MailTransport {
  const transporter = nodemailer.createTransport({
    url: o.url,
    pool: true,
    maxConnections: o.poolSize,
    // Orderly's outbox retries; a silent requeue inside the pool would hide attempts.
    maxRequeues: 0,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(m) {
      try {
        const info = await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: m.headers, ...(m.replyTo ? { replyTo: m.replyTo } : {}), ...(m.attachments?.length ? { attachments: m.attachments } : {}) });
        return { ok: true, response: String(info.response ?? '') };
      } catch (e) {
        const err = e as MailerError;
        const permanent = err.permanent ?? (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode !== 503);
        return { ok: false, error: `${err.code ? `${err.code}: ` : ''}${err.message}`, permanent };
      }
    },
    close: () => transporter.close(),
  };
}

export const localMailbox = (): MailTransport => ({
  kind: 'local',
  send: async () => ({ ok: true, response: 'kept in the local mailbox' }),
  close: () => undefined,
});
