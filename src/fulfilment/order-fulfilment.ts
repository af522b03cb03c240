/**
 * An order's fulfilment as it stands: each line's progress, its shipments (with
 * their tracking links) and the derived fulfilment state. Read inside the
 * caller's transaction or on the pool.
 */
import type { Conn } from '../shared/db.ts';
import { getOrderLines, type OrderLineRow, type OrderRow } from '../orders/order-facts.ts';
import type { ShipmentFacts } from '../orders/order-events.ts';
import type { FulfilmentState } from './fulfilment-vocabulary.ts';
import { fulfilmentState, progress, type LineProgress } from './shipment.ts';
import { linesOfShipments, shipmentsOfOrder, type ShipmentRow } from './shipments.repository.ts';

export type ShipmentView = Omit<ShipmentFacts, 'isLast'> & { note: string; createdAt: Date };

export type OrderFulfilment = { orderId: string; state: FulfilmentState; lines: LineProgress[]; shipments: ShipmentView[] };

export type FulfilmentFacts = OrderFulfilment & { orderLines: OrderLineRow[]; rows: ShipmentRow[] };

export async function orderFulfilment(conn: Conn, order: OrderRow): Promise<FulfilmentFacts> {
  const orderLines = await getOrderLines(conn, order.id);
  const rows = await shipmentsOfOrder(conn, order.id);
  const shipmentLines = await linesOfShipments(conn, rows.map((r) => r.id));
  const shipped = new Map<string, number>();
  for (const l of shipmentLines) shipped.set(l.orderLineId, (shipped.get(l.orderLineId) ?? 0) + l.quantity);
  const lines = progress(orderLines, shipped);
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const shipments = rows.map((s) => ({
    ...factsOf(s, shipmentLines.filter((l) => l.shipmentId === s.id).map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })), byId),
    note: s.note,
    createdAt: s.createdAt,
  }));
  return { orderId: order.id, state: fulfilmentState(lines, rows, order.status), lines, shipments, orderLines, rows };
}

/** A shipment as the order events carry it (without isLast). */
export function factsOf(s: ShipmentRow, lines: readonly { orderLineId: string; quantity: number }[], byId: ReadonlyMap<string, Pick<OrderLineRow, 'sku' | 'name'>>): Omit<ShipmentFacts, 'isLast'> {
  return {
    id: s.id,
    number: s.number,
    method: s.method,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    shippedOn: s.shippedOn,
    expectedDeliveryOn: s.expectedDeliveryOn,
    deliveredOn: s.deliveredOn,
    slot: s.slot,
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, sku: byId.get(l.orderLineId)?.sku ?? '', name: byId.get(l.orderLineId)?.name ?? '', quantity: l.quantity })),
  };
}

/** Strip the internal rows for the API. */
export const publicFulfilment = ({ orderId, state, lines, shipments }: FulfilmentFacts): OrderFulfilment => ({ orderId, state, lines, shipments });
