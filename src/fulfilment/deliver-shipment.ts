/**
 * A shipment arrived (or was picked up): its delivery date is recorded; for an
 * order paid cash on delivery, what the driver collected is recorded as a
 * payment through payments' own use case; and the delivery that leaves no
 * shipment undelivered (with nothing left to ship) moves the order to delivered.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { transitionOrderIn } from '../orders/transition-order.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { paymentSummary, termsOf } from '../payments/payment-terms.ts';
import { insertManualPayment } from '../payments/record-payment.ts';
import { factsOf, orderFulfilment } from './order-fulfilment.ts';
import { linesOfShipments, markDelivered } from './shipments.repository.ts';
import { notAllowed, today } from './ship-order.ts';

export type DeliveryInput = {
  deliveredOn?: string | undefined;
  /** Cash on delivery: what was collected (default: on the last delivery, what is still due; otherwise nothing). */
  collectedMinor?: number | undefined;
};

export async function deliverShipment(db: Db, reactions: OrderReactions, orderRef: string, shipmentId: string, input: DeliveryInput, actor: Actor): Promise<OrderRow> {
  return db.transaction(async (tx) => deliverShipmentIn(tx, reactions, orderRef, shipmentId, input, actor));
}

export async function deliverShipmentIn(tx: Conn, reactions: OrderReactions, orderRef: string, shipmentId: string, input: DeliveryInput, actor: Actor): Promise<OrderRow> {
  let order = await getOrder(tx, orderRef, true);
  const before = await orderFulfilment(tx, order);
  const row = before.rows.find((s) => s.id === shipmentId);
  if (!row) throw new AppError('not_found', 'This order has no such shipment');
  if (row.deliveredOn) throw new AppError('conflict', `Shipment ${row.number} was already delivered on ${row.deliveredOn}`);
  const deliveredOn = input.deliveredOn ?? today();
  if (deliveredOn < row.shippedOn) {
    throw new AppError('validation_failed', 'Delivered before it was shipped', [{ pointer: '/deliveredOn', code: 'before_shipped', message: `The delivery date must be on or after ${row.shippedOn}` }]);
  }
  const terms = await termsOf(tx, order);
  if (input.collectedMinor !== undefined && terms.method !== 'cash_on_delivery') {
    throw new AppError('validation_failed', 'Only a cash-on-delivery order collects money at delivery', [{ pointer: '/collectedMinor', code: 'not_cash_on_delivery', message: `This order is paid by ${terms.method.replaceAll('_', ' ')}` }]);
  }
  const delivered = await markDelivered(tx, row.id, deliveredOn, actor);
  if (!delivered) throw new AppError('conflict', 'Someone marked this shipment at the same moment; reload it');
  const nothingLeft = before.lines.every((l) => l.remaining === 0);
  const isLast = nothingLeft && before.rows.every((s) => s.id === row.id || s.deliveredOn !== null);
  if (terms.method === 'cash_on_delivery') {
    const due = (await paymentSummary(tx, order)).dueMinor;
    const collected = input.collectedMinor ?? (isLast ? due : 0);
    if (collected > 0) await insertManualPayment(tx, reactions, order, { method: 'cash_on_delivery', amountMinor: collected, status: 'captured', note: `collected on delivery (shipment ${row.number})` }, actor);
  }
  const byId = new Map(before.orderLines.map((l) => [l.id, l]));
  const lines = (await linesOfShipments(tx, [row.id])).map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity }));
  const facts = { ...factsOf(delivered, lines, byId), isLast };
  await recordOrderEvent(tx, order.id, 'shipment_delivered', actor, { shipmentId: row.id, number: row.number, deliveredOn, isLast });
  await reactions.emit({ type: 'shipment_delivered', order, actor, shipment: facts }, tx);
  if (isLast && order.status === 'shipped') {
    await transitionOrderIn(tx, reactions, order.id, { command: 'deliver', data: { shipmentId: row.id } }, actor);
    order = await getOrder(tx, order.id);
  }
  return order;
}

/**
 * The bare `deliver` command: every shipment not yet delivered is delivered today
 * (an order shipped before shipments were recorded simply moves to delivered).
 */
export async function deliverEverything(db: Db, reactions: OrderReactions, orderRef: string, actor: Actor, note?: string): Promise<OrderRow> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    if (order.status !== 'shipped') throw notAllowed(order.status, 'deliver');
    const open = (await orderFulfilment(tx, order)).rows.filter((s) => s.deliveredOn === null);
    if (!open.length) {
      await transitionOrderIn(tx, reactions, order.id, { command: 'deliver', note }, actor);
    }
    for (const s of open) await deliverShipmentIn(tx, reactions, order.id, s.id, {}, actor);
    return getOrder(tx, order.id);
  });
}
