/** The language to write to a customer in: their own, else the business's default. */
import type { Conn } from '../shared/db.ts';
import { isLanguage, type Language } from '../notifications/i18n.ts';
import { getCustomer } from './customers.use-cases.ts';

export async function customerLanguage(conn: Conn, customerId: string | null, fallback: Language): Promise<Language> {
  if (customerId) {
    const c = await getCustomer(conn, customerId).catch(() => undefined);
    if (isLanguage(c?.language)) return c.language;
  }
  return fallback;
}

/**
 * The language to write to an order's customer in: the linked customer's own,
 * else the order's (the shop page it was placed from, or staff's choice), else
 * the business's default.
 */
export async function orderLanguage(conn: Conn, order: { customerId: string | null; language: string | null }, fallback: Language): Promise<Language> {
  return customerLanguage(conn, order.customerId, isLanguage(order.language) ? order.language : fallback);
}
