/** Where mail goes, chosen by the configuration: SMTP when SMTP_URL is set, the local mailbox otherwise. */
import type { Config } from '../config.ts';
import { localMailbox, smtpTransport, type MailTransport } from '../notifications/mail-transport.ts';

export function mailTransportFrom(config: Pick<Config, 'mail'>): MailTransport {
  const m = config.mail;
  return m.smtpUrl ? smtpTransport({ url: m.smtpUrl, timeoutMs: m.timeoutMs, poolSize: m.poolSize }) : localMailbox();
}
