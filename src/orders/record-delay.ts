/**
 * Staff record a delay: the order's expected completion date moves to a later
 * date, with a reason written for the customer. One transaction: the date
 * changes (conditional on the order's version), the timeline records it (the
 * customer sees "new expected date" on their order page), and the `delayed`
 * event is announced — notifications e-mails the customer at once; work items
 * follow the new date where a capability reacts to it.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { OrderReactions } from './order-events.ts';
import { getOrder } from './order-facts.ts';
import { appendEvent, findLines, updateOrderIf } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderStatus } from './order-vocabulary.ts';

/** An order can be late only while it is still to be completed. */
export const DELAYABLE: ReadonlySet<OrderStatus> = new Set(['placed', 'verified', 'confirmed', 'in_fulfilment', 'on_hold']);

export type DelayRequest = { newDate: string; reason: string; expectedVersion?: number | undefined };

export async function recordDelay(db: Db, reactions: OrderReactions, orderRef: string, req: DelayRequest, actor: Actor, today = new Date().toISOString().slice(0, 10)): Promise<OrderView> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    if (req.expectedVersion !== undefined && req.expectedVersion !== order.version) {
      throw new AppError('version_mismatch', `The order changed since version ${req.expectedVersion}; reload it and try again`, [], { currentVersion: order.version });
    }
    if (!DELAYABLE.has(order.status)) throw new AppError('invalid_transition', `A ${order.status} order cannot be delayed`, [], { status: order.status });
    if (req.newDate < today) throw new AppError('validation_failed', 'The new date is in the past', [{ pointer: '/newDate', code: 'too_early', message: `Choose today (${today}) or later` }]);
    const previousDate = order.expectedCompletionDate;
    if (previousDate && req.newDate <= previousDate) {
      throw new AppError('validation_failed', 'A delay moves the date later', [{ pointer: '/newDate', code: 'too_early', message: `Choose a date after the current one (${previousDate})` }]);
    }
    const moved = await updateOrderIf(tx, order.id, { status: order.status, version: order.version }, { expectedCompletionDate: req.newDate });
    if (!moved) throw new AppError('conflict', 'Someone else changed this order at the same moment; reload it and try again');
    await appendEvent(tx, { orderId: order.id, type: 'delayed', actor, data: { previousDate, newDate: req.newDate, reason: req.reason } });
    await reactions.emit({ type: 'delayed', order: moved, actor, previousDate, newDate: req.newDate, reason: req.reason }, tx);
    return presentOrder(tx, reactions, moved, await findLines(tx, order.id));
  });
}
