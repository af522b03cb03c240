/**
 * Named (prepared) statements for the embedded engine, without touching the queries — what
 * named-statements.ts does for PostgreSQL. PGlite's own `query()` parses and plans every
 * statement on every call (parse, describe, bind, describe, execute, sync: six calls into the
 * engine); most of an order's time on PGlite was spent there. A statement text seen a few
 * times (StatementNames: the same budget as on PostgreSQL) is parsed once under a name, and
 * each later call is one call into the engine: bind the name, describe, execute, sync.
 *
 * Everything else is PGlite's own: its locks (one query at a time, a query outside a
 * transaction waits for an open one), its parameter serializers and result parsers (with the
 * caller's options such as Drizzle's row mode and parsers), its error (the same DatabaseError,
 * with the query and its parameters attached), and its flush to the file system after a
 * statement outside a transaction. The messages of a run are written, and its answer read,
 * by pglite-wire.ts: the same bytes and the same results as PGlite's own writer and reader,
 * at a tenth of their cost; errors and notices are read by PGlite's reader, and once anything
 * listens for notifications every answer is. Texts not named yet, and calls with a blob or
 * explicit parameter types, go to PGlite's `query()` unchanged. Each transaction asks for
 * generic plans (as on PostgreSQL, see named-statements.ts): otherwise a named statement with
 * an array parameter is planned anew at every run all the same.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { GENERIC_PLANS_IN_TRANSACTION, StatementNames } from './named-statements.ts';
import { concat, readAnswer, readAnswerAsPglite, runMessages } from './pglite-wire.ts';

const { serialize } = protocol;
type Parsers = PGlite['parsers'];

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

type Query = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/** Makes `client` (and every transaction it opens) run repeated statements as named statements. */
export function nameStatements(client: PGlite, names: StatementNames = new StatementNames()): void {
  /** Parameter type ids of each statement parsed under a name. */
  const parsed = new Map<string, number[]>();
  const plainQuery: Query = client.query.bind(client);
  const plainTransaction = client.transaction.bind(client);
  /** Once anything listens for notifications, answers are read by PGlite itself, which delivers them. */
  let listening = false;
  const plainListen = client.listen.bind(client);
  client.listen = (...args) => {
    listening = true;
    return plainListen(...args);
  };

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
      let result: Results | undefined;
      if (listening) {
        // PGlite's own reading, which hands notifications to its listeners.
        const messages = await client.execProtocolStream(runMessages(name, values), { syncToFs: false, ...(options?.onNotice ? { onNotice: options.onNotice } : {}) });
        [result] = parse.parseResults(messages, ...withParsers(client.parsers, options));
      } else {
        const chunks: Uint8Array[] = [];
        await client.execProtocolRawStream(runMessages(name, values), { syncToFs: false, onRawData: (chunk) => chunks.push(chunk.slice()) });
        const answer = concat(chunks);
        result = readAnswer(answer, client.parsers, options) ?? readAnswerAsPglite(answer, ...withParsers(client.parsers, options));
      }
      if (!inTransaction) await client.syncToFs();
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
      named.listen = (...args) => {
        listening = true;
        return tx.listen(...args);
      };
      // Generic plans in transactions, as on PostgreSQL.
      return tx.exec(GENERIC_PLANS_IN_TRANSACTION).then(() => callback(named));
    })) as PGlite['transaction'];
}
