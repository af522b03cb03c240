/** The customer's quotes as entries of their one history (inquiries/customer-history.ts), handed in by the composition root. */
import type { HistorySource } from '../inquiries/customer-history.ts';
import { isoDay, quoteState } from './quote.ts';
import { listQuotes } from './quotes.repository.ts';

export const quoteHistory: HistorySource = {
  permission: 'quotes.read',
  read: async (conn, customerId, limit) => {
    const today = isoDay(new Date());
    return (await listQuotes(conn, { customerId, limit })).map((q) => ({ kind: 'quote', id: q.id, at: q.sentAt ?? q.createdAt, title: q.number, status: quoteState(q, today), channel: q.sentAt ? 'email' : null, link: `/quotes/${q.number}` }));
  },
};
