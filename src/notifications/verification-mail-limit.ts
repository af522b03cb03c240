/**
 * A web order that needs verifying mails the address its (anonymous) caller
 * typed. So that the storefront cannot be used to flood someone's inbox, one
 * recipient gets at most `perHour` verification e-mails for web orders in an
 * hour; beyond that the order waits for staff to verify it. Every decision is
 * written to the audit log (sent or withheld), and a withheld mail to the
 * order's timeline.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { lockAndCountRecentTo } from './mail.repository.ts';
import { recordAudit } from '../auth/auth.use-cases.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';

const HOUR_MS = 3_600_000;
export const VERIFICATION_TEMPLATE = 'verification_request';

/** Within the placement's transaction: may this recipient be sent one more verification e-mail now? Serialised per recipient. */
export async function recipientAllowance(tx: Conn, to: string, perHour: number, now = new Date()): Promise<{ allowed: boolean; sentInLastHour: number }> {
  const key = to.trim().toLowerCase();
  const sentInLastHour = await lockAndCountRecentTo(tx, key, VERIFICATION_TEMPLATE, new Date(now.getTime() - HOUR_MS));
  return { allowed: sentInLastHour < perHour, sentInLastHour };
}

export async function auditVerificationMail(
  tx: Conn,
  a: { orderId: string; orderNumber: string | null; to: string; actor: Actor; sent: boolean; sentInLastHour: number; mailId?: string | undefined; perHour: number },
): Promise<void> {
  await recordAudit(tx, {
    actor: a.actor,
    action: a.sent ? 'web order verification e-mail queued' : 'web order verification e-mail withheld (per-recipient limit)',
    target: a.orderId,
    status: a.sent ? 202 : 429,
    data: { orderNumber: a.orderNumber, to: a.to, sentInLastHour: a.sentInLastHour, limitPerHour: a.perHour, ...(a.mailId ? { mailId: a.mailId } : {}) },
  });
  if (!a.sent) {
    await recordOrderEvent(tx, a.orderId, 'verification_mail_withheld', a.actor, {
      to: a.to,
      reason: `${a.sentInLastHour} verification e-mails already went to this address in the last hour (limit ${a.perHour}); verify the order by phone or ask again later`,
    });
  }
}
