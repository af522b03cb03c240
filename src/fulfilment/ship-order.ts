/**
 * Shipping (some of) an order, in one transaction: the order's row lock
 * serialises shipments of one order; the lines and quantities are checked
 * against what is left and what is reserved (every problem at once, each naming
 * its line); a confirmed order is first released to fulfilment through the
 * lifecycle (so its guards, such as the payment hold, apply); stock leaves the
 * building (consumed from the reservation); the shipment is recorded and
 * announced; and the shipment that leaves nothing to ship moves the order to
 * shipped.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { trackingUrl } from '../settings/carriers.ts';
import { consumeStock } from '../inventory/stock.ts';
import { getOrder, recordOrderEvent, takeShippedFromReservations, type OrderRow } from '../orders/order-facts.ts';
import { transitionOrderIn } from '../orders/transition-order.ts';
import { allowedCommands } from '../orders/lifecycle.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import type { ShipmentMethod } from './fulfilment-vocabulary.ts';
import { completesOrder, shipmentProblems, type RequestedLine } from './shipment.ts';
import { factsOf, orderFulfilment, type ShipmentView } from './order-fulfilment.ts';
import { insertShipment } from './shipments.repository.ts';

export type ShipmentInput = {
  /** Omitted: everything that is left (it must all be shippable now). */
  lines?: RequestedLine[] | undefined;
  method: ShipmentMethod;
  carrier?: string | null | undefined;
  trackingNumber?: string | null | undefined;
  slot?: string | null | undefined;
  shippedOn?: string | undefined;
  expectedDeliveryOn?: string | null | undefined;
  note?: string | undefined;
};

export const today = (): string => new Date().toISOString().slice(0, 10);

/** States an order can ship from (confirmed is released to fulfilment first). */
const SHIPS_FROM: readonly OrderRow['status'][] = ['confirmed', 'in_fulfilment'];

export async function shipOrder(db: Db, reactions: OrderReactions, orderRef: string, input: ShipmentInput, actor: Actor): Promise<{ order: OrderRow; shipment: ShipmentView }> {
  return db.transaction(async (tx) => shipOrderIn(tx, reactions, orderRef, input, actor));
}

export async function shipOrderIn(tx: Conn, reactions: OrderReactions, orderRef: string, input: ShipmentInput, actor: Actor): Promise<{ order: OrderRow; shipment: ShipmentView }> {
  let order = await getOrder(tx, orderRef, true);
  if (!SHIPS_FROM.includes(order.status)) {
    throw notAllowed(order.status, 'ship');
  }
  const settings = await getSettings(tx);
  const now = await orderFulfilment(tx, order);
  const requested = input.lines ?? now.lines.filter((l) => l.remaining > 0).map((l) => ({ orderLineId: l.orderLineId, quantity: l.remaining }));
  const problems = [...shipmentProblems(now.lines, requested), ...methodProblems(input, settings.carriers.map((c) => c.name))];
  if (problems.length) {
    // Asking for more than is reserved or left is a conflict with the order's state; a malformed shipment is a 422.
    const state = problems.every((p) => p.code === 'more_than_remaining' || p.code === 'not_reserved');
    throw new AppError(state ? 'conflict' : 'validation_failed', `This shipment cannot go: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
  const shippedOn = input.shippedOn ?? today();
  if (input.expectedDeliveryOn && input.expectedDeliveryOn < shippedOn) {
    throw new AppError('validation_failed', 'The expected delivery date is before the shipping date', [{ pointer: '/expectedDeliveryOn', code: 'before_shipped', message: `Expected delivery must be on or after ${shippedOn}` }]);
  }
  if (order.status === 'confirmed') {
    await transitionOrderIn(tx, reactions, order.id, { command: 'start_fulfilment', note: 'released by its first shipment' }, actor);
    order = await getOrder(tx, order.id);
  }
  const carrier = input.method === 'carrier' ? settings.carriers.find((c) => c.name.toLowerCase() === input.carrier?.trim().toLowerCase()) : undefined;
  const trackingNumber = input.trackingNumber?.trim() || null;
  const shipment = await insertShipment(
    tx,
    {
      orderId: order.id,
      method: input.method,
      carrier: carrier?.name ?? null,
      trackingNumber,
      trackingUrl: trackingUrl(carrier, trackingNumber),
      slot: input.method === 'carrier' ? null : input.slot?.trim() || null,
      shippedOn,
      expectedDeliveryOn: input.expectedDeliveryOn ?? null,
      note: input.note ?? '',
      shippedBy: actor,
    },
    requested,
  );
  const byId = new Map(now.orderLines.map((l) => [l.id, l]));
  const stocked = requested.filter((r) => r.quantity > 0 && byId.get(r.orderLineId)?.fulfilmentMode === 'stock');
  await takeShippedFromReservations(tx, stocked.map((r) => ({ lineId: r.orderLineId, quantity: r.quantity })));
  await consumeStock(tx, stocked.map((r) => ({ productId: byId.get(r.orderLineId)?.productId ?? '', quantity: r.quantity })), order.id, actor);
  const isLast = completesOrder(now.lines, requested);
  const facts = { ...factsOf(shipment, requested.filter((r) => r.quantity > 0), byId), isLast };
  await recordOrderEvent(tx, order.id, 'shipment_shipped', actor, { shipmentId: shipment.id, number: shipment.number, method: shipment.method, carrier: facts.carrier, trackingNumber: facts.trackingNumber, trackingUrl: facts.trackingUrl, slot: facts.slot, lines: facts.lines, isLast });
  await reactions.emit({ type: 'shipment_shipped', order, actor, shipment: facts }, tx);
  if (isLast) {
    await transitionOrderIn(tx, reactions, order.id, { command: 'ship', data: { shipmentId: shipment.id } }, actor);
    order = await getOrder(tx, order.id);
  }
  const { isLast: _l, ...view } = facts;
  return { order, shipment: { ...view, note: shipment.note, createdAt: shipment.createdAt } };
}

function methodProblems(input: ShipmentInput, carriers: readonly string[]) {
  const problems: { pointer: string; code: string; message: string }[] = [];
  if (input.method === 'carrier') {
    if (input.carrier && !carriers.some((c) => c.toLowerCase() === input.carrier?.trim().toLowerCase())) {
      problems.push({ pointer: '/carrier', code: 'unknown_carrier', message: `${input.carrier} is not one of the carriers in the settings (${carriers.join(', ') || 'none yet'})` });
    }
    if (input.slot) problems.push({ pointer: '/slot', code: 'not_for_carrier', message: 'A slot is for local delivery or pickup' });
  } else {
    if (input.carrier) problems.push({ pointer: '/carrier', code: 'not_for_method', message: `A ${input.method.replace('_', ' ')} has no carrier` });
    if (input.trackingNumber) problems.push({ pointer: '/trackingNumber', code: 'not_for_method', message: `A ${input.method.replace('_', ' ')} has no tracking number` });
  }
  return problems;
}

/** The lifecycle's own refusal, with what the order allows now. */
export const notAllowed = (status: OrderRow['status'], command: string): AppError =>
  new AppError('invalid_transition', `An order that is ${status.replace('_', ' ')} cannot be given "${command}"; allowed: ${allowedCommands(status).join(', ')}`, [], { status, allowedCommands: allowedCommands(status) });
