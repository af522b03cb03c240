/** Invoices past their due date and not paid in full. */
import type { Conn } from '../shared/db.ts';
import { summarisePayments } from './payment.ts';
import { invoicesDueBefore, ordersAwaitingMoney, paymentsOfOrders } from './payments.repository.ts';

export async function overdueInvoices(conn: Conn, today = new Date().toISOString().slice(0, 10), limit = 500) {
  const due = await invoicesDueBefore(conn, today, limit);
  const payments = await paymentsOfOrders(
    conn,
    due.map((d) => d.orderId),
  );
  return due
    .map((d) => {
      const s = summarisePayments(
        d.grandTotalMinor,
        payments.filter((p) => p.orderId === d.orderId),
      );
      const daysOverdue = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${d.dueDate ?? today}T00:00:00Z`)) / 86_400_000);
      return { ...d, paymentState: s.state, paidMinor: s.paidMinor, dueMinor: s.dueMinor, daysOverdue };
    })
    .filter((d) => d.dueMinor > 0);
}

/** Orders that still have money due (placed and not cancelled), oldest first, with their payment state. */
export async function unpaidOrders(conn: Conn, limit = 200) {
  const candidates = await ordersAwaitingMoney(conn, limit);
  const payments = await paymentsOfOrders(
    conn,
    candidates.map((o) => o.orderId),
  );
  return candidates
    .map((o) => {
      const s = summarisePayments(
        o.grandTotalMinor,
        payments.filter((p) => p.orderId === o.orderId),
      );
      return { ...o, paymentState: s.state, paidMinor: s.paidMinor, dueMinor: s.dueMinor };
    })
    .filter((o) => o.dueMinor > 0);
}
