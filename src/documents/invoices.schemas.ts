/** What the API answers about invoices and credit notes. */
import { z } from 'zod';
import { INVOICE_KINDS, INVOICE_STATUSES } from './document-vocabulary.ts';
import type { InvoiceRow } from './invoices.repository.ts';

export const invoiceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(INVOICE_KINDS),
    number: z.string().describe('Gap-free per series and year: 2026-000001 (invoice), CN-2026-000001 (credit note)'),
    orderId: z.uuid(),
    status: z.enum(INVOICE_STATUSES),
    creditsInvoiceId: z.uuid().nullable().describe('A credit note: the invoice it cancels'),
    currency: z.string(),
    grandTotalMinor: z.number().int().describe('Negative for a credit note'),
    issuedAt: z.iso.datetime(),
    cancelledAt: z.iso.datetime().nullable(),
    cancelReason: z.string().nullable(),
    pdfUrl: z.string(),
    htmlUrl: z.string(),
  })
  .meta({ id: 'Invoice' });

export type InvoiceView = z.infer<typeof invoiceSchema>;

export const toInvoiceView = (r: InvoiceRow): InvoiceView => ({
  id: r.id,
  kind: r.kind,
  number: r.number,
  orderId: r.orderId,
  status: r.status,
  creditsInvoiceId: r.creditsInvoiceId,
  currency: r.currency,
  grandTotalMinor: r.grandTotalMinor,
  issuedAt: r.issuedAt.toISOString(),
  cancelledAt: r.cancelledAt ? r.cancelledAt.toISOString() : null,
  cancelReason: r.cancelReason,
  pdfUrl: `/api/v1/invoices/${r.id}.pdf`,
  htmlUrl: `/api/v1/invoices/${r.id}.html`,
});
