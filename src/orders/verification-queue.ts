/** The "to verify" queue: placed orders that the business's verification policy holds back from confirmation. */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { findOrdersToVerify } from './orders.repository.ts';

export async function ordersToVerify(conn: Conn, limit = 200) {
  const { verification } = await getSettings(conn);
  return { policy: verification, items: await findOrdersToVerify(conn, verification, limit) };
}
