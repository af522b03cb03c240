/**
 * A storefront order whose e-mail matched an existing customer carries that
 * customer as a suggestion. Staff confirm it (the order is filed under the
 * customer; their stored record is not changed) or dismiss it (the order stays
 * with the details the shopper typed). One transaction each, on the timeline.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { getCustomer } from '../customers/customers.use-cases.ts';
import { appendEvent, findLines, findOrder, updateOrderIf } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';

export type MatchDecision = 'confirm' | 'dismiss';

export async function decideCustomerMatch(db: Db, reactions: OrderReactions, orderId: string, decision: MatchDecision, actor: Actor, expected?: { customerId?: string | undefined; version?: number | undefined }): Promise<OrderView> {
  return db.transaction(async (tx) => {
    const order = await findOrder(tx, orderId, true);
    if (!order) throw notFound('The order');
    if (expected?.version !== undefined && expected.version !== order.version) {
      throw new AppError('version_mismatch', `The order changed since version ${expected.version}; reload it and try again`, [], { currentVersion: order.version });
    }
    const suggested = order.suggestedCustomerId;
    if (!suggested) throw new AppError('conflict', 'This order has no suggested customer (it was confirmed, dismissed, or never had one)');
    if (expected?.customerId && expected.customerId !== suggested) {
      throw new AppError('conflict', 'The suggested customer is not the one you named; reload the order', [{ pointer: '/customerId', code: 'not_suggested', message: 'Not the suggested customer' }]);
    }
    const customer = await getCustomer(tx, suggested);
    const moved = await updateOrderIf(
      tx,
      order.id,
      { status: order.status, version: order.version },
      decision === 'confirm'
        ? { customerId: customer.id, suggestedCustomerId: null, customer: { ...(order.customer ?? {}), id: customer.id } }
        : { suggestedCustomerId: null },
    );
    if (!moved) throw new AppError('conflict', 'Someone else changed this order at the same moment; reload it and try again');
    const type = decision === 'confirm' ? 'customer_linked' : 'customer_match_dismissed';
    const data = { customerId: customer.id, customerName: customer.name };
    await appendEvent(tx, { orderId: order.id, type, actor, data });
    await reactions.emit({ type: 'changed', order: moved, actor, changes: { [type]: data } }, tx);
    return presentOrder(tx, reactions, moved, await findLines(tx, order.id));
  });
}
