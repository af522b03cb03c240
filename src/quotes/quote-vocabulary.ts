/** Quotes' vocabulary. A leaf: imports nothing. */

/**
 * What a quote's row stores. `expired` is not stored: a sent quote past its valid-until
 * day is shown as expired (quoteState in quote.ts) and cannot be accepted.
 */
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'withdrawn'] as const;

/** What staff and the customer see: the stored status, or `expired`. */
export const QUOTE_STATES = ['draft', 'sent', 'accepted', 'withdrawn', 'expired'] as const;
