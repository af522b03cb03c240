/** Mail in: where a message came from and what became of it. A leaf: imports nothing. */
export const INBOUND_SOURCES = ['smtp', 'upload'] as const;
export type InboundSource = (typeof INBOUND_SOURCES)[number];

/**
 * draft: a draft order was made for the sender; reply: it answers one of our e-mails and is on that order;
 * inquiry: a believed sender asked something naming no product we know — an inquiry was recorded; unmatched: left for staff.
 */
export const INBOUND_OUTCOMES = ['draft', 'reply', 'inquiry', 'unmatched'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];
