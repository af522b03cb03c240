/**
 * The load generator, run as a child process so it never shares an event loop
 * with the server it measures. It receives one cell to run (HTTP placements or
 * bare-SQL ceiling transactions at a concurrency), warms up, measures for a
 * fixed time, and sends back throughput, latencies and errors.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Pool } from 'undici';
import { ceilingOrder, OutOfStock } from './ceiling.ts';
import { FLOOR_PATH } from './floor.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { processCpuMs } from './support.ts';
import { httpBody, orderPlanner, type Catalogue, type OrderPlan } from './workload.ts';

/** http: the app's API; floor: the ceiling's SQL behind a bare HTTP route (floor.ts); sql: the bare-SQL ceiling. */
export type CellMode = 'http' | 'floor' | 'sql';

export type CellRequest = {
  mode: CellMode;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  catalogue: Catalogue;
  seed: number;
  uniquePrefix: string;
  /** http: the server's base URL and headers (authentication) to send; `urls`: several servers, taken in turn. */
  url?: string;
  urls?: string[];
  headers?: Record<string, string>;
  /** sql: the database and how many connections (like the app's pool). */
  databaseUrl?: string;
  poolSize?: number;
};

export type CellResult = {
  mode: CellMode;
  concurrency: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  errorSamples: string[];
  elapsedMs: number;
  ordersPerSecond: number;
  latencyMs: LatencySummary;
  warmupRequests: number;
  /** CPU ms the load client itself used, for the whole cell (warm-up included). */
  clientCpuMs: number;
  /** sql: CPU ms of the PostgreSQL backends serving the client's connections (read from /proc before closing them). */
  backendCpuMs: number;
};

export type Op = (plan: OrderPlan) => Promise<{ ok: true } | { ok: false; kind: string; sample?: string }>;

async function runCell(req: CellRequest): Promise<CellResult> {
  const cpuStart = process.cpuUsage();
  const nextPlan = orderPlanner(req.catalogue, req.seed, req.uniquePrefix);
  let op: Op;
  let close: () => Promise<void>;
  let backendCpu = () => 0;
  if (req.mode === 'http' || req.mode === 'floor') {
    const urls = req.urls ?? (req.url ? [req.url] : []);
    if (!urls.length) throw new Error('http cell without url');
    const pools = urls.map((u) => new Pool(u, { connections: Math.ceil(req.concurrency / urls.length), pipelining: 1, keepAliveTimeout: 30_000 }));
    const headers = { 'content-type': 'application/json', ...(req.headers ?? {}) };
    const floor = req.mode === 'floor';
    let turn = 0;
    op = async (plan) => {
      const pool = pools[turn++ % pools.length] as Pool;
      const res = await pool.request({ path: floor ? FLOOR_PATH : '/api/v1/orders', method: 'POST', headers, body: JSON.stringify(floor ? plan : httpBody(plan)) });
      const text = await res.body.text();
      if (res.statusCode === 201) return { ok: true };
      return { ok: false, kind: `http_${res.statusCode}`, sample: text.slice(0, 500) };
    };
    close = async () => {
      await Promise.all(pools.map((p) => p.close()));
    };
  } else {
    if (!req.databaseUrl) throw new Error('sql cell without databaseUrl');
    const pool = new pg.Pool({ connectionString: req.databaseUrl, max: Math.min(req.concurrency, req.poolSize ?? 10) });
    const pids = new Set<number>();
    pool.on('connect', (client) => {
      const pid = (client as unknown as { processID?: number }).processID;
      if (pid) pids.add(pid);
    });
    backendCpu = () => [...pids].reduce((ms, pid) => ms + processCpuMs(pid), 0);
    op = async (plan) => {
      try {
        await ceilingOrder(pool, plan);
        return { ok: true };
      } catch (e) {
        if (e instanceof OutOfStock) return { ok: false, kind: 'out_of_stock' };
        const code = (e as { code?: unknown }).code;
        return { ok: false, kind: `sql_${typeof code === 'string' ? code : 'error'}`, sample: String(e).slice(0, 500) };
      }
    };
    close = () => pool.end();
  }

  const measured = await drive(req, nextPlan, op);
  const backendCpuMs = backendCpu();
  await close();
  return { ...measured, mode: req.mode, clientCpuMs: Math.round(cpuMs(process.cpuUsage(cpuStart))), backendCpuMs: Math.round(backendCpuMs) };
}

/**
 * Runs `op` with `concurrency` workers: warms up, then measures for the cell's duration.
 * Used by the child's cells and, in the bench process itself, by the raw-PGlite ceiling.
 */
export async function drive(
  req: Pick<CellRequest, 'concurrency' | 'warmupMs' | 'durationMs'>,
  nextPlan: () => OrderPlan,
  op: Op,
): Promise<Omit<CellResult, 'mode' | 'clientCpuMs' | 'backendCpuMs'>> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  let warmupRequests = 0;
  const t0 = performance.now();
  const measureStart = t0 + req.warmupMs;
  const measureEnd = measureStart + req.durationMs;
  let lastDone = measureStart;

  const worker = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= measureEnd) return;
      const measured = start >= measureStart;
      let outcome: Awaited<ReturnType<Op>>;
      try {
        outcome = await op(nextPlan());
      } catch (e) {
        outcome = { ok: false, kind: `client_${(e as { code?: unknown }).code ?? 'error'}`, sample: String(e).slice(0, 500) };
      }
      const done = performance.now();
      if (!measured) {
        warmupRequests++;
        continue;
      }
      lastDone = Math.max(lastDone, done);
      if (outcome.ok) {
        ok++;
        latencies.push(done - start);
      } else {
        errors++;
        errorKinds[outcome.kind] = (errorKinds[outcome.kind] ?? 0) + 1;
        if (outcome.sample && errorSamples.length < 3) errorSamples.push(outcome.sample);
      }
    }
  };
  await Promise.all(Array.from({ length: req.concurrency }, worker));
  const elapsedMs = lastDone - measureStart;
  return {
    concurrency: req.concurrency,
    ok,
    errors,
    errorKinds,
    errorSamples,
    elapsedMs: Math.round(elapsedMs),
    ordersPerSecond: Math.round((ok / elapsedMs) * 1000 * 10) / 10,
    latencyMs: summarize(latencies),
    warmupRequests,
  };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

if (process.send) {
  process.once('message', (msg: CellRequest) => {
    runCell(msg).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (e: unknown) => process.send?.({ error: String(e instanceof Error ? (e.stack ?? e.message) : e) }, () => process.exit(1)),
    );
  });
}
