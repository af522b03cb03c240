/**
 * The reaction to an order event: one delivery (and one outbox row) per active endpoint
 * subscribed to it, written in the event's transaction; webhook.worker.ts sends them
 * after commit. Replaying a delivery queues a new one with the same body.
 */
import { randomUUID } from 'node:crypto';
import type { Conn, Db } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { enqueue } from '../shared/outbox.ts';
import type { OrderEventOf } from '../orders/order-events.ts';
import type { WebhookEvent } from './webhook-vocabulary.ts';
import { endpointsFor, findDelivery, findEndpoint, insertDelivery, type DeliveryRow } from './webhooks.repository.ts';

export const WEBHOOK_TOPIC = 'webhook.send';

type Announced = OrderEventOf<'placed' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled' | 'delayed' | 'shipment_shipped' | 'shipment_delivered'>;

/** The JSON an endpoint receives. `id` is the event's: the same in every delivery and replay of it, so a receiver can drop a repeat. */
export function eventBody(event: WebhookEvent, e: Announced, id: string, at: Date): string {
  const o = e.order;
  return JSON.stringify({
    id,
    type: event,
    createdAt: at.toISOString(),
    data: {
      order: {
        id: o.id,
        number: o.number,
        status: o.status,
        channel: o.channel,
        currency: o.currency,
        grandTotalMinor: o.grandTotalMinor,
        customerName: o.customerName,
        customerEmail: o.customerEmail,
        expectedCompletionDate: o.expectedCompletionDate,
        placedAt: o.placedAt ? o.placedAt.toISOString() : null,
      },
      ...(e.type === 'cancelled' ? { reason: e.reason } : {}),
      ...(e.type === 'delayed' ? { delay: { previousDate: e.previousDate, newDate: e.newDate, reason: e.reason } } : {}),
      ...(e.type === 'shipment_shipped' || e.type === 'shipment_delivered' ? { shipment: e.shipment } : {}),
    },
  });
}

async function queue(tx: Conn, row: Parameters<typeof insertDelivery>[1]): Promise<DeliveryRow> {
  const delivery = await insertDelivery(tx, row);
  await enqueue(tx, { topic: WEBHOOK_TOPIC, key: `webhook:${delivery.id}`, payload: { deliveryId: delivery.id } });
  return delivery;
}

/** Makes the reaction for one order event type. */
export function queueOrderWebhooks(event: WebhookEvent) {
  return async (e: Announced, tx: Conn): Promise<void> => {
    const endpoints = await endpointsFor(tx, event);
    if (!endpoints.length) return;
    const body = eventBody(event, e, randomUUID(), new Date());
    for (const endpoint of endpoints) await queue(tx, { endpointId: endpoint.id, event, orderId: e.order.id, body, requestedBy: e.actor });
  };
}

/** Sends a logged delivery again, as a new delivery with the same body (signed afresh when sent). */
export async function replayDelivery(db: Db, id: string, actor: Actor): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const original = await findDelivery(tx, id);
    if (!original) throw notFound('Webhook delivery');
    const endpoint = await findEndpoint(tx, original.endpointId);
    if (!endpoint?.active) throw new AppError('conflict', 'The endpoint is disabled: enable it before replaying its deliveries');
    return queue(tx, { endpointId: original.endpointId, event: original.event, orderId: original.orderId, body: original.body, replayOf: original.id, requestedBy: actor });
  });
}
