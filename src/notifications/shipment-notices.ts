/**
 * Reactions to fulfilment's shipment events: each shipment that leaves (or is
 * ready to collect) tells the customer how it travels — carrier, tracking number
 * and link, the delivery slot or pickup time, expected delivery — and what is in
 * it (a partial shipment says the rest follows); the delivery of the last
 * shipment tells them the order is delivered. Queued in the shipping transaction,
 * in the customer's language, with an order-page link slot.
 */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import type { OrderEventOf } from '../orders/order-events.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { linkSlot } from './mail-links.ts';
import { queueMail } from './mail.ts';
import { languageOf } from './order-confirmed.ts';
import type { ShipmentData } from './templates.ts';

async function queueShipmentMail(e: OrderEventOf<'shipment_shipped' | 'shipment_delivered'>, template: 'shipment_shipped' | 'shipment_delivered', tx: Conn): Promise<void> {
  const { order, actor, shipment } = e;
  if (!order.customerEmail) {
    await recordOrderEvent(tx, order.id, 'mail_not_sent', actor, { template, reason: 'The order has no customer e-mail address' });
    return;
  }
  const settings = await getSettings(tx);
  const data: ShipmentData = {
    orderNumber: order.number ?? order.id,
    customerName: order.customerName ?? '',
    business: businessContact(settings),
    method: shipment.method,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    trackingUrl: shipment.trackingUrl,
    expectedDeliveryOn: shipment.expectedDeliveryOn,
    deliveredOn: shipment.deliveredOn,
    slot: shipment.slot,
    lines: shipment.lines.map((l) => ({ name: l.name, quantity: l.quantity })),
    isLast: shipment.isLast,
    orderPagePath: linkSlot('order_status'),
  };
  await queueMail(tx, { orderId: order.id, template, language: await languageOf(tx, order, settings), to: order.customerEmail, toName: order.customerName, data }, actor);
}

export const queueShipmentNotice = (e: OrderEventOf<'shipment_shipped'>, tx: Conn): Promise<void> => queueShipmentMail(e, 'shipment_shipped', tx);

/** Only the delivery that completes the order is e-mailed (earlier ones are on the order page). */
export async function queueDeliveredNotice(e: OrderEventOf<'shipment_delivered'>, tx: Conn): Promise<void> {
  if (!e.shipment.isLast) return;
  await queueShipmentMail(e, 'shipment_delivered', tx);
}
