/** The reaction to a cancelled order: its open work items are cancelled (in the cancelling transaction); returns them for the hand-off to tell their parties. */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { cancelOpenItems, listWorkItems } from './work-items.repository.ts';
import { presentWorkItems, type WorkItemView } from './work-item-view.ts';

export async function cancelWorkItems(tx: Conn, order: OrderRow, actor: Actor): Promise<WorkItemView[]> {
  const cancelled = await cancelOpenItems(tx, order.id);
  if (!cancelled.length) return [];
  const ids = cancelled.map((c) => c.id);
  const items = await presentWorkItems(tx, await listWorkItems(tx, { ids, limit: ids.length }), null);
  await recordOrderEvent(tx, order.id, 'work_items_cancelled', actor, { items: items.map((i) => ({ id: i.id, kind: i.kind, party: i.party?.name ?? null })) });
  return items;
}
