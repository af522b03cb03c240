/** Payments' vocabulary: how an order can be paid, and what becomes of a payment. A leaf: imports nothing. */
export const PAYMENT_METHODS = ['card', 'bank_transfer', 'cash_on_delivery', 'counter', 'invoice'] as const;
/** Where an order stands with its money. */
export const ORDER_PAYMENT_STATES = ['unpaid', 'partially_paid', 'paid', 'over_paid', 'refunded'] as const;
export type OrderPaymentState = (typeof ORDER_PAYMENT_STATES)[number];
export const PAYMENT_STATUSES = ['pending', 'authorised', 'captured', 'failed', 'voided', 'refunded', 'partially_refunded'] as const;
