/**
 * Reaction to `delayed`: the customer is told at once — the new date and the
 * reason staff wrote for them — queued in the same transaction as the change,
 * in their language, with a link to their order page made when it is delivered.
 */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import type { OrderEventOf } from '../orders/order-events.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { linkSlot } from './mail-links.ts';
import { queueMail } from './mail.ts';
import { languageOf } from './order-confirmed.ts';

export async function queueDelayNotice(e: OrderEventOf<'delayed'>, tx: Conn): Promise<void> {
  const { order, actor } = e;
  if (!order.customerEmail) {
    await recordOrderEvent(tx, order.id, 'mail_not_sent', actor, { template: 'order_delayed', reason: 'The order has no customer e-mail address: tell the customer by phone' });
    return;
  }
  const settings = await getSettings(tx);
  await queueMail(
    tx,
    {
      orderId: order.id,
      template: 'order_delayed',
      language: await languageOf(tx, order, settings),
      to: order.customerEmail,
      toName: order.customerName,
      data: {
        orderNumber: order.number ?? order.id,
        customerName: order.customerName ?? '',
        previousDate: e.previousDate,
        newDate: e.newDate,
        reason: e.reason,
        business: businessContact(settings),
        orderPagePath: linkSlot('order_status'),
      },
    },
    actor,
  );
}
