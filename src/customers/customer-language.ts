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
