/**
 * Accounts receivable's invoice-and-collect item is done when the order has a live
 * invoice and nothing left to pay. Asked after an invoice is issued, and when a
 * payment comes in (the `payment_received` reaction), in that transaction.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { closeSettledAccountsWork } from '../fulfilment/close-work-items.ts';
import { liveInvoiceOf } from './invoices.repository.ts';

export async function closeAccountsWorkIfSettled(tx: Conn, orderId: string, dueMinor: number, actor: Actor): Promise<void> {
  if (dueMinor > 0) return;
  if (!(await liveInvoiceOf(tx, orderId))) return;
  await closeSettledAccountsWork(tx, orderId, actor);
}
