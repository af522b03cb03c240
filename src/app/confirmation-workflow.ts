/**
 * What confirming an order sets going, top to bottom, inside the confirming
 * transaction (all of it commits with the confirmation, or none of it):
 *
 *   1. payments: the payment terms become fixed (invoice terms get their due date);
 *   2. notifications: the confirmation e-mail is queued in the outbox, showing
 *      those terms and a slot for the link to the customer's order page (the
 *      access link is issued when the mail is delivered, not here), or, without
 *      an e-mail address, "mail not sent" goes on the timeline.
 *
 * The mail is delivered after commit by the outbox dispatcher.
 */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { OrderEventOf } from '../orders/order-events.ts';
import { fixTermsAtConfirmation } from '../payments/payment-terms.ts';
import { queueOrderConfirmation } from '../notifications/order-confirmed.ts';

export async function confirmationWorkflow(event: OrderEventOf<'confirmed'>, tx: Conn): Promise<void> {
  const { order, lines, actor } = event;
  const settings = await getSettings(tx);
  await fixTermsAtConfirmation(tx, order, actor, settings);
  await queueOrderConfirmation(tx, order, lines, actor, settings);
}
