/** Invoices past their due date and not paid in full. */
import type { Conn } from '../shared/db.ts';
import { summarisePayments } from './payment.ts';
import { invoicesDueBefore, paymentsOfOrders } from './payments.repository.ts';

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
