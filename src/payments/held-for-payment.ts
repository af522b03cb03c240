/**
 * Confirmed orders that cannot go to fulfilment yet because their money has not
 * come in (the methods the business holds until paid: card and bank transfer by
 * default). What the home page counts as "held for payment".
 */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { holdsForPayment, summarisePayments } from './payment.ts';
import { confirmedOrdersPayingBy, paymentsOfOrders } from './payments.repository.ts';

export async function ordersHeldForPayment(conn: Conn, limit = 500) {
  const settings = await getSettings(conn);
  const candidates = await confirmedOrdersPayingBy(conn, settings.payments.holdUntilPaid, limit);
  const payments = await paymentsOfOrders(
    conn,
    candidates.map((o) => o.orderId),
  );
  return candidates
    .filter((o) => holdsForPayment(o.method, settings.payments.holdUntilPaid, summarisePayments(o.grandTotalMinor, payments.filter((p) => p.orderId === o.orderId))))
    .map(({ grandTotalMinor: _total, ...o }) => o);
}
