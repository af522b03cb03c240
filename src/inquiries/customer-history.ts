/**
 * One history of a customer for the back office: their inquiries, orders and the
 * e-mails we sent them, newest first. Quotes and feedback live in folders on this
 * same layer, so they cannot be imported here: the composition root hands their
 * readers in as extra `HistorySource`s (src/app/http-app.ts; quotes/quote-history.ts,
 * app/feedback-history.ts).
 */
import { z } from 'zod';
import type { Conn } from '../shared/db.ts';
import { can, type Permission, type Role } from '../auth/permissions.ts';
import { getCustomer } from '../customers/customers.use-cases.ts';
import { listInquiries, mailOfCustomer, ordersOfCustomer } from './inquiries.repository.ts';

export const HISTORY_KINDS = ['inquiry', 'quote', 'order', 'message', 'feedback'] as const;

export const historyEntrySchema = z
  .object({
    kind: z.enum(HISTORY_KINDS),
    id: z.string(),
    at: z.date(),
    title: z.string().describe('What it was: the question, the order number, the e-mail subject, the rating'),
    status: z.string().describe("Its state: the inquiry's, the quote's, the order's, the e-mail's delivery; a survey answer's: answered, call_back_due (a low rating's follow-up is open) or called_back"),
    channel: z.string().nullable(),
    /** Where the back office shows it (a path), when it has a page of its own. */
    link: z.string().nullable(),
  })
  .meta({ id: 'CustomerHistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * A reader of one kind of entry for one customer (at most `limit`, newest first), and the
 * permission a reader of the history needs to see that kind: the history is open to every
 * role, so each kind is shown only to the roles its own pages are (feedback not to the
 * warehouse, e-mails only to those who may read the mail log).
 */
export type HistorySource = { permission: Permission; read: (conn: Conn, customerId: string, limit: number) => Promise<HistoryEntry[]> };

/** A text cut to `n` characters for a one-line title. */
export const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const inquiryHistory: HistorySource = {
  permission: 'inquiries.read',
  read: async (conn, customerId, limit) =>
    (await listInquiries(conn, { customerId, limit })).map((i) => ({ kind: 'inquiry', id: i.id, at: i.createdAt, title: clip(i.question), status: i.state, channel: i.channel, link: `/inquiries/${i.id}` })),
};

export const orderHistory: HistorySource = {
  permission: 'orders.read',
  read: async (conn, customerId, limit) =>
    (await ordersOfCustomer(conn, customerId, limit)).map((o) => ({ kind: 'order', id: o.id, at: o.placedAt ?? o.createdAt, title: o.number ?? 'Draft', status: o.status, channel: o.channel, link: `/orders/${o.number ?? o.id}` })),
};

export const messageHistory: HistorySource = {
  permission: 'mail.read',
  read: async (conn, customerId, limit) =>
    (await mailOfCustomer(conn, customerId, limit)).map((m) => ({ kind: 'message', id: m.id, at: m.createdAt, title: m.subject, status: m.status, channel: 'email', link: m.orderId ? `/orders/${m.orderId}` : null })),
};

export const BUILT_IN_HISTORY: readonly HistorySource[] = [inquiryHistory, orderHistory, messageHistory];

/** The history as `role` may see it: only the kinds whose permission the role has. */
export async function customerHistory(conn: Conn, customerId: string, sources: readonly HistorySource[], role: Role | undefined, limit: number): Promise<HistoryEntry[]> {
  await getCustomer(conn, customerId);
  const visible = sources.filter((s) => role !== undefined && can(role, s.permission));
  const all = (await Promise.all(visible.map((s) => s.read(conn, customerId, limit)))).flat();
  return all.sort((a, b) => b.at.getTime() - a.at.getTime() || a.id.localeCompare(b.id)).slice(0, limit);
}
