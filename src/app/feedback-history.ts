/**
 * The customer's survey answers as entries of their one history (inquiries/customer-history.ts).
 * Feedback and inquiries are on one layer, so neither may import the other: this reader lives in
 * the composition root, which hands it to the history route.
 */
import { clip, type HistorySource } from '../inquiries/customer-history.ts';
import { feedbackOfCustomer } from '../feedback/feedback.repository.ts';

/**
 * One entry per answered survey, linked to its order. Its state: `answered`, or — when the
 * rating was low enough to make a call-back follow-up — `call_back_due` until staff mark it
 * done, then `called_back`.
 */
export const feedbackHistory: HistorySource = {
  permission: 'feedback.read',
  read: async (conn, customerId, limit) =>
    (await feedbackOfCustomer(conn, customerId, limit)).map((f) => ({
      kind: 'feedback',
      id: f.orderId,
      at: f.createdAt,
      title: `Rated ${f.rating}/5 for ${f.orderNumber ?? 'an order'}, would recommend ${f.recommend}/10${f.comment ? ` — “${clip(f.comment, 100)}”` : ''}`,
      status: f.followUpId === null ? 'answered' : f.followUpDoneAt ? 'called_back' : 'call_back_due',
      channel: null,
      link: `/orders/${f.orderNumber ?? f.orderId}`,
    })),
};
