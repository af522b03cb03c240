/** GET /api/v1/today: the counts the back office's first page needs beyond orders and money, in one round trip. */
import { z } from 'zod';
import type { App, AppContext } from '../http/types.ts';
import { QUOTE_EXPIRY_WARNING_DAYS, todaySummary } from './today.ts';

const count = z.number().int().min(0);

export function todayRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database;
  app.get(
    '/api/v1/today',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['orders'],
        summary: 'What needs doing before the order today: inquiries to follow up, quotes awaiting the customer, mail in nothing matched, drafts waiting on their customer',
        description: `Each part is null for a role that may not act on it (inquiries: inquiries.write; quotes: quotes.write; inbox: mail.read and orders.place; waitingOnCustomer: orders.place). followUpDue counts open inquiries whose follow-up date is today or earlier (overdue: earlier); unassigned counts inquiries in state open with nobody assigned; quotes.awaiting counts sent quotes still valid, expiringSoon those whose last valid day is within ${QUOTE_EXPIRY_WARNING_DAYS} days. Days are UTC.`,
        response: {
          200: z.object({
            today: z.string(),
            inquiries: z.object({ followUpDue: count, overdue: count, unassigned: count }).nullable(),
            quotes: z.object({ awaiting: count, expiringSoon: count }).nullable(),
            inbox: z.object({ unmatched: count }).nullable(),
            waitingOnCustomer: z.object({ waiting: count, reminded: count }).nullable(),
          }),
        },
      },
    },
    async (req) => todaySummary(db, req.identity?.role),
  );
}
