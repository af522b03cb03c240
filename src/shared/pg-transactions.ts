/**
 * Transactions on a pg Pool that give their connection back whatever happens.
 * drizzle-orm 0.45's node-postgres session checks a client out, then sends BEGIN
 * outside its try/finally: when the connection is already dead (the database went
 * away), BEGIN fails and the client is never released — the pool shrinks by one per
 * failure and `pool.end()` waits forever. It also pools a client whose connection
 * broke. This is the same transaction, with the client always released, and
 * destroyed (release(err)) when its connection failed. BEGIN, COMMIT and ROLLBACK go
 * straight to the client (simple queries, one message each). Installed on the database's
 * session by db.ts; nested transactions (savepoints) are drizzle's own. The transaction object
 * is made once per pooled connection (it holds nothing else).
 */
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { TablesRelationalConfig } from 'drizzle-orm';
import type pg from 'pg';
import { isDatabaseUnavailable } from './pg-errors.ts';
import { GENERIC_PLANS_IN_TRANSACTION } from './named-statements.ts';

type SessionInternals = { dialect: ConstructorParameters<typeof NodePgSession>[1]; schema: ConstructorParameters<typeof NodePgSession>[2]; options: ConstructorParameters<typeof NodePgSession>[3] };
type AnyTx = NodePgTransaction<Record<string, unknown>, TablesRelationalConfig>;
type AnySession = NodePgSession<Record<string, unknown>, TablesRelationalConfig>;

/** The generic plans ride in the same round trip as BEGIN (named-statements.ts says why). */
const BEGIN = `begin; ${GENERIC_PLANS_IN_TRANSACTION}`;

export function releaseOnFailure(db: unknown, pool: pg.Pool): void {
  const session = (db as { session: AnySession }).session;
  const original = session.transaction.bind(session);
  const { dialect, schema, options } = session as unknown as SessionInternals;
  // A transaction object holds nothing but its connection (a Drizzle database bound to that one client), and building
  // one builds a query helper for every table: one per pooled connection is made once and used by each transaction on it.
  const made = new WeakMap<pg.PoolClient, AnyTx>();
  const txOf = (client: pg.PoolClient): AnyTx => {
    let tx = made.get(client);
    if (!tx) {
      tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, schema, options), schema);
      made.set(client, tx);
    }
    return tx;
  };
  const safe = async (transaction: (tx: AnyTx) => Promise<unknown>, config?: unknown) => {
    // With a transaction config (isolation level…) drizzle's own is used: nothing here asks for one.
    if (config !== undefined) return original(transaction, config as Parameters<typeof original>[1]);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const tx = txOf(client);
      // Straight to the client: these three need nothing of Drizzle's statement building.
      await client.query(BEGIN);
      try {
        const result = await transaction(tx);
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback').catch((rollbackFailed: unknown) => {
          broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
        });
        throw e;
      }
    } catch (e) {
      if (!broken && isDatabaseUnavailable(e)) broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      client.release(broken);
    }
  };
  (session as unknown as { transaction: typeof safe }).transaction = safe;
}
