/** Gap-free number series (invoices, credit notes, quotes) kept in document_counters. */
import { sql } from 'drizzle-orm';
import type { Conn } from './db.ts';
import { documentCounters } from './schema.ts';

/**
 * The next number of a series in a year, taken in the caller's transaction: the counter
 * row stays locked until it commits (concurrent takers wait in turn) and a rollback
 * gives the number back, so a series has no gaps.
 */
export async function takeNumber(conn: Conn, series: string, year: number): Promise<number> {
  const [row] = await conn
    .insert(documentCounters)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({ target: [documentCounters.series, documentCounters.year], set: { last: sql`${documentCounters.last} + 1` } })
    .returning({ last: documentCounters.last });
  if (!row) throw new Error('the counter returned no row');
  return row.last;
}
