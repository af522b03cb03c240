/**
 * A message staff write to the customer from the order page: the same path as
 * every other customer e-mail — the staff_message template around it (the
 * customer's language), queued in the outbox, on the order's communication log
 * and timeline.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import { getOrder } from '../orders/order-facts.ts';
import { queueMail } from './mail.ts';
import { languageOf } from './order-confirmed.ts';
import type { MailRow } from './mail.repository.ts';

export async function sendStaffMessage(db: Db, orderRef: string, message: string, actor: Actor): Promise<MailRow> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    if (order.status === 'draft') throw new AppError('invalid_transition', 'A draft has no customer to write to yet: place it first');
    if (!order.customerEmail) throw new AppError('conflict', 'The order has no customer e-mail address: call the customer instead');
    const settings = await getSettings(tx);
    return queueMail(
      tx,
      {
        orderId: order.id,
        template: 'staff_message',
        language: await languageOf(tx, order, settings),
        to: order.customerEmail,
        toName: order.customerName,
        data: { orderNumber: order.number ?? order.id, customerName: order.customerName ?? '', message, sender: actor.name, business: businessContact(settings) },
      },
      actor,
    );
  });
}
