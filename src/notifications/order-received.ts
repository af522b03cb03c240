/**
 * The acknowledgement: the moment an order comes in, its customer is told it
 * arrived, its number, and what happens next — queued in the placing
 * transaction (reaction to `placed`), delivered through the outbox.
 *
 * Who gets one: orders from the channels in settings.notifications.acknowledgeChannels
 * (shop orders by default) that have an e-mail address. Exactly once per order:
 * `placed` is announced once (a retried request with the same idempotency key
 * answers with the first order and announces nothing; a submitted draft is
 * announced when submitted, never while a draft), the reaction looks for an
 * acknowledgement already queued, and a unique index on the mail log
 * (mail_messages_once_key) refuses a second. An order the verification policy
 * holds back gets the verification request instead (it already says the order
 * arrived and what to do next) — one e-mail, not two. A shop order's address
 * was typed by an anonymous shopper, so it shares the per-recipient hourly
 * limit of verification e-mails (settings.storefront).
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { businessContact } from '../settings/business-contact.ts';
import { getOrderLines, recordOrderEvent, type OrderLineRow, type OrderRow } from '../orders/order-facts.ts';
import { verificationRequired } from '../orders/verification.ts';
import { linkSlot } from './mail-links.ts';
import { queueMail } from './mail.ts';
import { countRecentMail, lockAndCountRecentTo } from './mail.repository.ts';
import { languageOf } from './order-confirmed.ts';
import type { ReceivedData } from './templates.ts';

const TEMPLATE = 'order_received';
const HOUR_MS = 3_600_000;

export async function receivedData(tx: Conn, order: OrderRow, settings: Settings, known?: readonly Pick<OrderLineRow, 'name' | 'quantity'>[]): Promise<ReceivedData> {
  const lines = known ?? (await getOrderLines(tx, order.id));
  return {
    orderNumber: order.number ?? order.id,
    customerName: order.customerName ?? '',
    currency: order.currency,
    lines: lines.map((l) => ({ name: l.name, quantity: l.quantity })),
    grandTotalMinor: order.grandTotalMinor,
    expectedCompletionDate: order.expectedCompletionDate,
    business: businessContact(settings),
    orderPagePath: linkSlot('order_status'),
  };
}

/**
 * Reaction to `placed` (inside the placing transaction). `placed.from`: an order placed new was
 * made in this very transaction, so no acknowledgement can exist for it yet and none is looked
 * for; a submitted draft is checked. `placed.lines`: the lines as written, if the placement has them.
 */
export async function acknowledgePlacedOrder(
  tx: Conn,
  order: OrderRow,
  settings: Settings,
  actor: Actor,
  placed: { from: 'new' | 'draft'; lines?: readonly Pick<OrderLineRow, 'name' | 'quantity'>[] } = { from: 'draft' },
  now = new Date(),
): Promise<void> {
  if (!order.customerEmail || !settings.notifications.acknowledgeChannels.includes(order.channel)) return;
  if (verificationRequired(settings.verification, order)) return;
  if (placed.from !== 'new' && (await countRecentMail(tx, order.id, TEMPLATE, new Date(0))) > 0) return;
  if (order.channel === 'web') {
    const perHour = settings.storefront.verificationMailsPerRecipientPerHour;
    const recent = await lockAndCountRecentTo(tx, order.customerEmail.trim().toLowerCase(), TEMPLATE, new Date(now.getTime() - HOUR_MS));
    if (recent >= perHour) {
      await recordOrderEvent(tx, order.id, 'mail_not_sent', actor, {
        template: TEMPLATE,
        reason: `${recent} acknowledgements already went to this address in the last hour (limit ${perHour})`,
      });
      return;
    }
  }
  await queueMail(
    tx,
    { orderId: order.id, template: TEMPLATE, language: await languageOf(tx, order, settings), to: order.customerEmail, toName: order.customerName, data: await receivedData(tx, order, settings, placed.lines) },
    actor,
  );
}
