/**
 * The confirmation e-mail, queued inside the confirming transaction (its outbox
 * row commits with the confirmation, or not at all), with a slot for the link to
 * the customer's order page, made when it is delivered. Called by the
 * confirmation workflow (src/app/confirmation-workflow.ts) once the payment terms
 * are fixed, so the mail shows the terms as fixed.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { orderLanguage } from '../customers/customer-language.ts';
import { businessContact } from '../settings/business-contact.ts';
import { recordOrderEvent, type OrderLineRow, type OrderRow } from '../orders/order-facts.ts';
import { paymentInstructions } from '../payments/payment-terms.ts';
import { linkSlot } from './mail-links.ts';
import type { Language } from './i18n.ts';
import { queueMail } from './mail.ts';
import type { ConfirmationData } from './templates.ts';

/** The customer's own language, else the business's default. */
export const languageOf = (conn: Conn, order: OrderRow, settings: Settings): Promise<Language> => orderLanguage(conn, order, settings.defaultLanguage);

/** What the confirmation e-mail shows of this order, with a link slot for its order page. */
export async function confirmationData(tx: Conn, order: OrderRow, lines: OrderLineRow[], settings: Settings): Promise<ConfirmationData> {
  const pay = await paymentInstructions(tx, order, settings);
  return {
    orderNumber: order.number ?? order.id,
    customerName: order.customerName ?? '',
    currency: order.currency,
    lines: lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      options: Object.values(l.answers).map((a) => ({ label: a.label, value: a.display })),
      totalMinor: l.totalMinor,
    })),
    totals: { linesTotalMinor: order.linesTotalMinor, taxTotalMinor: order.taxTotalMinor, deliveryFeeMinor: order.deliveryFeeMinor, grandTotalMinor: order.grandTotalMinor },
    expectedCompletionDate: order.expectedCompletionDate,
    payment: { method: pay.method, reference: pay.printedReference, amountDueMinor: pay.amountDueMinor, dueDate: pay.dueDate, bank: pay.bank },
    business: businessContact(settings),
    // The link is made when the message is delivered to the customer; the mail log never holds it.
    orderPagePath: linkSlot('order_status'),
  };
}

export async function queueOrderConfirmation(tx: Conn, order: OrderRow, lines: OrderLineRow[], actor: Actor, settings: Settings): Promise<void> {
  if (!order.customerEmail) {
    await recordOrderEvent(tx, order.id, 'mail_not_sent', actor, { template: 'order_confirmation', reason: 'The order has no customer e-mail address' });
    return;
  }
  const data = await confirmationData(tx, order, lines, settings);
  await queueMail(tx, { orderId: order.id, template: 'order_confirmation', language: await languageOf(tx, order, settings), to: order.customerEmail, toName: order.customerName, data }, actor);
}
