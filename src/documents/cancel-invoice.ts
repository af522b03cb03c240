/**
 * Cancelling an invoice: the invoice stays (marked cancelled) and a credit note with
 * its own gap-free sequence is issued against it, in one transaction. The credit note
 * repeats what the invoice billed, frozen from the invoice itself.
 */
import type { Db } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { formatInvoiceNumber, SERIES, type InvoiceDocument } from './invoice.ts';
import { findInvoice, insertInvoice, markCancelled, type InvoiceRow } from './invoices.repository.ts';
import { takeNumber } from '../shared/number-series.ts';
import { isoDay } from './issue-invoice.ts';

export async function cancelInvoice(db: Db, invoiceId: string, reason: string, actor: Actor, now = new Date()): Promise<InvoiceRow> {
  return db.transaction(async (tx) => {
    const invoice = await findInvoice(tx, invoiceId, true);
    if (!invoice) throw notFound('Invoice');
    if (invoice.kind !== 'invoice') throw new AppError('invalid_transition', `${invoice.number} is a credit note: it cannot be cancelled`);
    if (invoice.status === 'cancelled') throw new AppError('invalid_transition', `Invoice ${invoice.number} is already cancelled`);
    const year = now.getUTCFullYear();
    const seq = await takeNumber(tx, SERIES.credit_note, year);
    const number = formatInvoiceNumber('credit_note', year, seq);
    const billed = invoice.document as InvoiceDocument;
    const document: InvoiceDocument = { ...billed, kind: 'credit_note', number, issueDate: isoDay(now), credits: { number: invoice.number, issueDate: billed.issueDate }, reason };
    await markCancelled(tx, invoice.id, reason, now);
    const note = await insertInvoice(tx, {
      kind: 'credit_note',
      number,
      year,
      seq,
      orderId: invoice.orderId,
      creditsInvoiceId: invoice.id,
      currency: invoice.currency,
      grandTotalMinor: -invoice.grandTotalMinor,
      document,
      issuedBy: actor,
      issuedAt: now,
    });
    await recordOrderEvent(tx, invoice.orderId, 'credit_note_issued', actor, { invoiceId: invoice.id, invoiceNumber: invoice.number, creditNoteId: note.id, number, reason });
    return note;
  });
}
