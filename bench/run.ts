/**
 * `npm run bench`: places real orders through the HTTP API on PGlite and
 * PostgreSQL at several concurrencies, times the bare-SQL ceiling of the same
 * writes, and measures the order listing over a million orders. Writes
 * bench/results/<date>.json and prints the tables for BENCHMARKS.md.
 *
 *   npm run bench -- [--seconds 10] [--warmup 3] [--concurrency 1,8,32] [--engines pglite,postgres]
 *                    [--parts placement,listing] [--rounds 1] [--pool-size 10]
 *                    [--listing-rows 1000000] [--listing-pglite-rows 1000000] [--floor yes] [--out bench/results/<date>.json]
 *
 *   On PostgreSQL each round also measures the HTTP floor (bench/floor.ts: the ceiling's SQL behind a bare
 *   Fastify route, through the same load client); --floor no leaves it out.
 *
 *   Releasing confirmed orders to fulfilment (bench/release.ts), with its own orders prepared per cell:
 *   npm run bench -- --parts release --engines postgres,pglite --concurrency 1,8 --seconds 4 --warmup 1 --rounds 3
 *                    [--release-orders 600] [--release-pglite-orders 300]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/shared/db.ts';
import { placementOn, type PlacementCell } from './placement.ts';
import { listingOn, type ListingResult } from './listing.ts';
import { releaseOn, releaseTable, summariseRelease, type ReleaseCell } from './release.ts';
import { median } from './stats.ts';
import { dropStaleBenchDatabases, loadAverage, machineFacts, postgresFacts } from './support.ts';

const { values: a } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,8,32' },
    engines: { type: 'string', default: 'pglite,postgres' },
    parts: { type: 'string', default: 'placement,listing' },
    rounds: { type: 'string', default: '1' },
    'pool-size': { type: 'string', default: '10' },
    'listing-rows': { type: 'string', default: '1000000' },
    'listing-pglite-rows': { type: 'string', default: '1000000' },
    'release-orders': { type: 'string', default: '600' },
    'release-pglite-orders': { type: 'string', default: '300' },
    floor: { type: 'string', default: 'yes' },
    out: { type: 'string' },
  },
});

const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
};
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const engines = list(a.engines).map((e) => {
  if (e !== 'pglite' && e !== 'postgres') throw new Error(`unknown engine ${e}`);
  return e as Engine;
});
const parts = new Set(list(a.parts));
const concurrency = list(a.concurrency).map((c) => num('concurrency', c));
const date = new Date().toISOString().slice(0, 10);
const out = a.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `${date}.json`);
const runId = Date.now().toString(36);
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

const GOALS = { postgresC8OrdersPerSecond: 1000, postgresC8P99Ms: 50, ratioToCeiling: 0.7, pgliteOrdersPerSecond: 300 };

type Summary = {
  engine: Engine;
  concurrency: number;
  ordersPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per order: server process (with PGlite: the database too) + PostgreSQL backends. */
  cpuMsPerOrder: number;
  ceilingOrdersPerSecond?: number;
  ceilingP50?: number;
  ceilingP99?: number;
  ceilingCpuMsPerOrder?: number;
  ratioToCeiling?: number;
  /** PostgreSQL: the HTTP floor (the ceiling's SQL behind a bare HTTP route, same load client), medians over rounds. */
  floorOrdersPerSecond?: number;
  floorP99?: number;
  floorCpuMsPerOrder?: number;
  /** The floor's orders/s over the ceiling's (per round, then the median): the most any HTTP placement reaches here. */
  floorToCeiling?: number;
  /** The app's HTTP orders/s over the floor's. */
  ratioToFloor?: number;
  /** Server RSS (MiB) before the HTTP cells and at their peak (medians over rounds). */
  rssIdleMiB: number;
  rssPeakMiB: number;
};

function summarise(cells: PlacementCell[]): Summary[] {
  const out: Summary[] = [];
  for (const engine of engines) {
    for (const c of concurrency) {
      const pick = (mode: PlacementCell['mode']) => cells.filter((x) => x.engine === engine && x.concurrency === c && x.mode === mode);
      const http = pick('http');
      if (!http.length) continue;
      const s: Summary = {
        engine,
        concurrency: c,
        ordersPerSecond: median(http.map((x) => x.ordersPerSecond)),
        p50: median(http.map((x) => x.latencyMs.p50)),
        p99: median(http.map((x) => x.latencyMs.p99)),
        errors: http.reduce((n, x) => n + x.errors, 0),
        cpuMsPerOrder: median(http.map((x) => x.cpuMsPerRequest.serverAndDatabase)),
        rssIdleMiB: median(http.map((x) => x.rssMiB.idle)),
        rssPeakMiB: median(http.map((x) => x.rssMiB.peak)),
      };
      const sql = pick('sql');
      if (sql.length) {
        s.ceilingOrdersPerSecond = median(sql.map((x) => x.ordersPerSecond));
        s.ceilingP50 = median(sql.map((x) => x.latencyMs.p50));
        s.ceilingP99 = median(sql.map((x) => x.latencyMs.p99));
        s.ceilingCpuMsPerOrder = median(sql.map((x) => x.cpuMsPerRequest.serverAndDatabase));
        // The ratio per round (HTTP and its ceiling ran back to back), then the median.
        s.ratioToCeiling = Math.round(median(http.map((h) => h.ordersPerSecond / (sql.find((q) => q.round === h.round)?.ordersPerSecond ?? Number.NaN))) * 100) / 100;
      }
      const floor = pick('floor');
      if (floor.length) {
        s.floorOrdersPerSecond = median(floor.map((x) => x.ordersPerSecond));
        s.floorP99 = median(floor.map((x) => x.latencyMs.p99));
        s.floorCpuMsPerOrder = median(floor.map((x) => x.cpuMsPerRequest.serverAndDatabase));
        const perRound = (num: PlacementCell[], den: PlacementCell[]) =>
          Math.round(median(num.map((n) => n.ordersPerSecond / (den.find((d) => d.round === n.round)?.ordersPerSecond ?? Number.NaN))) * 100) / 100;
        if (sql.length) s.floorToCeiling = perRound(floor, sql);
        s.ratioToFloor = perRound(http, floor);
      }
      out.push(s);
    }
  }
  return out;
}

