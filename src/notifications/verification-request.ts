/**
 * Asking the customer to verify their order: an e-mail with a verify link (made
 * when it is delivered; ORDERLY_VERIFY_LINK_DAYS, 14 by default), queued in the caller's transaction with a timeline
 * entry. Sent by itself when an order that needs verifying is placed, and again
 * whenever staff ask.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { Settings } from '../settings/settings.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { getOrder, type OrderRow } from '../orders/order-facts.ts';
import { verificationRequired } from '../orders/verification.ts';
import { linkSlot } from './mail-links.ts';
import { queueMail } from './mail.ts';
import { languageOf } from './order-confirmed.ts';
import { businessContact } from '../settings/business-contact.ts';
import { auditVerificationMail, recipientAllowance } from './verification-mail-limit.ts';

async function queueVerificationRequest(tx: Conn, order: OrderRow & { customerEmail: string }, settings: Settings, actor: Actor) {
  // The verify link is made when the message is delivered to the customer; the mail log never holds it.
  const mail = await queueMail(
    tx,
    {
      orderId: order.id,
      template: 'verification_request',
      language: await languageOf(tx, order, settings),
      to: order.customerEmail,
      toName: order.customerName,
      data: { orderNumber: order.number ?? order.id, customerName: order.customerName ?? '', business: businessContact(settings), verifyPath: linkSlot('verify'), orderPagePath: null },
    },
    actor,
  );
  return { mailId: mail.id };
}

/** Reaction to a placed order (inside its transaction): an order the policy holds back asks its customer to verify it. */
export async function askToVerifyPlacedOrder(tx: Conn, order: OrderRow, settings: Settings, actor: Actor): Promise<void> {
  if (!order.customerEmail || !verificationRequired(settings.verification, order)) return;
  if (order.channel !== 'web') {
    await queueVerificationRequest(tx, { ...order, customerEmail: order.customerEmail }, settings, actor);
    return;
  }
  // A web order's address was typed by whoever placed it: limited per recipient, and audited.
  const perHour = settings.storefront.verificationMailsPerRecipientPerHour;
  const { allowed, sentInLastHour } = await recipientAllowance(tx, order.customerEmail, perHour);
  const mail = allowed ? await queueVerificationRequest(tx, { ...order, customerEmail: order.customerEmail }, settings, actor) : undefined;
  await auditVerificationMail(tx, { orderId: order.id, orderNumber: order.number, to: order.customerEmail, actor, sent: allowed, sentInLastHour, mailId: mail?.mailId, perHour });
}

export async function requestVerification(db: Db, orderRef: string, actor: Actor): Promise<{ mailId: string }> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    if (order.status !== 'placed') throw new AppError('invalid_transition', `Only a placed order is verified; this one is ${order.status}`);
    if (!order.customerEmail) throw new AppError('conflict', 'The order has no customer e-mail address: verify it by phone instead');
    return queueVerificationRequest(tx, { ...order, customerEmail: order.customerEmail }, await getSettings(tx), actor);
  });
}
