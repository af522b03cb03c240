/** HTTP for documents: an order's printable documents, and its invoices and credit notes. */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { DOCUMENT_FORMATS, ORDER_DOCUMENT_KINDS } from './document-vocabulary.ts';
import { invoiceSchema, toInvoiceView } from './invoices.schemas.ts';
import { issueInvoice } from './issue-invoice.ts';
import { cancelInvoice } from './cancel-invoice.ts';
import { orderInvoices } from './order-invoices.ts';
import { invoiceDocumentModel, orderDocumentModel, render, type RenderedDocument } from './print-documents.ts';

const orderRef = z.strictObject({ id: z.string().min(1).max(64).describe('Order id or number') });
const format = z.enum(DOCUMENT_FORMATS).describe('pdf, or html (a printable page)');

function send(reply: FastifyReply, doc: RenderedDocument) {
  return reply
    .header('content-type', doc.contentType)
    .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .send(doc.body);
}

export function documentRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/orders/:id/documents/:kind.:format',
    {
      config: { permission: 'documents.read' },
      schema: {
        tags: ['documents'],
        summary: "An order's pick list, delivery note or purchase / production order, as PDF or printable HTML",
        description:
          'pick-list: the stock lines with quantities and form answers, the delivery address and the due date. delivery-note: every line, no prices. ' +
          'purchase-order: the made-to-order and third-party lines with every form answer (no sale prices). In the business\'s language (settings). ' +
          'Answers application/pdf or text/html. 409 while the order is not confirmed yet (or has no line to order, for a purchase order).',
        params: z.strictObject({ id: orderRef.shape.id, kind: z.enum(ORDER_DOCUMENT_KINDS), format }),
        querystring: z.strictObject({
          shipment: z.uuid().optional().describe('delivery-note: the note for this shipment of the order (its lines and quantities, carrier and tracking number)'),
          party: z.uuid().optional().describe('purchase-order: only the lines this supplier or manufacturer makes or supplies, addressed to them'),
        }),
        response: problems(404, 409, 422),
      },
    },
    async (req, reply) => send(reply, await render(await orderDocumentModel(db, req.params.id, req.params.kind, req.query), req.params.format)),
  );

  app.get(
    '/api/v1/orders/:id/invoices',
    {
      config: { permission: 'invoices.read' },
      schema: { tags: ['invoices'], summary: "The order's invoices and credit notes, oldest first", params: orderRef, response: { 200: z.object({ items: z.array(invoiceSchema) }), ...problems(404) } },
    },
    async (req) => ({ items: (await orderInvoices(db, req.params.id)).map(toInvoiceView) }),
  );

  app.post(
    '/api/v1/orders/:id/invoices',
    {
      config: { permission: 'invoices.issue', onTimeline: true },
      schema: {
        tags: ['invoices'],
        summary: 'Issue the invoice for a confirmed order',
        description:
          'Numbers are sequential and gap-free per year (2026-000001): taken in the issuing transaction, never reused. The invoice freezes what it bills ' +
          '(lines, taxes, totals, the customer, the seller and its bank details). 409 when the order is not confirmed yet or already has a live invoice (cancel it first).',
        params: orderRef,
        body: z.strictObject({}).optional(),
        response: { 201: invoiceSchema, ...problems(404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(toInvoiceView(await issueInvoice(db, req.params.id, actorOf(req)))),
  );

  app.post(
    '/api/v1/invoices/:id/cancel',
    {
      config: { permission: 'invoices.issue', onTimeline: true },
      schema: {
        tags: ['invoices'],
        summary: 'Cancel an invoice by issuing a credit note against it',
        description: 'The invoice stays, marked cancelled; the credit note has its own gap-free sequence (CN-2026-000001). Answers the credit note.',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({ reason: z.string().trim().min(1, 'Say why the invoice is cancelled').max(1000) }),
        response: { 201: invoiceSchema, ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(toInvoiceView(await cancelInvoice(db, req.params.id, req.body.reason, actorOf(req)))),
  );

  app.get(
    '/api/v1/invoices/:id.:format',
    {
      config: { permission: 'invoices.read' },
      schema: {
        tags: ['invoices'],
        summary: 'An invoice or credit note as PDF or printable HTML, from its frozen record',
        params: z.strictObject({ id: z.uuid(), format }),
        response: problems(404, 422),
      },
    },
    async (req, reply) => send(reply, await render(await invoiceDocumentModel(db, req.params.id), req.params.format)),
  );
}
