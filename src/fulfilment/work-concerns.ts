/**
 * What fulfilment says is wrong with orders due soon: a work item blocked (with its
 * reason) or past its due date. Contributed to the order reactions as a concern
 * (app/order-reactions.ts), so the at-risk list shows it without orders knowing
 * about work items.
 */
import type { Conn } from '../shared/db.ts';
import { OPEN_WORK_ITEM_STATES, WORK_ITEM_KIND_LABELS } from './work-vocabulary.ts';
import { listWorkItems } from './work-items.repository.ts';

export async function workItemConcerns(conn: Conn, orderIds: readonly string[], today: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const open = await listWorkItems(conn, { orderIds, states: OPEN_WORK_ITEM_STATES, limit: 5000 });
  // Blocked first (it needs someone to act), then overdue.
  for (const { item, party } of open) {
    if (item.state !== 'blocked' || out.has(item.orderId)) continue;
    out.set(item.orderId, `${WORK_ITEM_KIND_LABELS[item.kind]}${party ? ` (${party.name})` : ''} is blocked: ${item.blockedReason ?? 'no reason given'}`);
  }
  for (const { item, party } of open) {
    if (out.has(item.orderId) || !item.dueDate || item.dueDate >= today) continue;
    out.set(item.orderId, `${WORK_ITEM_KIND_LABELS[item.kind]}${party ? ` (${party.name})` : ''} was due ${item.dueDate} and is not done`);
  }
  return out;
}
