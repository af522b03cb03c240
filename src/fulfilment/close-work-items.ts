/**
 * Work items that close themselves, in the transaction of the change that finished
 * the work (the rule, in one place):
 * - the warehouse's pick and pack, and a supplier's or manufacturer's purchase or
 *   production order, when every one of its lines has shipped in full (shipments);
 * - a purchase or production order when every one of its lines has been received
 *   in full against it (goods in);
 * - accounts receivable's invoice and collect when the order has a live invoice and
 *   nothing left to pay (documents/accounts-work.ts decides, after an invoice is
 *   issued and on the `payment_received` event).
 * Any open state closes (to do, in progress, blocked: the work is evidently done).
 * Each close is a `work_item_done` timeline entry marked `automatic`, with why; a
 * conditional update on the version, so an item someone moves at that moment is
 * left as they made it.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { receivedByLine, RECEIVES_GOODS } from './work-item.ts';
import { findItemLines, listWorkItems, openItemsOf, receivedForItems, shippedForLines, updateWorkItemIf, type WorkItemRow } from './work-items.repository.ts';

export type CloseReason = 'shipped' | 'received' | 'settled';

const BECAUSE: Record<CloseReason, string> = {
  shipped: 'every line has shipped',
  received: 'every line was received',
  settled: 'the invoice is issued and the order is paid in full',
};

async function close(tx: Conn, items: readonly WorkItemRow[], reason: CloseReason, actor: Actor): Promise<string[]> {
  if (!items.length) return [];
  const listed = await listWorkItems(tx, { ids: items.map((i) => i.id), limit: items.length });
  const partyOf = new Map(listed.map((l) => [l.item.id, l.party?.name ?? null]));
  const closed: string[] = [];
  for (const item of items) {
    const moved = await updateWorkItemIf(tx, item.id, item.version, { state: 'done', blockedReason: null });
    if (!moved) continue;
    closed.push(item.id);
    await recordOrderEvent(tx, item.orderId, 'work_item_done', actor, { workItemId: item.id, kind: item.kind, party: partyOf.get(item.id) ?? null, from: item.state, to: 'done', automatic: true, because: BECAUSE[reason] });
  }
  return closed;
}

/** Closes the order's open items whose goods are all shipped or (purchase and production orders) all received. Returns the ids closed. */
export async function closeFinishedWork(tx: Conn, orderId: string, actor: Actor): Promise<string[]> {
  const open = (await openItemsOf(tx, orderId)).filter((i) => i.kind !== 'invoice_collect');
  if (!open.length) return [];
  const lines = await findItemLines(
    tx,
    open.map((i) => i.id),
  );
  const shipped = await shippedForLines(tx, [...new Set(lines.map((l) => l.orderLineId))]);
  const receiving = open.filter((i) => RECEIVES_GOODS.includes(i.kind));
  const received = await receivedForItems(
    tx,
    receiving.map((i) => i.id),
  );
  const byShipping: WorkItemRow[] = [];
  const byReceiving: WorkItemRow[] = [];
  for (const item of open) {
    const mine = lines.filter((l) => l.workItemId === item.id);
    if (!mine.length) continue;
    if (mine.every((l) => (shipped.get(l.orderLineId) ?? 0) >= l.quantity)) {
      byShipping.push(item);
      continue;
    }
    if (!RECEIVES_GOODS.includes(item.kind)) continue;
    const got = receivedByLine(mine, new Map(received.filter((r) => r.workItemId === item.id).map((r) => [r.productId, r.quantity])));
    if (mine.every((l) => (got.get(l.orderLineId) ?? 0) >= l.quantity)) byReceiving.push(item);
  }
  return [...(await close(tx, byShipping, 'shipped', actor)), ...(await close(tx, byReceiving, 'received', actor))];
}

/** Closes the order's open invoice-and-collect item: the caller has checked the invoice is issued and nothing is left to pay. */
export async function closeSettledAccountsWork(tx: Conn, orderId: string, actor: Actor): Promise<string[]> {
  const open = (await openItemsOf(tx, orderId)).filter((i) => i.kind === 'invoice_collect');
  return close(tx, open, 'settled', actor);
}
