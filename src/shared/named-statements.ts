/**
 * Server-side prepared statements for every query the app sends to PostgreSQL,
 * without touching the queries: a pg Client that gives each statement text it
 * has seen a few times a name, so each connection parses (and, after a few
 * runs, plans) it once instead of on every call — the way the bare-SQL ceiling
 * sends its statements. pg keeps per connection which names it has parsed.
 *
 * Bounded: only texts that repeat get a name, and at most MAX_NAMED of them per
 * process (statement texts with a varying number of values, e.g. a bulk insert,
 * stay unnamed once the budget is spent). Works only on a direct connection or a
 * session-pooling proxy (ORDERLY_PG_NAMED_STATEMENTS=false turns it off for a
 * transaction-pooling proxy such as PgBouncer in transaction mode).
 */
import pg from 'pg';

/**
 * What each transaction runs first on both engines (pg-transactions.ts, pglite-named-statements.ts):
 * generic plans for its named statements. The statements in transactions are writes and lookups by
 * key; with the default plan_cache_mode PostgreSQL made a custom plan at every Bind for those with an
 * array parameter (`= any($1)`: the products read, the stock lock, the reservation), because a custom
 * plan for a two-element array looks cheaper than the generic one — the statement log showed as much
 * time in Bind (planning) as in Execute. Reads outside transactions keep the default.
 */
export const GENERIC_PLANS_IN_TRANSACTION = 'set local plan_cache_mode = force_generic_plan';

const NAME_AFTER = 3;
const MAX_NAMED = 400;
const MAX_COUNTED = 5000;

type QueryConfigLike = { text?: unknown; name?: unknown };

export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();

  /** The name for this text, once it has been seen NAME_AFTER times (undefined before, and past the budget). */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) return name;
    if (this.names.size >= MAX_NAMED) return undefined;
    const n = (this.seen.get(text) ?? 0) + 1;
    if (n < NAME_AFTER) {
      if (this.seen.size >= MAX_COUNTED) this.seen.clear();
      this.seen.set(text, n);
      return undefined;
    }
    this.seen.delete(text);
    const fresh = `orderly_${this.names.size}`;
    this.names.set(text, fresh);
    return fresh;
  }

  get size(): number {
    return this.names.size;
  }
}

/** A pg Client class (for `new pg.Pool({ Client })`) that names repeated statements. */
export function namingClient(names: StatementNames): typeof pg.Client {
  class NamingClient extends pg.Client {
    // pg's query() has many overloads; this passes every call through and only adds a name.
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      if (config !== null && typeof config === 'object' && typeof (config as { submit?: unknown }).submit !== 'function') {
        const c = config as QueryConfigLike;
        if (typeof c.text === 'string' && c.name === undefined) {
          const name = names.nameFor(c.text);
          if (name !== undefined) c.name = name;
        }
      }
      return (super.query as (...a: unknown[]) => never)(config, values, callback);
    }
  }
  return NamingClient;
}
