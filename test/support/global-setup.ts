/** Once per test run: on PostgreSQL, drop test databases over two hours old (left by an interrupted run). */
import pg from 'pg';
import { testDatabaseUrl, testEngine } from './engine.ts';
import { existsSync } from 'node:fs';
import { ensureWebBuilt } from '../../scripts/build-web.ts';
import { CHROMIUM_PATH } from './chromium.ts';

export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  await ensureWebBuilt();
  if (testEngine() !== 'postgres') return;
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'orderly_t_%' and datname not in (select datname from pg_stat_activity where datname is not null)",
    );
    const cutoff = Math.floor(Date.now() / 1000) - 2 * 3600;
    for (const r of rows) {
      const created = Number(/^orderly_t_(\d+)_/.exec(r.datname)?.[1] ?? 0);
      if (created < cutoff) await client.query(`drop database if exists "${r.datname}" with (force)`);
    }
  } finally {
    await client.end();
  }
}
