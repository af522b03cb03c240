/**
 * Today's "before the order" work, counted in one read for the back office's first
 * page: inquiries to follow up, quotes awaiting the customer, mail in that nothing
 * matched, drafts waiting on their customer. Each part only for the roles that may
 * act on it (null otherwise). It lives here because it reads across capabilities
 * that sit in different layers.
 */
import type { Conn } from '../shared/db.ts';
import { can, type Role } from '../auth/permissions.ts';
import { countInquiriesNeedingAttention } from '../inquiries/inquiries.repository.ts';
import { todayUtc } from '../inquiries/inquiries.use-cases.ts';
import { countQuotesAwaitingCustomer } from '../quotes/quotes.repository.ts';
import { countInboundByOutcome } from '../intake/intake.repository.ts';
import { countWaiting } from '../orders/draft-returns.repository.ts';

/** A quote "expires soon" when its last valid day is within this many days from today. */
export const QUOTE_EXPIRY_WARNING_DAYS = 3;

export type TodaySummary = {
  today: string;
  inquiries: { followUpDue: number; overdue: number; unassigned: number } | null;
  quotes: { awaiting: number; expiringSoon: number } | null;
  inbox: { unmatched: number } | null;
  waitingOnCustomer: { waiting: number; reminded: number } | null;
};

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function todaySummary(conn: Conn, role: Role | undefined, now = new Date()): Promise<TodaySummary> {
  const today = todayUtc(now);
  const may = (p: Parameters<typeof can>[1]) => role !== undefined && can(role, p);
  const [inquiries, quotes, unmatched, waiting] = await Promise.all([
    may('inquiries.write') ? countInquiriesNeedingAttention(conn, today) : null,
    may('quotes.write') ? countQuotesAwaitingCustomer(conn, today, addDays(today, QUOTE_EXPIRY_WARNING_DAYS)) : null,
    may('mail.read') && may('orders.place') ? countInboundByOutcome(conn, 'unmatched') : null,
    may('orders.place') ? countWaiting(conn) : null,
  ]);
  return { today, inquiries, quotes, inbox: unmatched === null ? null : { unmatched }, waitingOnCustomer: waiting };
}
