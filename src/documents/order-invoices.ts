/** An order's invoices and credit notes, oldest first. Read-only. */
import type { Conn } from '../shared/db.ts';
import { getOrder } from '../orders/order-facts.ts';
import { invoicesOfOrder, type InvoiceRow } from './invoices.repository.ts';

export async function orderInvoices(conn: Conn, orderRef: string): Promise<InvoiceRow[]> {
  const order = await getOrder(conn, orderRef);
  return invoicesOfOrder(conn, order.id);
}
