/**
 * The at-risk scan as a durable job in the database: two app processes on one
 * PostgreSQL, one of them killed and started again, record a late order on its
 * timeline exactly once, while the scan keeps running slot after slot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { eventually } from '../support/smtp.ts';
import { spawnApp, type Child } from '../support/child.ts';
import { confirmed, timeline } from '../support/orders.ts';

const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];
let client: pg.Client | undefined;
afterEach(async () => {
  await client?.end().catch(() => undefined);
  client = undefined;
  await Promise.all(children.splice(0).map((c) => c.stop()));
  for (const c of cleanups.splice(0)) await c();
});

const start = async (env: Record<string, string>) => {
  const c = await spawnApp({ SMTP_TIMEOUT_MS: '1000', ORDERLY_OUTBOX_LEASE_MS: '3000', ORDERLY_OUTBOX_POLL_MS: '50', ...env });
  children.push(c);
  return c;
};

describe.skipIf(testEngine() !== 'postgres')('the scheduled at-risk scan', () => {
  it('with two processes and a restart between runs, records a late order on its timeline once, and keeps running', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const setup = await start({ DATABASE_URL: db.url, ORDERLY_AT_RISK_SCAN_MS: '0' });
    const order = await confirmed(setup.api);
    client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await client.query('update orders set expected_completion_date = $1 where id = $2', [yesterday, order.id]);

    const scan = { DATABASE_URL: db.url, ORDERLY_AT_RISK_SCAN_MS: '1500' };
    const [a, b] = await Promise.all([start(scan), start(scan)]);
    if (!a || !b) throw new Error('two processes');
    await eventually(async () => (await timeline(a.api, order.id)).some((e) => e.type === 'at_risk'), 30_000, 'the order recorded at risk');
    await b.kill9();
    await start(scan);
    // Several more slots go by (each run by one process), across the restart.
    const ran = async () => Number((await client?.query("select count(*) as n from outbox where topic = 'orders.at_risk_scan' and status = 'done'"))?.rows[0]?.n ?? 0);
    const before = await ran();
    await eventually(async () => (await ran()) >= before + 2, 30_000, 'two more scans');
    const entries = (await timeline(a.api, order.id)).filter((e) => e.type === 'at_risk');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toMatchObject({ reason: 'overdue', expectedDate: yesterday });
    // One row per slot: never two scans for one slot.
    const slots = await client.query("select key, count(*) as n from outbox where topic = 'orders.at_risk_scan' group by key having count(*) > 1");
    expect(slots.rows).toEqual([]);
  });
});
