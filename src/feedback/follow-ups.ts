/**
 * Follow-ups: what staff must do for a customer. A low rating (at or below
 * `settings.feedback.lowRatingAtMost`) makes one "call the customer back", with the
 * customer's name, phone and e-mail, the rating and comment, assigned to the owner (the
 * longest-standing active one) and due the next working day. Staff mark it done with a note.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { Settings } from '../settings/settings.ts';
import { addWorkingDays, isoDay } from '../settings/working-calendar.ts';
import { recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { findFollowUp, firstOwnerId, insertFollowUp, listFollowUps, markFollowUpDone, type FollowUpListRow, type FollowUpRow } from './feedback.repository.ts';

const phoneOf = (order: OrderRow): string | null => {
  const phone = order.customer?.['phone'];
  return typeof phone === 'string' && phone.trim() ? phone : null;
};

export async function createCallBack(tx: Conn, order: OrderRow, answer: { rating: number; comment: string | null }, settings: Settings, actor: Actor, now = new Date()): Promise<FollowUpRow | undefined> {
  const row = await insertFollowUp(tx, {
    orderId: order.id,
    kind: 'call_back',
    customerName: order.customerName,
    phone: phoneOf(order),
    email: order.customerEmail,
    rating: answer.rating,
    comment: answer.comment,
    assigneeUserId: (await firstOwnerId(tx)) ?? null,
    dueDate: addWorkingDays(settings.calendar, isoDay(now), 1),
  });
  if (row) await recordOrderEvent(tx, order.id, 'follow_up_created', actor, { followUpId: row.id, kind: 'call_back', dueDate: row.dueDate, rating: answer.rating });
  return row;
}

export const followUps = (conn: Conn, f: { open: boolean; limit: number }): Promise<FollowUpListRow[]> => listFollowUps(conn, f);

export async function completeFollowUp(db: Db, id: string, note: string, actor: Actor): Promise<FollowUpRow> {
  return db.transaction(async (tx) => {
    const existing = await findFollowUp(tx, id);
    if (!existing) throw new AppError('not_found', 'There is no such follow-up');
    if (existing.doneAt) throw new AppError('conflict', 'This follow-up is already done');
    const done = await markFollowUpDone(tx, id, note, actor);
    if (!done) throw new AppError('conflict', 'Someone marked this follow-up done at the same moment; reload it');
    await recordOrderEvent(tx, done.orderId, 'follow_up_done', actor, { followUpId: id, note });
    return done;
  });
}
