/** The "to verify" queue: placed orders that the business's verification policy holds back from confirmation. */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { orders } from '../shared/schema.ts';
import { getSettings } from '../settings/settings.service.ts';
import type { VerificationPolicy } from './verification.ts';

function policyCondition(p: VerificationPolicy): SQL | undefined {
  switch (p.mode) {
    case 'never':
      return sql`false`;
    case 'always':
      return undefined;
    case 'by_channel':
      return inArray(orders.channel, p.channels);
    case 'above_amount':
      return gt(orders.grandTotalMinor, p.amountMinor);
  }
}

export async function ordersToVerify(conn: Conn, limit = 200) {
  const { verification } = await getSettings(conn);
  const items = await conn
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      customerName: orders.customerName,
      customerEmail: orders.customerEmail,
      currency: orders.currency,
      grandTotalMinor: orders.grandTotalMinor,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(and(eq(orders.status, 'placed'), policyCondition(verification)))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
  return { policy: verification, items };
}
