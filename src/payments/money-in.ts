/**
 * Which orders have money on the way or in: a payment pending (a transfer
 * announced, a card answer awaited), authorised, or received and not wholly
 * refunded. Such an order is a person's business, never a machine's: the
 * storefront's reservation expiry leaves it alone.
 */
import type { Conn } from '../shared/db.ts';
import type { PaymentStatus } from './payment.ts';
import { orderIdsWithPaymentsIn } from './payments.repository.ts';

export const MONEY_IN: readonly PaymentStatus[] = ['pending', 'authorised', 'captured', 'partially_refunded'];

export async function ordersWithMoneyIn(conn: Conn, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  return new Set(await orderIdsWithPaymentsIn(conn, orderIds, MONEY_IN));
}
