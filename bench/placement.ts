/**
 * Placing orders through the HTTP API on one engine, at several concurrencies;
 * each HTTP cell is followed by the bare-SQL ceiling at the same concurrency on
 * the same database, so the two are measured side by side (PostgreSQL: named
 * statements through pg from a child process; PGlite: PGlite's own API in the
 * process that holds the database, as the server does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app.ts';
import type { DatabaseTarget, Engine } from '../src/shared/db.ts';
import { authenticate, benchConfig } from './auth.ts';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../src/shared/db.ts';
import { ceilingOrderPglite, OutOfStock } from './ceiling.ts';
import { startFloorServer } from './floor.ts';
import { watchPgliteStatements } from './pglite-statements.ts';
import { drive, type CellMode, type CellRequest, type CellResult, type Op } from './load-client.ts';
import { backendCpuMs, cpuBetween, createBenchDatabase, jsonClient, loadAverage, runCellInChild } from './support.ts';
import { KNOWN_CUSTOMERS, orderPlanner, productBodies, type BenchProduct, type Catalogue, type KnownCustomer } from './workload.ts';

export type PlacementOptions = {
  concurrency: number[];
  warmupMs: number;
  durationMs: number;
  poolSize: number;
  rounds: number;
  runId: string;
  /** PostgreSQL: also measure the HTTP floor (floor.ts) in each round. */
  floor?: boolean;
};
/**
 * One measured cell. CPU per request is counted over the whole cell (warm-up
 * included): the server process (for PGlite that includes the database; for
 * the bare-SQL ceiling, the process driving pg), the PostgreSQL backends of the
 * run's database, and the HTTP load client. Unlike
 * orders/s it hardly moves when other work shares the machine.
 */
export type PlacementCell = CellResult & {
  engine: Engine;
  round: number;
  loadAverage: number[];
  cpuMsPerRequest: { server: number; database: number; client: number; serverAndDatabase: number };
  /** The kernel's part (system time) of the server process's CPU in the cell; null where the server is not this process (the PostgreSQL ceiling's client). */
  serverSystemShare: number | null;
  /** The server process's resident memory (MiB) before the cell (idle) and at its peak during it (sampled every 200 ms). */
  rssMiB: { idle: number; peak: number };
};

type ProductResponse = { id: string; sku: string; name: string; priceMinor: number; taxRateBp: number; leadTimeDays: number; fulfilmentMode: string };

