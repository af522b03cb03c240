/** The documents' vocabulary: invoice kinds and states, the printable document kinds. A leaf: imports nothing. */
export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** An invoice is issued, then perhaps cancelled (by a credit note, which is itself always issued). */
export const INVOICE_STATUSES = ['issued', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The documents printed from an order (the invoice and credit note are printed from their frozen record). */
export const ORDER_DOCUMENT_KINDS = ['pick-list', 'delivery-note', 'purchase-order'] as const;
export type OrderDocumentKind = (typeof ORDER_DOCUMENT_KINDS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
