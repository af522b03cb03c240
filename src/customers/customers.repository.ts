/** All SQL on the customers table. */
import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import { foldForSearch } from '../shared/search-text.ts';
import type { Conn } from '../shared/db.ts';
import { runBuiltOnce } from '../shared/sql.ts';
import { customers } from '../shared/schema.ts';
import type { Customer } from './customer.ts';

type NewRow = typeof customers.$inferInsert;

const columns = {
  id: customers.id,
  name: customers.name,
  email: customers.email,
  phone: customers.phone,
  company: customers.company,
  addresses: customers.addresses,
  notes: customers.notes,
  language: customers.language,
  version: customers.version,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

export async function findCustomerById(conn: Conn, id: string): Promise<Customer | undefined> {
  const [row] = await conn.select(columns).from(customers).where(eq(customers.id, id));
  return row;
}

export async function findCustomerByEmailKey(conn: Conn, key: string): Promise<Customer | undefined> {
  const [row] = await conn.select(columns).from(customers).where(eq(customers.emailNormalized, key));
  return row;
}

export async function insertCustomer(conn: Conn, row: NewRow): Promise<Customer> {
  const [created] = await conn.insert(customers).values(row).returning(columns);
  if (!created) throw new Error('insert returned no row');
  return created;
}

/**
 * Inserts unless a customer with this e-mail exists; returns the row and whether
 * it was new. One statement in the usual case. Safe under concurrency: when a
 * concurrent transaction inserted the same e-mail after this statement began,
 * the statement sees neither row and a second read (a new snapshot) finds it.
 */
export async function insertCustomerOrGetByEmail(conn: Conn, row: NewRow & { emailNormalized: string }): Promise<{ customer: Customer; created: boolean }> {
  // Built once per shape (which columns have a value, which are null), then only run: it is sent on every placement.
  const given = row as Record<string, unknown>;
  const set = Object.keys(given).filter((k) => given[k] !== undefined && given[k] !== null).sort();
  const nulls = Object.keys(given).filter((k) => given[k] === null).sort();
  const values = Object.fromEntries(set.map((k) => [k, given[k]]));
  const [found] = await runBuiltOnce(conn, `customers.insertOrGetByEmail:${set.join(',')}|${nulls.join(',')}`, () => {
    const placeholders = { ...Object.fromEntries(set.map((k) => [k, sql.placeholder(k)])), ...Object.fromEntries(nulls.map((k) => [k, sql`null`])) } as unknown as NewRow;
    const ins = conn.$with('ins').as(conn.insert(customers).values(placeholders).onConflictDoNothing({ target: customers.emailNormalized }).returning(columns));
    const either = conn
      .select({
        id: ins.id,
        name: ins.name,
        email: ins.email,
        phone: ins.phone,
        company: ins.company,
        addresses: ins.addresses,
        notes: ins.notes,
        language: ins.language,
        version: ins.version,
        createdAt: ins.createdAt,
        updatedAt: ins.updatedAt,
        created: sql<boolean>`true`.as('created'),
      })
      .from(ins)
      .unionAll(
        conn
          .select({ ...columns, created: sql<boolean>`false`.as('created') })
          .from(customers)
          .where(and(eq(customers.emailNormalized, sql.placeholder('emailNormalized')), sql`not exists (select 1 from ${ins})`)),
      )
      .as('either');
    return conn.with(ins).select().from(either);
  }, values);
  if (found) {
    const { created, ...customer } = found;
    return { customer, created };
  }
  const existing = await findCustomerByEmailKey(conn, row.emailNormalized);
  if (!existing) throw new Error('customer vanished between insert and select');
  return { customer: existing, created: false };
}

export async function updateCustomer(conn: Conn, id: string, set: Partial<NewRow>, expectedVersion: number): Promise<Customer | undefined> {
  const [row] = await conn
    .update(customers)
    .set({ ...set, version: sql`${customers.version} + 1`, updatedAt: new Date() })
    .where(and(eq(customers.id, id), eq(customers.version, expectedVersion)))
    .returning(columns);
  return row;
}

/** `q` is matched folded (case and accents, see foldForSearch); `phoneDigits` are other spellings of a phone number in q (as dialled, in E.164). */
export async function searchCustomers(conn: Conn, f: { q?: string; phoneDigits?: string[]; after?: { name: string; id: string }; limit: number }): Promise<Customer[]> {
  const where: SQL[] = [];
  if (f.q) {
    const escape = (t: string) => t.replace(/[\\%_]/g, (m) => '\\' + m);
    const needle = escape(foldForSearch(f.q.trim()));
    const digits = [...new Set([f.q.replace(/[^\d]/g, ''), ...(f.phoneDigits ?? [])])].filter((d) => d.length >= 4);
    const cond = or(ilike(customers.searchText, `%${needle}%`), ...digits.map((d) => ilike(customers.searchText, `%${d}%`)));
    if (cond) where.push(cond);
  }
  if (f.after) {
    const cond = or(gt(customers.name, f.after.name), and(eq(customers.name, f.after.name), gt(customers.id, f.after.id)));
    if (cond) where.push(cond);
  }
  return conn
    .select(columns)
    .from(customers)
    .where(and(...where))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(f.limit);
}

/** The id of a customer with this phone number (the first, if several share it). */
export async function findCustomerIdByPhone(conn: Conn, phone: string): Promise<string | undefined> {
  const [row] = await conn.select({ id: customers.id }).from(customers).where(eq(customers.phone, phone)).limit(2);
  return row?.id;
}