export async function setUpCatalogue(request: ReturnType<typeof jsonClient>, runId: string): Promise<Catalogue> {
  const sofas: BenchProduct[] = [];
  const tables: BenchProduct[] = [];
  for (const { body, kind } of productBodies(runId)) {
    const res = await request<ProductResponse>('POST', '/api/v1/products', body);
    if (res.status !== 201) throw new Error(`creating a product failed: ${res.status} ${JSON.stringify(res.body)}`);
    const p = res.body;
    (kind === 'sofa' ? sofas : tables).push({ id: p.id, sku: p.sku, name: p.name, kind, stocked: p.fulfilmentMode === 'stock', priceMinor: p.priceMinor, taxRateBp: p.taxRateBp, leadTimeDays: p.leadTimeDays });
  }
  const customers: KnownCustomer[] = [];
  for (let i = 0; i < KNOWN_CUSTOMERS; i++) {
    const name = `Known Customer ${i}`;
    const res = await request<{ id: string; email: string }>('POST', '/api/v1/customers', { name, email: `known-${runId}-${i}@example.com` });
    if (res.status !== 201) throw new Error(`creating a customer failed: ${res.status} ${JSON.stringify(res.body)}`);
    customers.push({ id: res.body.id, name, email: res.body.email });
  }
  return { sofas, tables, customers };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The raw-PGlite ceiling at one concurrency: the same writes through PGlite's own API, in this process. */
async function pgliteCeilingCell(db: Db, req: CellRequest): Promise<CellResult> {
  const pglite = (db as unknown as { $client: PGlite }).$client;
  const nextPlan = orderPlanner(req.catalogue, req.seed, req.uniquePrefix);
  const op: Op = async (plan) => {
    try {
      await ceilingOrderPglite(pglite, plan);
      return { ok: true };
    } catch (e) {
      if (e instanceof OutOfStock) return { ok: false, kind: 'out_of_stock' };
      return { ok: false, kind: 'sql_error', sample: String(e).slice(0, 500) };
    }
  };
  const measured = await drive(req, nextPlan, op);
  return { ...measured, mode: 'sql', clientCpuMs: 0, backendCpuMs: 0 };
}

export async function placementOn(engine: Engine, o: PlacementOptions, log: (s: string) => void): Promise<PlacementCell[]> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  let databaseUrl: string | undefined;
  let databaseName: string | undefined;
  if (engine === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orderly-bench-'));
    target = { kind: 'pglite', dataDir: path.join(dir, 'data') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const db = await createBenchDatabase();
    databaseUrl = db.url;
    databaseName = db.name;
    target = { kind: 'postgres', url: db.url, poolSize: o.poolSize };
    cleanup = db.drop;
  }
  const cells: PlacementCell[] = [];
  try {
    const running = await startApp(benchConfig(), target);
    try {
      await running.app.listen({ port: 0, host: '127.0.0.1' });
      const address = running.app.server.address();
      if (!address || typeof address === 'string') throw new Error('server has no port');
      const url = `http://127.0.0.1:${address.port}`;
      const statements = engine === 'pglite' && process.env.BENCH_PGLITE_STATEMENTS ? watchPgliteStatements((running.database.db as unknown as { $client: PGlite }).$client) : undefined;
      const headers = await authenticate(url);
      const catalogue = await setUpCatalogue(jsonClient(url, () => headers), o.runId);
      log(`${engine}: server on ${url}, ${catalogue.sofas.length + catalogue.tables.length} products, ${catalogue.customers.length} known customers`);
      // PostgreSQL: the ceiling's SQL behind a bare HTTP route too (floor.ts), between the app and the ceiling.
      const floor = databaseUrl && o.floor ? await startFloorServer(databaseUrl, o.poolSize) : undefined;
      const modes: CellMode[] = floor ? ['http', 'floor', 'sql'] : ['http', 'sql'];
      let seed = 1;
      try {
        for (let round = 1; round <= o.rounds; round++) {
          for (const c of o.concurrency) {
            for (const mode of modes) {
              const mib = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
              const rssMiB = { idle: mib(), peak: mib() };
              const sampler = setInterval(() => (rssMiB.peak = Math.max(rssMiB.peak, mib())), 200);
              const serverBefore = process.cpuUsage();
              const dbBefore = databaseName ? await backendCpuMs(databaseName) : new Map<number, number>();
              const cell = {
                mode,
                concurrency: c,
                warmupMs: o.warmupMs,
                durationMs: o.durationMs,
                catalogue,
                seed: seed++,
                uniquePrefix: `new-${o.runId}-${engine}-${mode}-${round}-${c}`,
                url: mode === 'floor' && floor ? floor.url : url,
                headers: mode === 'floor' ? {} : headers,
                ...(databaseUrl ? { databaseUrl, poolSize: o.poolSize } : {}),
              };
              // PGlite's ceiling runs here, on the server's own database, through PGlite's API.
              const inProcess = mode === 'sql' && engine === 'pglite';
              statements?.reset();
              const result = await (inProcess ? pgliteCeilingCell(running.database.db, cell) : runCellInChild(cell)).finally(() => clearInterval(sampler));
              // For the PostgreSQL ceiling, the process that drives pg stands where the server stands.
              // For the floor, the bench process holds the floor server (and the app's idle server beside it).
              const serverUsage = process.cpuUsage(serverBefore);
              const serverIsHere = mode !== 'sql' || inProcess;
              const serverMs = serverIsHere ? cpuMs(serverUsage) : result.clientCpuMs;
              // The kernel's part of the server's CPU (socket writes and reads), when the server is this process.
              const serverSystemShare = serverIsHere ? Math.round((serverUsage.system / Math.max(1, serverUsage.user + serverUsage.system)) * 100) / 100 : null;
              const dbMs = mode === 'sql' ? result.backendCpuMs : databaseName ? cpuBetween(dbBefore, await backendCpuMs(databaseName)) : 0;
              const requests = Math.max(1, result.ok + result.errors + result.warmupRequests);
              const per = (ms: number) => Math.round((ms / requests) * 100) / 100;
              const cpuMsPerRequest = { server: per(serverMs), database: per(dbMs), client: mode !== 'sql' ? per(result.clientCpuMs) : 0, serverAndDatabase: per(serverMs + dbMs) };
              cells.push({ ...result, engine, round, loadAverage: loadAverage(), cpuMsPerRequest, serverSystemShare, rssMiB });
              const l = result.latencyMs;
              log(
                `${engine.padEnd(8)} ${({ http: 'HTTP', floor: 'floor', sql: 'bare SQL' } as const)[mode].padEnd(8)} c=${String(c).padEnd(3)} round ${round}: ${result.ordersPerSecond} orders/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ${result.ok} ok, ${result.errors} errors${result.errors ? ' ' + JSON.stringify(result.errorKinds) : ''}; CPU ms/order: server ${cpuMsPerRequest.server}${serverSystemShare === null ? '' : ` (kernel ${Math.round(serverSystemShare * 100)} %)`}, database ${cpuMsPerRequest.database}, client ${cpuMsPerRequest.client}; server RSS ${rssMiB.idle} → ${rssMiB.peak} MiB; load ${loadAverage()[0]}`,
              );
              for (const s of result.errorSamples) log(`    error sample: ${s}`);
              if (statements && mode === 'http') log(`PGlite statements in this cell (${result.ok + result.warmupRequests} orders):\n${statements.report()}`);
            }
          }
        }
      } finally {
        await floor?.close();
      }
    } finally {
      await running.stop();
    }
  } finally {
    await cleanup();
  }
  return cells;
}
