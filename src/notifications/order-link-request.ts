/**
 * A customer asks for a fresh link to their order page (theirs expired, or the
 * e-mail is lost): with the order number and the order's e-mail address, a new
 * link is e-mailed to the order's customer address — never to an address the
 * caller chose. The caller always gets the same answer, matched or not, so the
 * endpoint tells nobody which orders or addresses exist. At most
 * MAX_PER_HOUR such e-mails per order per hour, so it cannot be used to flood a customer.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { getOrder } from '../orders/order-facts.ts';
import { queueMail } from './mail.ts';
import { linkSlot, sameAddress } from './mail-links.ts';
import { countRecentMail } from './mail.repository.ts';
import { languageOf } from './order-confirmed.ts';
import { businessContact } from '../settings/business-contact.ts';

export const MAX_PER_HOUR = 3;

/** Queues the e-mail when the number and address match an order; does nothing (and says nothing) otherwise. */
export async function requestOrderLink(db: Db, a: { orderNumber: string; email: string }, validDays: number): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await getOrder(tx, a.orderNumber.trim(), true).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'not_found') return undefined;
      throw e;
    });
    if (!order?.number || order.number !== a.orderNumber.trim().toUpperCase() || order.status === 'draft') return;
    if (!order.customerEmail || !sameAddress(order.customerEmail, a.email)) return;
    if ((await countRecentMail(tx, order.id, 'order_link', new Date(Date.now() - 3_600_000))) >= MAX_PER_HOUR) return;
    const settings = await getSettings(tx);
    const actor: Actor = { kind: 'customer', id: order.customerId ?? order.id, name: order.customerName ?? 'customer' };
    await queueMail(
      tx,
      {
        orderId: order.id,
        template: 'order_link',
        language: await languageOf(tx, order, settings),
        to: order.customerEmail,
        toName: order.customerName,
        data: { orderNumber: order.number, customerName: order.customerName ?? '', business: businessContact(settings), orderPagePath: linkSlot('order_status'), validDays },
      },
      actor,
    );
  });
}
