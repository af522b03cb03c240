/** Small helpers for hand-written SQL that both engines run the same way. */
import { sql, type SQL } from 'drizzle-orm';
import type { Conn } from './db.ts';

/** Runs a raw statement and returns its rows (pg and PGlite both answer with `rows`). */
export async function rows<T>(conn: Conn, query: SQL): Promise<T[]> {
  const result = (await conn.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** One array parameter (Drizzle would otherwise spread a JS array into a list). Only for uuids and numbers. */
export function arrayParam(values: readonly (string | number)[], type: 'uuid' | 'int'): SQL {
  const literal = `{${values.map(String).join(',')}}`;
  return type === 'uuid' ? sql`${literal}::uuid[]` : sql`${literal}::int[]`;
}
