/**
 * The reaction to an order released to fulfilment: one work item per party that
 * must act (see work-item.ts for the plan and the due dates), written in the
 * releasing transaction. Returns the items made, for the hand-off to tell their
 * parties. An order already handed out is not handed out again.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { isoDay } from '../settings/working-calendar.ts';
import { builtInParty } from '../parties/parties.use-cases.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';
import { getOrderLines, recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { dueDateFor, planWorkItems } from './work-item.ts';
import { countWorkItems, insertWorkItem, listWorkItems } from './work-items.repository.ts';
import { presentWorkItems, type WorkItemView } from './work-item-view.ts';

export async function createWorkItems(tx: Conn, order: OrderRow, settings: Settings, actor: Actor, now = new Date()): Promise<WorkItemView[]> {
  if ((await countWorkItems(tx, order.id)) > 0) return [];
  const lines = await getOrderLines(tx, order.id);
  const products = await findProductsByIdsOrSkus(tx, [...new Set(lines.map((l) => l.productId))], []);
  const partyOf = new Map(products.map((p) => [p.id, p.partyId]));
  const [warehouse, accounts] = [await builtInParty(tx, 'warehouse'), await builtInParty(tx, 'accounts')];
  const plan = planWorkItems(
    lines.map((l) => ({ id: l.id, name: l.name, quantity: l.quantity, mode: l.fulfilmentMode, partyId: partyOf.get(l.productId) ?? null })),
    { warehouseId: warehouse.id, accountsId: accounts.id },
  );
  const today = isoDay(now);
  const ids: string[] = [];
  for (const p of plan) {
    const row = await insertWorkItem(
      tx,
      { orderId: order.id, partyId: p.partyId, kind: p.kind, state: p.blockedReason ? 'blocked' : 'todo', blockedReason: p.blockedReason, dueDate: dueDateFor(p.kind, order.expectedCompletionDate, settings.calendar, today) },
      p.lines,
    );
    ids.push(row.id);
  }
  const items = await presentWorkItems(tx, await listWorkItems(tx, { ids, limit: ids.length || 1 }), null, now);
  await recordOrderEvent(tx, order.id, 'work_items_created', actor, {
    items: items.map((i) => ({ id: i.id, kind: i.kind, party: i.party?.name ?? null, dueDate: i.dueDate, ...(i.blockedReason ? { blockedReason: i.blockedReason } : {}) })),
  });
  return items;
}
