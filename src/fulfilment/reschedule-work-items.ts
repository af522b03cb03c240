/**
 * The reaction to a delay: every open work item of the order gets the due date
 * the same rule gives for the new expected date (work-item.ts, `dueDateFor`),
 * in the transaction that recorded the delay, and the timeline says which moved.
 * Done and cancelled items keep theirs.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { Settings } from '../settings/settings.ts';
import { isoDay } from '../settings/working-calendar.ts';
import { recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { dueDateFor } from './work-item.ts';
import { openItemsOf, setDueDate } from './work-items.repository.ts';

export async function rescheduleWorkItems(tx: Conn, order: OrderRow, newDate: string, settings: Settings, actor: Actor, now = new Date()): Promise<number> {
  const today = isoDay(now);
  const moved: { id: string; kind: string; from: string | null; to: string | null }[] = [];
  for (const item of await openItemsOf(tx, order.id)) {
    const due = dueDateFor(item.kind, newDate, settings.calendar, today);
    if (due === item.dueDate) continue;
    await setDueDate(tx, item.id, due);
    moved.push({ id: item.id, kind: item.kind, from: item.dueDate, to: due });
  }
  if (moved.length) await recordOrderEvent(tx, order.id, 'work_items_rescheduled', actor, { newDate, items: moved });
  return moved.length;
}
