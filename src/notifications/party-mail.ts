/**
 * Telling a party about its work item by e-mail, queued in the caller's
 * transaction (the outbox delivers it after commit): the hand-off when the item
 * is made, and the cancellation when its order is cancelled. A party without an
 * e-mail address is told only through its queue; for a supplier or manufacturer
 * the timeline says so.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { businessContact } from '../settings/business-contact.ts';
import { recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import type { WorkItemView } from '../fulfilment/work-item-view.ts';
import { queueMail } from './mail.ts';

async function partyAddress(tx: Conn, item: WorkItemView, order: OrderRow, template: string, actor: Actor): Promise<{ email: string; name: string } | undefined> {
  const party = item.party;
  if (!party) return undefined;
  if (party.email) return { email: party.email, name: party.name };
  if (party.kind === 'supplier' || party.kind === 'manufacturer') {
    await recordOrderEvent(tx, order.id, 'mail_not_sent', actor, { template, reason: `${party.name} has no e-mail address: they see it only in their queue` });
  }
  return undefined;
}

export async function queueWorkItemHandOff(tx: Conn, item: WorkItemView, order: OrderRow, settings: Settings, actor: Actor): Promise<void> {
  const to = await partyAddress(tx, item, order, 'work_item_handoff', actor);
  if (!to) return;
  await queueMail(
    tx,
    {
      orderId: order.id,
      template: 'work_item_handoff',
      language: settings.defaultLanguage,
      to: to.email,
      toName: to.name,
      data: {
        orderNumber: order.number ?? order.id,
        partyName: to.name,
        partyId: item.party?.id ?? null,
        kind: item.kind,
        dueDate: item.dueDate,
        expectedCompletionDate: order.expectedCompletionDate,
        lines: item.lines.map((l) => ({ quantity: l.quantity, sku: l.sku, name: l.name, options: l.answers })),
        business: businessContact(settings),
      },
    },
    actor,
  );
}

export async function queueWorkItemCancelled(tx: Conn, item: WorkItemView, order: OrderRow, reason: string, settings: Settings, actor: Actor): Promise<void> {
  const to = await partyAddress(tx, item, order, 'work_item_cancelled', actor);
  if (!to) return;
  await queueMail(
    tx,
    {
      orderId: order.id,
      template: 'work_item_cancelled',
      language: settings.defaultLanguage,
      to: to.email,
      toName: to.name,
      data: { orderNumber: order.number ?? order.id, partyName: to.name, kind: item.kind, reason, business: businessContact(settings) },
    },
    actor,
  );
}
