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

/** A PostgreSQL array literal of these strings (each quoted), for one `$n::text[]` or `$n::uuid[]` parameter. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** What Drizzle's query builders hand their session when a query is prepared (see recordOnce). */
type Recorded = { query: { sql: string; params: unknown[] }; fields: unknown; arrayMode: boolean; mapper: unknown; prepared: { joinsNotNullableMap?: unknown; setToken(): unknown } };
type PreparedQuery = { joinsNotNullableMap?: unknown; execute(values: Record<string, unknown>): Promise<unknown> };
type Session = { prepareQuery(query: Recorded['query'], fields: unknown, name: undefined, arrayMode: boolean, mapper: unknown): PreparedQuery };
/** A Drizzle select, insert, update or delete (with `sql.placeholder(...)` where its values go). */
type Builder<R> = PromiseLike<R> & { prepare(name: string): unknown };

const builtQueries = new Map<string, Recorded>();

/** The statement text, its parameters and how to map its rows, as the builder would hand them to a session. */
function recordOnce(build: () => Builder<unknown>): Recorded {
  const q = build() as unknown as { session: unknown; _prepare(name?: string): unknown };
  let recorded: Recorded | undefined;
  q.session = {
    prepareQuery(query: Recorded['query'], fields: unknown, _name: unknown, arrayMode: boolean, mapper: unknown) {
      const prepared: Recorded['prepared'] = { setToken: () => prepared };
      recorded = { query, fields, arrayMode, mapper, prepared };
      return prepared;
    },
  };
  q._prepare();
  if (!recorded) throw new Error('the query builder prepared nothing');
  return recorded;
}

/**
 * Runs a Drizzle query that is built (turned into SQL text) only once per `key`, then run
 * with `values` for its placeholders on `conn` — a database or a transaction, which
 * Drizzle's own `.prepare()` cannot do (it binds a statement to one session). Rows come back
 * mapped exactly as the builder maps them. Building the SQL text on every call was the
 * largest share of the server's CPU placing an order. `key` names the query's shape: the
 * same key must always build the same statement (values go only through placeholders; a
 * column default computed in JavaScript, `$defaultFn`, would be frozen at build time — the
 * schema has none: its defaults are the database's).
 */
export async function runBuiltOnce<R>(conn: Conn, key: string, build: () => Builder<R>, values: Record<string, unknown>): Promise<R> {
  let recorded = builtQueries.get(key);
  if (!recorded) {
    recorded = recordOnce(build);
    if (builtQueries.size >= 500) builtQueries.clear();
    builtQueries.set(key, recorded);
  }
  const session = (conn as unknown as { session: Session }).session;
  const prepared = session.prepareQuery(recorded.query, recorded.fields, undefined, recorded.arrayMode, recorded.mapper);
  if (recorded.prepared.joinsNotNullableMap !== undefined) prepared.joinsNotNullableMap = recorded.prepared.joinsNotNullableMap;
  return (await prepared.execute(values)) as R;
}

const builtStatements = new Map<string, { sql: string; params: unknown[] }>();

/**
 * A hand-written statement (`build` returns a `sql` template with `sql.placeholder(...)` where
 * its values go) turned into SQL text once per `key`, then run with `values` on `conn` and
 * answered with its rows as the database returns them — what `rows(conn, sql\`…\`)` does,
 * without Drizzle walking the template on every call.
 */
export async function rowsBuiltOnce<T>(conn: Conn, key: string, build: () => SQL, values: Record<string, unknown>): Promise<T[]> {
  let query = builtStatements.get(key);
  if (!query) {
    query = (conn as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(build());
    if (builtStatements.size >= 500) builtStatements.clear();
    builtStatements.set(key, query);
  }
  const session = (conn as unknown as { session: Session }).session;
  const result = (await session.prepareQuery(query, undefined, undefined, false, undefined).execute(values)) as { rows: T[] };
  return result.rows;
}

/**
 * An insert of `row` built once per shape (which keys have a value, which are null): `build`
 * gets the values to insert — a placeholder for each given value, a literal null for each
 * null (a JSON column would encode a null value as JSON 'null'), keys left undefined take the
 * column default — and adds whatever the insert needs (returning, on conflict, CTEs whose own
 * placeholders get their values from `extra`).
 */
export async function insertBuiltOnce<R>(conn: Conn, name: string, row: Record<string, unknown>, build: (values: Record<string, unknown>) => Builder<R>, extra: Record<string, unknown> = {}): Promise<R> {
  const set: string[] = [];
  const nulls: string[] = [];
  for (const k of Object.keys(row)) {
    if (row[k] === null) nulls.push(k);
    else if (row[k] !== undefined) set.push(k);
  }
  const values: Record<string, unknown> = { ...extra };
  for (const k of set) values[`v_${k}`] = row[k];
  return runBuiltOnce(conn, `${name}:${set.join(',')}|${nulls.join(',')}`, () => {
    const placeholders: Record<string, unknown> = {};
    for (const k of set) placeholders[k] = sql.placeholder(`v_${k}`);
    for (const k of nulls) placeholders[k] = sql`null`;
    return build(placeholders);
  }, values);
}
