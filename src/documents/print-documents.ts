/**
 * Printing: an order's document (pick list, delivery note, purchase order) or an
 * invoice / credit note, as a model ready for the PDF or HTML renderer. Read-only.
 */
import type { Conn } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { getOrder, getOrderLines } from '../orders/order-facts.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { DocumentFormat, OrderDocumentKind } from './document-vocabulary.ts';
import type { DocumentModel } from './document-model.ts';
import { deliveryNoteModel, pickListModel, purchaseOrderModel, type DocumentLine } from './order-documents.ts';
import { invoiceModel } from './invoice-document.ts';
import { invoiceable, type InvoiceDocument } from './invoice.ts';
import { findInvoice } from './invoices.repository.ts';
import { renderPdf } from './render-pdf.ts';
import { renderHtml } from './render-html.ts';


export async function orderDocumentModel(conn: Conn, orderRef: string, kind: OrderDocumentKind): Promise<DocumentModel> {
  const order = await getOrder(conn, orderRef);
  // Confirmed or later (a held order by the state it was held from): a pick list for an unconfirmed order would send the wrong thing.
  if (!invoiceable(order.status, order.heldFrom)) throw new AppError('invalid_transition', `Order ${order.number ?? order.id} is ${order.status}: its documents are printed once it is confirmed`, [], { status: order.status });
  const [lines, settings] = await Promise.all([getOrderLines(conn, order.id), getSettings(conn)]);
  const lang = settings.defaultLanguage;
  const all: DocumentLine[] = lines.map((line) => ({ line, quantity: line.quantity }));
  switch (kind) {
    case 'pick-list':
      return pickListModel(order, all.filter((l) => l.line.fulfilmentMode === 'stock'), settings, lang);
    case 'delivery-note':
      return deliveryNoteModel(order, all, settings, lang);
    case 'purchase-order': {
      const made = all.filter((l) => l.line.fulfilmentMode !== 'stock');
      if (!made.length) throw new AppError('conflict', `Order ${order.number ?? order.id} has no made-to-order or third-party lines: there is nothing to order from a supplier`);
      return purchaseOrderModel(order, made, settings, lang);
    }
  }
}

export async function invoiceDocumentModel(conn: Conn, invoiceId: string): Promise<DocumentModel> {
  const invoice = await findInvoice(conn, invoiceId);
  if (!invoice) throw notFound('Invoice');
  return invoiceModel(invoice.document as InvoiceDocument);
}

export type RenderedDocument = { contentType: string; fileName: string; body: Buffer | string };

export async function render(model: DocumentModel, format: DocumentFormat): Promise<RenderedDocument> {
  return format === 'pdf'
    ? { contentType: 'application/pdf', fileName: `${model.fileName}.pdf`, body: await renderPdf(model) }
    : { contentType: 'text/html; charset=utf-8', fileName: `${model.fileName}.html`, body: renderHtml(model) };
}