function placementTable(rows: Summary[]): string {
  const lines = [
    '| engine | concurrency | orders/s | p50 ms | p99 ms | errors | CPU ms/order | bare-SQL ceiling orders/s (p50 / p99 ms) | ceiling CPU ms/order | HTTP / ceiling | HTTP floor orders/s (p99 ms) | floor CPU ms/order | floor / ceiling | HTTP / floor | server RSS MiB idle → peak |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ceiling = r.ceilingOrdersPerSecond !== undefined ? `${r.ceilingOrdersPerSecond} (${r.ceilingP50} / ${r.ceilingP99})` : '—';
    const floor = r.floorOrdersPerSecond !== undefined ? `${r.floorOrdersPerSecond} (${r.floorP99})` : '—';
    lines.push(
      `| ${r.engine} | ${r.concurrency} | ${r.ordersPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMsPerOrder} | ${ceiling} | ${r.ceilingCpuMsPerOrder ?? '—'} | ${r.ratioToCeiling ?? '—'} | ${floor} | ${r.floorCpuMsPerOrder ?? '—'} | ${r.floorToCeiling ?? '—'} | ${r.ratioToFloor ?? '—'} | ${r.rssIdleMiB} → ${r.rssPeakMiB} |`,
    );
  }
  return lines.join('\n');
}

function listingTable(results: ListingResult[]): string {
  const lines = ['| engine | rows | query | p50 ms | p95 ms | requests | items on page |', '|---|---:|---|---:|---:|---:|---:|'];
  for (const r of results) for (const q of r.queries) lines.push(`| ${r.engine} | ${r.rows.toLocaleString('en')} | ${q.name} | ${q.latencyMs.p50} | ${q.latencyMs.p95} | ${q.latencyMs.count} | ${q.items} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const machine = machineFacts();
  log(`load average at start: ${loadAverage().join(' ')}`);
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, commit ${machine.commit}, load ${loadAverage().join(' ')}`);
  const usesPostgres = engines.includes('postgres');
  const postgres = usesPostgres ? await postgresFacts() : undefined;
  if (usesPostgres) await dropStaleBenchDatabases();

  const cells: PlacementCell[] = [];
  if (parts.has('placement')) {
    for (const engine of engines) {
      cells.push(
        ...(await placementOn(
          engine,
          { concurrency, warmupMs: num('warmup', a.warmup) * 1000, durationMs: num('seconds', a.seconds) * 1000, poolSize: num('pool-size', a['pool-size']), rounds: num('rounds', a.rounds), runId, floor: a.floor !== 'no' },
          log,
        )),
      );
    }
  }
  const listing: ListingResult[] = [];
  if (parts.has('listing')) {
    const rowsFor: Record<Engine, number> = { postgres: num('listing-rows', a['listing-rows']), pglite: num('listing-pglite-rows', a['listing-pglite-rows']) };
    for (const engine of engines) {
      if (rowsFor[engine] > 0) listing.push(await listingOn(engine, rowsFor[engine], { poolSize: num('pool-size', a['pool-size']) }, log));
    }
  }

  const releaseCells: ReleaseCell[] = [];
  if (parts.has('release')) {
    const ordersPerCell: Record<Engine, number> = { postgres: num('release-orders', a['release-orders']), pglite: num('release-pglite-orders', a['release-pglite-orders']) };
    for (const engine of engines) {
      releaseCells.push(
        ...(await releaseOn(
          engine,
          { concurrency, warmupMs: num('warmup', a.warmup) * 1000, durationMs: num('seconds', a.seconds) * 1000, poolSize: num('pool-size', a['pool-size']), rounds: num('rounds', a.rounds), runId, ordersPerCell },
          log,
        )),
      );
    }
  }
  const releaseSummary = summariseRelease(releaseCells, engines, concurrency);

  const summary = summarise(cells);
  const report = {
    date,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    postgres,
    settings: { concurrency, warmupSeconds: num('warmup', a.warmup), measureSeconds: num('seconds', a.seconds), rounds: num('rounds', a.rounds), appPoolSize: num('pool-size', a['pool-size']) },
    goals: GOALS,
    placement: { summary, cells },
    listing,
    ...(releaseCells.length ? { release: { summary: releaseSummary, cells: releaseCells } } : {}),
  };
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  if (summary.length) console.log('\n## Placing orders\n\n' + placementTable(summary));
  if (releaseSummary.length) console.log('\n## Releasing orders to fulfilment\n\n' + releaseTable(releaseSummary));
  if (listing.length) console.log('\n## Order listing\n\n' + listingTable(listing));
  console.log(`\nWritten ${path.relative(process.cwd(), out)} in ${report.durationSeconds} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
