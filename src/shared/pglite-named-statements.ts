/**
 * Named (prepared) statements for the embedded engine, without touching the queries — what
 * named-statements.ts does for PostgreSQL. PGlite's own `query()` parses and plans every
 * statement on every call (parse, describe, bind, describe, execute, sync: six calls into the
 * engine); most of an order's time on PGlite was spent there. A statement text seen a few
 * times (StatementNames: the same budget as on PostgreSQL) is parsed once under a name, and
 * each later call is one call into the engine: bind the name, describe, execute, sync.
 *
 * Everything else is PGlite's own: its locks (one query at a time, a query outside a
 * transaction waits for an open one), its parameter serializers and result parsers
 * (`parse.parseResults`, with the caller's options such as Drizzle's row mode), its error
 * (the same DatabaseError, with the query and its parameters attached), and its flush to the
 * file system after a statement outside a transaction. Texts not named yet, and calls with a
 * blob or explicit parameter types, go to PGlite's `query()` unchanged. Each transaction
 * asks for generic plans (as on PostgreSQL, see named-statements.ts): otherwise a named
 * statement with an array parameter is planned anew at every run all the same.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { GENERIC_PLANS_IN_TRANSACTION, StatementNames } from './named-statements.ts';

const { serialize } = protocol;
type Parsers = PGlite['parsers'];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The parsers and options to hand PGlite's `parseResults`: the caller's parsers (Drizzle
 * brings its own for dates and intervals, in a new object for every query) laid over the
 * client's. `parseResults` does that by copying all of the client's ~300 parsers into a new
 * object on every call, which cost more than the rest of the parse together (~80 µs of a
 * ~90 µs call); an object whose prototype is the client's parsers answers the same lookups
 * (`parsers[typeId]`) without the copy.
 */
function withParsers(parsers: Parsers, options: QueryOptions | undefined): [Parsers, QueryOptions | undefined] {
  if (!options?.parsers) return [parsers, options];
  const { parsers: own, ...rest } = options;
  return [Object.assign(Object.create(parsers) as Parsers, own), rest];
}

/**
 * The four messages that run a named statement — Bind (text values), Describe the portal,
 * Execute, Sync — in one buffer, byte for byte what PGlite's `serialize` writes for them
 * (the test holds the two together). PGlite's writer allocates and copies a buffer for every
 * message and grows it value by value, ~26 µs for a statement with twenty values against
 * ~2.5 µs here; it is used as it is whenever a value is not text (binary values).
 */
export function runMessages(name: string, values: readonly (string | ArrayBuffer | ArrayBufferView | null)[]): Uint8Array {
  let textBytes = 0;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v !== 'string') return concat([serialize.bind({ statement: name, values: [...values] }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
    textBytes += Buffer.byteLength(v);
  }
  const nameBytes = Buffer.byteLength(name);
  // Bind: portal "", the statement's name, one format code (text) per value, the values (length + bytes, -1 for null), no result format codes.
  const bindLength = 4 + 1 + nameBytes + 1 + 2 + 2 * values.length + 2 + 4 * values.length + textBytes + 2;
  const out = Buffer.allocUnsafe(1 + bindLength + DESCRIBE_EXECUTE_SYNC.length);
  let at = out.writeUInt8(0x42, 0); // 'B'
  at = out.writeInt32BE(bindLength, at);
  at = out.writeUInt8(0, at);
  at += out.write(name, at);
  at = out.writeUInt8(0, at);
  at = out.writeUInt16BE(values.length, at);
  for (let i = 0; i < values.length; i++) at = out.writeInt16BE(0, at);
  at = out.writeUInt16BE(values.length, at);
  for (const v of values) {
    if (typeof v !== 'string') {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    const length = out.write(v, at + 4);
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  at = out.writeInt16BE(0, at);
  out.set(DESCRIBE_EXECUTE_SYNC, at);
  return out;
}

/** Describe the unnamed portal, Execute it (all rows), Sync — the same for every run. */
const DESCRIBE_EXECUTE_SYNC = concat([serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);

type Query = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/** Makes `client` (and every transaction it opens) run repeated statements as named statements. */
export function nameStatements(client: PGlite, names: StatementNames = new StatementNames()): void {
  /** Parameter type ids of each statement parsed under a name. */
  const parsed = new Map<string, number[]>();
  const plainQuery: Query = client.query.bind(client);
  const plainTransaction = client.transaction.bind(client);

  const runNamed = async <T>(name: string, text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> => {
    try {
      let types = parsed.get(name);
      if (!types) {
        const described = await client.execProtocolStream(concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
        types = parse.parseDescribeStatementResults(described);
        parsed.set(name, types);
      }
      const typeIds = types;
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serializer = options?.serializers?.[typeIds[i] ?? 0] ?? client.serializers[typeIds[i] ?? 0];
        return serializer ? serializer(v) : String(v);
      });
      const messages = await client.execProtocolStream(runMessages(name, values), { syncToFs: false });
      if (!inTransaction) await client.syncToFs();
      const [result] = parse.parseResults(messages, ...withParsers(client.parsers, options));
      if (!result) throw new Error(`PGlite returned no result for a named statement (${name})`);
      return result as Results<T>;
    } catch (e) {
      // As PGlite's own query() does: the error says which statement and values it came from.
      if (e instanceof Error) Object.assign(e, { query: text, params, queryOptions: options });
      throw e;
    }
  };

  /** A query that runs `plain` until its text is named, then `named` with the name. */
  const naming =
    (plain: Query, named: <T>(name: string, text: string, params: unknown[], options: QueryOptions | undefined) => Promise<Results<T>>): Query =>
    async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
      const name = options?.blob === undefined && options?.paramTypes === undefined ? names.nameFor(text) : undefined;
      return name === undefined ? plain<T>(text, params, options) : named<T>(name, text, params, options);
    };

  client.query = naming(plainQuery, async (name, text, params, options) => {
    await client._checkReady();
    return client._runExclusiveTransaction(() => client._runExclusiveQuery(() => runNamed(name, text, params, options, false)));
  }) as PGlite['query'];

  client.transaction = (<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    plainTransaction((tx) => {
      // The transaction as PGlite made it (exec, sql, rollback, closed…), with a query that names repeated statements.
      const named = Object.create(tx) as Transaction;
      named.query = naming(tx.query.bind(tx), async (name, text, params, options) => {
        if (tx.closed) throw new Error('Transaction is closed');
        return client._runExclusiveQuery(() => runNamed(name, text, params, options, true));
      }) as Transaction['query'];
      // Generic plans in transactions, as on PostgreSQL.
      return tx.exec(GENERIC_PLANS_IN_TRANSACTION).then(() => callback(named));
    })) as PGlite['transaction'];
}
