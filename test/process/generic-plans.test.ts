/**
 * Statements in a transaction run on generic plans (pg-transactions.ts, pglite-named-statements.ts):
 * a named statement with an array parameter is planned once per connection instead of at every
 * run, while statements outside transactions keep PostgreSQL's default. Checked on the engine the
 * suite runs on, through the app's own database layer, by what the engine reports of its
 * prepared statements.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/shared/db.ts';
import { rows } from '../../src/shared/sql.ts';
import { testEngine } from '../support/engine.ts';
import { createTestDatabase } from '../support/server.ts';

describe(`generic plans in transactions (${testEngine()})`, () => {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (testEngine() === 'postgres') {
      const created = await createTestDatabase();
      drop = created.drop;
      // One connection: prepared statements and their plan counts are per connection.
      database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 1 });
    } else {
      database = await openDatabase({ kind: 'pglite-memory' });
    }
  });
  afterAll(async () => {
    await database.close();
    await drop?.();
  });

  const setting = async (conn: Parameters<typeof rows>[0]) => (await rows<{ mode: string }>(conn, sql`select current_setting('plan_cache_mode') as mode`))[0]?.mode;
  const plans = async (marker: string) =>
    (await rows<{ generic: number; custom: number }>(database.db, sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`))[0];

  it('asks for generic plans inside a transaction only', async () => {
    expect(await database.db.transaction((tx) => setting(tx))).toBe('force_generic_plan');
    expect(await setting(database.db)).toBe('auto');
  });

  it('a repeated statement with an array parameter is planned generically in transactions, per value outside them', async () => {
    const ids = (n: number) => `{${Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',')}}`;
    for (let i = 0; i < 12; i++) {
      await database.db.transaction((tx) => rows(tx, sql`select id /* in-tx */ from products where id = any(${ids(2)}::uuid[])`));
      await rows(database.db, sql`select id /* outside */ from products where id = any(${ids(2)}::uuid[])`);
    }
    const inTx = await plans('/* in-tx */');
    const outside = await plans('/* outside */');
    // Both are named (prepared) after their first few runs.
    expect(inTx).toBeDefined();
    expect(outside).toBeDefined();
    expect(inTx?.custom).toBe(0);
    expect(inTx?.generic).toBeGreaterThan(0);
    // The default, outside: a custom plan for each run (that is what cost the time in transactions).
    expect(outside?.custom).toBeGreaterThan(0);
  });
});
