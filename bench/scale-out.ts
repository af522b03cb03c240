/**
 * Two app processes on one PostgreSQL: `npx tsx bench/scale-out.ts [--processes 2] [--concurrency 16]
 * [--seconds 8] [--warmup 3] [--rounds 3] [--low-stock 20] [--low-stock-sofas 4]`. Starts the app processes
 * (node src/main.ts) on a fresh database, gives a few sofas little stock so they sell out during the run,
 * places orders through both in turn from a load-client child, and then counts the anomalies
 * in the database: duplicate order numbers, stock rows with more reserved than on hand, and
 * products whose reserved count differs from what their orders' lines reserved. Also reports
 * each app process's RSS idle and at its peak under load, from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { authenticate } from './auth.ts';
import { setUpCatalogue } from './placement.ts';
import { median } from './stats.ts';
import { createBenchDatabase, dropStaleBenchDatabases, jsonClient, loadAverage, machineFacts, rssMiB, runCellInChild } from './support.ts';

const { values: a } = parseArgs({
  options: {
    processes: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'low-stock': { type: 'string', default: '20' },
    'low-stock-sofas': { type: 'string', default: '4' },
    'pool-size': { type: 'string', default: '10' },
  },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const runId = Date.now().toString(36);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

async function startProcess(databaseUrl: string, poolSize: number): Promise<{ proc: ChildProcess; url: string; startMs: number }> {
  const port = await freePort();
  const started = Date.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(poolSize),
      ORDERLY_DEMO_DATA: 'false',
      ORDERLY_OWNER_EMAIL: process.env.ORDERLY_OWNER_EMAIL ?? 'owner@bench.orderly.test',
      ORDERLY_OWNER_PASSWORD: process.env.ORDERLY_OWNER_PASSWORD ?? 'bench-owner-password',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`app process exited with ${proc.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok).catch(() => false)) break;
    if (Date.now() - started > 120_000) throw new Error('app process did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url, startMs: Date.now() - started };
}

/** The owner's session (cookie and CSRF token), for what a sales token may not do (stock adjustments). */
async function ownerSession(url: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: process.env.ORDERLY_OWNER_EMAIL ?? 'owner@bench.orderly.test', password: process.env.ORDERLY_OWNER_PASSWORD ?? 'bench-owner-password' }),
  });
  const me = (await login.json()) as { csrfToken?: string };
  if (login.status !== 200 || !me.csrfToken) throw new Error(`owner log-in failed: ${login.status}`);
  return { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': me.csrfToken };
}

async function anomalies(databaseUrl: string) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const one = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]?.n ?? 0);
    return {
      orders: await one(`select count(*) as n from orders where status <> 'draft'`),
      duplicateNumbers: await one(`select count(*) as n from (select number from orders where number is not null group by number having count(*) > 1) d`),
      overReserved: await one(`select count(*) as n from stock_levels where reserved > on_hand`),
      reservedMismatch: await one(
        `select count(*) as n from stock_levels s
          where s.reserved <> coalesce((select sum(l.reserved_qty) from order_lines l join orders o on o.id = l.order_id where l.product_id = s.product_id and o.status <> 'draft'), 0)`,
      ),
      soldOut: await one(`select count(*) as n from stock_levels where on_hand - reserved < 2`),
    };
  } finally {
    await c.end();
  }
}

async function main() {
  const n = Number(a.processes);
  const concurrency = Number(a.concurrency);
  console.log(`machine: ${JSON.stringify(machineFacts())}, load ${loadAverage().join(' ')}`);
  await dropStaleBenchDatabases();
  const db = await createBenchDatabase();
  const procs: { proc: ChildProcess; url: string; startMs: number }[] = [];
  try {
    // One after the other: the first migrates the fresh database.
    for (let i = 0; i < n; i++) procs.push(await startProcess(db.url, Number(a['pool-size'])));
    const first = procs[0];
    if (!first) throw new Error('no process');
    const headers = await authenticate(first.url);
    const api = jsonClient(first.url, () => headers);
    const ownerHeaders = await ownerSession(first.url);
    const rounds = [];
    for (let round = 1; round <= Number(a.rounds); round++) {
      const catalogue = await setUpCatalogue(api, `${runId}r${round}`);
      // Some sofas (one is on every order) get little stock, so they sell out while both processes take orders.
      const owner = jsonClient(first.url, () => ownerHeaders);
      for (const s of catalogue.sofas.slice(0, Number(a['low-stock-sofas']))) {
        const r = await owner('POST', `/api/v1/products/${s.id}/stock-adjustments`, { onHand: Number(a['low-stock']), reason: 'bench: little stock' });
        if (r.status !== 200 && r.status !== 201) throw new Error(`stock adjustment failed: ${r.status} ${JSON.stringify(r.body)}`);
      }
      const idle = procs.map((p) => rssMiB(p.proc.pid ?? 0));
      const peak = procs.map(() => 0);
      const sampler = setInterval(() => procs.forEach((p, i) => (peak[i] = Math.max(peak[i] ?? 0, rssMiB(p.proc.pid ?? 0)))), 200);
      const result = await runCellInChild({
        mode: 'http',
        concurrency,
        warmupMs: Number(a.warmup) * 1000,
        durationMs: Number(a.seconds) * 1000,
        catalogue,
        seed: round,
        uniquePrefix: `scale-${runId}-${round}`,
        urls: procs.map((p) => p.url),
        headers,
      });
      clearInterval(sampler);
      const found = await anomalies(db.url);
      const row = { round, ordersPerSecond: result.ordersPerSecond, p50: result.latencyMs.p50, p99: result.latencyMs.p99, ok: result.ok, errors: result.errorKinds, rssIdleMiB: idle, rssPeakMiB: peak, ...found, load: loadAverage() };
      console.log(JSON.stringify(row));
      rounds.push(row);
    }
    console.log(
      `\n${n} processes, c=${concurrency}: median ${median(rounds.map((r) => r.ordersPerSecond))} orders/s, p99 ${median(rounds.map((r) => r.p99))} ms; ` +
        `duplicate numbers ${Math.max(...rounds.map((r) => r.duplicateNumbers))}, over-reserved rows ${Math.max(...rounds.map((r) => r.overReserved))}, ` +
        `reserved ≠ lines ${Math.max(...rounds.map((r) => r.reservedMismatch))}; start to ready ${procs.map((p) => p.startMs).join(' / ')} ms`,
    );
  } finally {
    for (const p of procs) p.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
