/** Access links' vocabulary: what a customer's link is for. A leaf: imports nothing. */
export const ACCESS_PURPOSES = ['order_status', 'complete', 'verify', 'survey', 'quote'] as const;
