/**
 * Opens the database: the embedded PGlite engine in a data folder (default), an
 * in-memory PGlite (tests), or a PostgreSQL server through a pg Pool. Both run
 * the same Drizzle queries; migrations in drizzle/ are applied at open.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { DatabaseAvailability } from './db-availability.ts';
import { namingClient, StatementNames } from './named-statements.ts';
import { nameStatements } from './pglite-named-statements.ts';
import { releaseOnFailure } from './pg-transactions.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type Conn = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  engine: Engine;
  /** Whether the database can be reached (PostgreSQL can go away; the embedded engine cannot). */
  availability: DatabaseAvailability;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize: number; connectTimeoutMs?: number; /** Server-side prepared statements (named-statements.ts); default on. */ namedStatements?: boolean }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATION_LOCK = 727_001;

// PostgreSQL's bigint and numeric come back as strings by default; our bigints are money in minor units.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    // A connection that cannot be had in time fails (and answers 503) instead of leaving the request hanging.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize,
      connectionTimeoutMillis: target.connectTimeoutMs ?? 5000,
      ...(target.namedStatements === false ? {} : { Client: namingClient(new StatementNames()) }),
    });
    pool.on('error', () => {
      /* an idle client lost its connection; the pool replaces it */
    });
    // A checked-out client whose connection drops between queries emits 'error' too: without a listener that would
    // crash the process. Its next query fails (and the request answers 503); releasing it with the error destroys it.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    releaseOnFailure(db, pool);
    const client = await pool.connect();
    try {
      // Several app processes may start at once: one migrates, the others wait.
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    const availability = new DatabaseAvailability(() => ping(db));
    return {
      db,
      engine: 'postgres',
      availability,
      close: async () => {
        availability.stop();
        await pool.end();
      },
    };
  }

  let lock: DirLock | undefined;
  let client: PGlite;
  if (target.kind === 'pglite') {
    lock = acquireDirLock(target.dataDir);
    try {
      client = await PGlite.create(target.dataDir, { extensions: { pg_trgm } });
    } catch (e) {
      lock.release();
      throw e;
    }
  } else {
    client = await PGlite.create({ extensions: { pg_trgm }, ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}) });
  }
  // Repeated statements are parsed and planned once (pglite-named-statements.ts), as on PostgreSQL.
  nameStatements(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  return {
    db,
    engine: 'pglite',
    availability: new DatabaseAvailability(() => ping(db)),
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}

/** Runs a query that proves the connection works. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
