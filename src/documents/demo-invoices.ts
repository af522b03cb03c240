/** The demo shop's invoice: issued for one of its orders, and taken away with it (the numbering rewound). */
import type { Conn } from '../shared/db.ts';
import { deleteInvoicesOfOrders } from './invoices.repository.ts';

export { issueInvoice as issueDemoInvoice } from './issue-invoice.ts';

export const removeDemoInvoices = (tx: Conn, orderIds: readonly string[]): Promise<void> => deleteInvoicesOfOrders(tx, orderIds);
