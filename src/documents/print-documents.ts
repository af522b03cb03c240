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
import { orderFulfilment } from '../fulfilment/order-fulfilment.ts';
import { getParty } from '../parties/parties.use-cases.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';


/** `shipment`: a delivery note for one shipment; `party`: a purchase order for one supplier or manufacturer. */
export async function orderDocumentModel(conn: Conn, orderRef: string, kind: OrderDocumentKind, only: { shipment?: string | undefined; party?: string | undefined } = {}): Promise<DocumentModel> {
  const order = await getOrder(conn, orderRef);
  // Confirmed or later (a held order by the state it was held from): a pick list for an unconfirmed order would send the wrong thing.
  if (!invoiceable(order.status, order.heldFrom)) throw new AppError('invalid_transition', `Order ${order.number ?? order.id} is ${order.status}: its documents are printed once it is confirmed`, [], { status: order.status });
  const [lines, settings] = await Promise.all([getOrderLines(conn, order.id), getSettings(conn)]);
  const lang = settings.defaultLanguage;
  const all: DocumentLine[] = lines.map((line) => ({ line, quantity: line.quantity }));
  switch (kind) {
    case 'pick-list':
      return pickListModel(order, all.filter((l) => l.line.fulfilmentMode === 'stock'), settings, lang);
    case 'delivery-note': {
      if (!only.shipment) return deliveryNoteModel(order, all, settings, lang);
      const shipment = (await orderFulfilment(conn, order)).shipments.find((s) => s.id === only.shipment);
      if (!shipment) throw notFound(`Shipment ${only.shipment} of order ${order.number ?? order.id}`);
      const byId = new Map(lines.map((l) => [l.id, l]));
      const shipped = shipment.lines.flatMap((sl) => {
        const line = byId.get(sl.orderLineId);
        return line ? [{ line, quantity: sl.quantity }] : [];
      });
      return deliveryNoteModel(order, shipped, settings, lang, { reference: `${order.number ?? order.id}/${shipment.number}`, carrier: shipment.carrier ?? undefined, trackingNumber: shipment.trackingNumber ?? undefined });
    }
    case 'purchase-order': {
      let made = all.filter((l) => l.line.fulfilmentMode !== 'stock');
      const party = only.party ? await getParty(conn, only.party) : undefined;
      if (party) {
        const products = await findProductsByIdsOrSkus(conn, [...new Set(made.map((l) => l.line.productId))], []);
        const theirs = new Set(products.filter((p) => p.partyId === party.id).map((p) => p.id));
        made = made.filter((l) => theirs.has(l.line.productId));
      }
      if (!made.length) throw new AppError('conflict', `Order ${order.number ?? order.id} has no made-to-order or third-party lines${party ? ` from ${party.name}` : ''}: there is nothing to order`);
      return purchaseOrderModel(order, made, settings, lang, party ? { name: party.name, email: party.email, phone: party.phone } : undefined);
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
