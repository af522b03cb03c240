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
import type { OrderRow } from '../orders/order-facts.ts';
import { findPartiesByIds, type Party } from '../parties/parties.use-cases.ts';
import type { WorkItemView } from '../fulfilment/work-item-view.ts';
import type { PartyWebhookEvent, WebhookEvent } from './webhook-vocabulary.ts';
import { endpointsFor, findDelivery, findEndpoint, insertDelivery, insertDeliveryIfActive, type DeliveryRow } from './webhooks.repository.ts';

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
    for (const endpoint of endpoints) {
      const delivery = await insertDeliveryIfActive(tx, { endpointId: endpoint.id, event, orderId: e.order.id, body, requestedBy: e.actor });
      if (delivery) await enqueue(tx, { topic: WEBHOOK_TOPIC, key: `webhook:${delivery.id}`, payload: { deliveryId: delivery.id } });
    }
  };
}

/** The JSON a party's webhook receives about one of its work items: what to do, for which order, by when — no prices. */
export function workItemBody(event: PartyWebhookEvent, item: WorkItemView, order: OrderRow, id: string, at: Date, reason?: string): string {
  return JSON.stringify({
    id,
    type: event,
    createdAt: at.toISOString(),
    data: {
      workItem: {
        id: item.id,
        kind: item.kind,
        state: item.state,
        dueDate: item.dueDate,
        blockedReason: item.blockedReason,
        lines: item.lines.map((l) => ({ position: l.position, sku: l.sku, name: l.name, quantity: l.quantity, answers: l.answers })),
      },
      party: item.party ? { id: item.party.id, name: item.party.name } : null,
      order: { id: order.id, number: order.number, customerName: order.customerName, expectedCompletionDate: order.expectedCompletionDate },
      ...(reason !== undefined ? { reason } : {}),
    },
  });
}

/** A party with an address and a secret, and switched on: its hand-offs are posted to it. */
const postsTo = (p: Party | undefined): p is Party & { webhookUrl: string; webhookSecret: string } => !!p && p.active && !!p.webhookUrl && !!p.webhookSecret;

/** Queues a work item's hand-off or cancellation for its party's webhook, if the party has one (in the caller's transaction). */
export async function queuePartyWebhook(tx: Conn, event: PartyWebhookEvent, item: WorkItemView, order: OrderRow, actor: Actor, reason?: string): Promise<DeliveryRow | undefined> {
  if (!item.party) return undefined;
  const [party] = await findPartiesByIds(tx, [item.party.id]);
  if (!postsTo(party)) return undefined;
  return queue(tx, { partyId: party.id, event, orderId: order.id, body: workItemBody(event, item, order, randomUUID(), new Date(), reason), requestedBy: actor });
}

/** Where a delivery goes now: its endpoint's or its party's URL and secret; a reason when it cannot go. */
export async function targetOf(conn: Conn, d: Pick<DeliveryRow, 'endpointId' | 'partyId'>): Promise<{ url: string; secret: string } | { refused: string }> {
  if (d.endpointId) {
    const endpoint = await findEndpoint(conn, d.endpointId);
    return endpoint?.active ? endpoint : { refused: 'The endpoint is disabled' };
  }
  const [party] = d.partyId ? await findPartiesByIds(conn, [d.partyId]) : [];
  if (!party?.active) return { refused: 'The party is switched off' };
  return postsTo(party) ? { url: party.webhookUrl, secret: party.webhookSecret } : { refused: 'The party has no webhook address' };
}

/** Sends a logged delivery again, as a new delivery with the same body (signed afresh when sent). */
export async function replayDelivery(db: Db, id: string, actor: Actor): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const original = await findDelivery(tx, id);
    if (!original) throw notFound('Webhook delivery');
    const target = await targetOf(tx, original);
    if ('refused' in target) throw new AppError('conflict', `${target.refused}: fix that before replaying its deliveries`);
    return queue(tx, { endpointId: original.endpointId, partyId: original.partyId, event: original.event, orderId: original.orderId, body: original.body, replayOf: original.id, requestedBy: actor });
  });
}
