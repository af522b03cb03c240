/**
 * The hand-off, in the transaction that releases or cancels an order:
 * fulfilment makes (or cancels) the work items, then each party is told.
 * `handOffWorkItem` is the one place a party is told of a new item: the e-mail
 * (its document attached when sent) and, where the party has a webhook address, a
 * signed POST on the webhook delivery log — each queued in the outbox.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { cachedSettings } from '../settings/settings.use-cases.ts';
import type { OrderEventOf } from '../orders/order-events.ts';
import type { OrderRow } from '../orders/order-facts.ts';
import { createWorkItems } from '../fulfilment/create-work-items.ts';
import { cancelWorkItems } from '../fulfilment/cancel-work-items.ts';
import { rescheduleWorkItems } from '../fulfilment/reschedule-work-items.ts';
import { closeFinishedWork } from '../fulfilment/close-work-items.ts';
import type { WorkItemView } from '../fulfilment/work-item-view.ts';
import { queueWorkItemCancelled, queueWorkItemHandOff } from '../notifications/party-mail.ts';
import { queuePartyWebhook } from '../webhooks/queue-webhooks.ts';

/** Tells the item's party about it (through the outbox). */
export async function handOffWorkItem(tx: Conn, item: WorkItemView, order: OrderRow, settings: Settings, actor: Actor): Promise<void> {
  await queueWorkItemHandOff(tx, item, order, settings, actor);
  await queuePartyWebhook(tx, 'work_item.handed_off', item, order, actor);
}

/** released_to_fulfilment → a work item per party that must act, each handed off. */
export async function handOutWork(e: OrderEventOf<'released_to_fulfilment'>, tx: Conn): Promise<void> {
  const settings = await cachedSettings(tx);
  for (const item of await createWorkItems(tx, e.order, settings, e.actor)) await handOffWorkItem(tx, item, e.order, settings, e.actor);
}

/** cancelled → the order's open work items are cancelled and their parties told. */
export async function withdrawWork(e: OrderEventOf<'cancelled'>, tx: Conn): Promise<void> {
  const items = await cancelWorkItems(tx, e.order, e.actor);
  if (!items.length) return;
  const settings = await cachedSettings(tx);
  for (const item of items) {
    await queueWorkItemCancelled(tx, item, e.order, e.reason, settings, e.actor);
    await queuePartyWebhook(tx, 'work_item.cancelled', item, e.order, e.actor, e.reason);
  }
}

/** delayed → every open work item's due date follows the new expected date. */
export async function rescheduleWork(e: OrderEventOf<'delayed'>, tx: Conn): Promise<void> {
  await rescheduleWorkItems(tx, e.order, e.newDate, await cachedSettings(tx), e.actor);
}

/** shipment_shipped → the order's work items whose lines have all shipped close themselves. */
export async function closeShippedWork(e: OrderEventOf<'shipment_shipped'>, tx: Conn): Promise<void> {
  await closeFinishedWork(tx, e.order.id, e.actor);
}
