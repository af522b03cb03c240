/**
 * Releasing confirmed orders to fulfilment (`--parts release`): POST
 * /api/v1/orders/{id}/start-fulfilment on orders of three lines — a stocked
 * sofa, a made-to-order wardrobe (a manufacturer) and a third-party lamp (a
 * supplier) — with the payment hold off (payments.holdUntilPaid = []). All four
 * parties (warehouse, accounts, manufacturer, supplier) have an e-mail address,
 * so each release writes 4 work items and queues 4 hand-off mails in the outbox
 * in its transaction.
 *
 * Not timed: the orders are placed and confirmed through the API before each
 * cell, and the outbox is left to drain (the confirmation mails) before the
 * cell starts. Timed: the releases only, from a child process (see
 * release-client.ts). With the outbox worker on (the default), the mail
 * dispatcher in the server process delivers the hand-off mails (to the local
 * mailbox: the bench has no SMTP server) while the cell runs, and its CPU counts
 * in the server's; BENCH_OUTBOX_WORKER=false measures the releases without it.
 * Verified after each cell, not timed: every released order
 * is in fulfilment with exactly 4 work items and 4 hand-off mails, each with its
 * outbox row; otherwise the run fails.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { startApp } from '../src/app.ts';
import type { DatabaseTarget, Db, Engine } from '../src/shared/db.ts';
import { authenticate, benchConfig } from './auth.ts';
import type { ReleaseCellRequest, ReleaseCellResult } from './release-client.ts';
import { backendCpuMs, cpuBetween, createBenchDatabase, jsonClient, loadAverage } from './support.ts';
import { INITIAL_STOCK, sofaForm, tableForm } from './workload.ts';

export type ReleaseOptions = { concurrency: number[]; warmupMs: number; durationMs: number; poolSize: number; rounds: number; runId: string; ordersPerCell: Record<Engine, number> };

export type ReleaseCell = Omit<ReleaseCellResult, 'releasedIds'> & {
  engine: Engine;
  round: number;
  prepared: number;
  /** Seconds spent placing and confirming the cell's orders (not timed). */
  prepareSeconds: number;
  loadAverage: number[];
  /** CPU ms per release over the whole cell (warm-up included): server process (PGlite: the database too), PostgreSQL backends, load client. */
  cpuMsPerRequest: { server: number; database: number; client: number; serverAndDatabase: number };
  verified: { orders: number; workItems: number; handOffMails: number; outboxRows: number };
  /** Whether the server's outbox workers ran (and delivered the hand-off mails) during the cell. */
  outboxWorker: boolean;
};

export type ReleaseSummary = { engine: Engine; concurrency: number; releasesPerSecond: number; p50: number; p99: number; errors: number; cpuMsPerRelease: number; serverCpuMs: number; databaseCpuMs: number; loadAverages: number[] };

const WORK_ITEMS_PER_RELEASE = 4;
const HANDOFF_MAILS_PER_RELEASE = 4;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

type Api = ReturnType<typeof jsonClient>;
type Skus = { sofa: string; wardrobe: string; lamp: string };

async function must<T>(p: Promise<{ status: number; body: T }>, status: number, what: string): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`release bench: ${what} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

async function setUp(api: Api, runId: string): Promise<Skus> {
  const settings = await must(api<{ payments: Record<string, unknown> }>('GET', '/api/v1/settings'), 200, 'reading settings');
  await must(api('PATCH', '/api/v1/settings', { payments: { ...settings.payments, holdUntilPaid: [] } }), 200, 'turning the payment hold off');
  type Party = { id: string; kind: string; version: number };
  for (const kind of ['warehouse', 'accounts'] as const) {
    const party = (await must(api<{ items: Party[] }>('GET', `/api/v1/parties?kind=${kind}`), 200, `listing the ${kind}`)).items[0];
    if (!party) throw new Error(`release bench: no built-in ${kind} party`);
    await must(api('PATCH', `/api/v1/parties/${party.id}`, { email: `${kind}@bench.example` }), 200, `giving the ${kind} an e-mail address`);
  }
  const maker = await must(api<Party>('POST', '/api/v1/parties', { kind: 'manufacturer', name: 'Bench Joinery', email: 'orders@joinery.bench.example', leadTimeDays: 6 }), 201, 'creating the manufacturer');
  const supplier = await must(api<Party>('POST', '/api/v1/parties', { kind: 'supplier', name: 'Bench Lamps', email: 'sales@lamps.bench.example', leadTimeDays: 10 }), 201, 'creating the supplier');
  const product = (body: Record<string, unknown>) => must(api<{ sku: string }>('POST', '/api/v1/products', { currency: 'EUR', taxRateBp: 2000, ...body }), 201, `creating ${String(body.sku)}`);
  const sofa = await product({ sku: `R${runId}-SOFA`, name: 'Sofa', priceMinor: 89_900, fulfilmentMode: 'stock', leadTimeDays: 3, initialStock: INITIAL_STOCK, formFields: sofaForm });
  const wardrobe = await product({ sku: `R${runId}-WARDROBE`, name: 'Wardrobe', priceMinor: 149_900, fulfilmentMode: 'made_to_order', formFields: tableForm, partyId: maker.id });
  const lamp = await product({ sku: `R${runId}-LAMP`, name: 'Lamp', priceMinor: 12_900, fulfilmentMode: 'third_party', leadTimeDays: 3, formFields: [], partyId: supplier.id });
  return { sofa: sofa.sku, wardrobe: wardrobe.sku, lamp: lamp.sku };
}

/** Places and confirms `n` orders (8 at a time), returning their ids in the order they were made. */
async function prepare(api: Api, skus: Skus, n: number, tag: string): Promise<string[]> {
  const ids: string[] = new Array<string>(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const body = {
        customer: { name: `Release Customer ${i}`, email: `release-${tag}-${i}@example.com` },
        lines: [
          { sku: skus.sofa, quantity: 1, fields: { fabric: 'linen', colour: 'Oat' } },
          { sku: skus.wardrobe, quantity: 1, fields: { finish: 'painted', paint_colour: 'Sage green' } },
          { sku: skus.lamp, quantity: 2, fields: {} },
        ],
        delivery: { method: 'shipping', address: { line1: '1 High Street', city: 'London', postalCode: 'N1 1AA', country: 'GB' } },
        channel: 'phone',
      };
      const placed = await must(api<{ id: string }>('POST', '/api/v1/orders', body), 201, 'placing an order to release');
      const confirmed = await must(api<{ status: string }>('POST', `/api/v1/orders/${placed.id}/confirm`, {}), 200, 'confirming an order to release');
      if (confirmed.status !== 'confirmed') throw new Error(`release bench: a confirmed order is ${confirmed.status}`);
      ids[i] = placed.id;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

/** Waits until the outbox has nothing pending (the confirmation mails of the prepared orders), so the cell's server CPU is the releases'. */
async function drainOutbox(db: Db, log: (s: string) => void): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [row] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*)::int as n from outbox where status = 'pending' and available_at <= now()`));
    const n = Number(row?.n ?? 0);
    if (n === 0) return;
    if (Date.now() > deadline) {
      log(`    outbox still has ${n} pending rows after 120 s; measuring anyway`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every released order: in fulfilment, exactly 4 work items, 4 hand-off mails each with its outbox row. Throws otherwise. */
async function verify(db: Db, ids: string[]): Promise<ReleaseCell['verified']> {
  if (!ids.length) throw new Error('release bench: the cell released no order');
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{ id: string; status: string; items: number | string; kinds: number | string; mails: number | string; outbox: number | string }>(
    await db.execute(sql`
      select o.id, o.status,
        (select count(*) from work_items w where w.order_id = o.id) as items,
        (select count(distinct w.kind) from work_items w where w.order_id = o.id) as kinds,
        (select count(*) from mail_messages m where m.order_id = o.id and m.template = 'work_item_handoff') as mails,
        (select count(*) from mail_messages m join outbox x on x.key = 'mail:' || m.id::text where m.order_id = o.id and m.template = 'work_item_handoff') as outbox
      from orders o where o.id in (${list})`),
  );
  const bad: string[] = [];
  if (rows.length !== ids.length) bad.push(`${ids.length - rows.length} released orders not found`);
  let items = 0;
  let mails = 0;
  let outbox = 0;
  for (const r of rows) {
    items += Number(r.items);
    mails += Number(r.mails);
    outbox += Number(r.outbox);
    if (r.status !== 'in_fulfilment' || Number(r.items) !== WORK_ITEMS_PER_RELEASE || Number(r.kinds) < 3 || Number(r.mails) !== HANDOFF_MAILS_PER_RELEASE || Number(r.outbox) !== HANDOFF_MAILS_PER_RELEASE) {
      if (bad.length < 5) bad.push(`order ${r.id}: status ${r.status}, ${r.items} work items (${r.kinds} kinds), ${r.mails} hand-off mails, ${r.outbox} outbox rows`);
      else if (bad.length === 5) bad.push('…');
    }
  }
  if (bad.length) throw new Error(`release bench: verification failed — ${bad.join('; ')}`);
  return { orders: rows.length, workItems: items, handOffMails: mails, outboxRows: outbox };
}

const clientScript = fileURLToPath(new URL('./release-client.ts', import.meta.url));

function runInChild(req: ReleaseCellRequest): Promise<ReleaseCellResult> {
  return new Promise((resolve, reject) => {
    const child = fork(clientScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const limit = req.warmupMs + req.durationMs + 60_000;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      if (!settled) reject(new Error(`release client did not finish within ${limit} ms`));
      settled = true;
    }, limit);
    child.once('message', (m: { result?: ReleaseCellResult; error?: string }) => {
      clearTimeout(timeout);
      if (settled) return;
      settled = true;
      if (m.result) resolve(m.result);
      else reject(new Error(`release client failed: ${m.error ?? 'unknown'}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timeout);
      if (!settled) reject(new Error(`release client exited with ${code}`));
      settled = true;
    });
    child.send(req);
  });
}

export async function releaseOn(engine: Engine, o: ReleaseOptions, log: (s: string) => void): Promise<ReleaseCell[]> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  let databaseName: string | undefined;
  if (engine === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orderly-bench-release-'));
    target = { kind: 'pglite', dataDir: path.join(dir, 'data') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const db = await createBenchDatabase();
    databaseName = db.name;
    target = { kind: 'postgres', url: db.url, poolSize: o.poolSize };
    cleanup = db.drop;
  }
  const cells: ReleaseCell[] = [];
  try {
    const running = await startApp(benchConfig(), target);
    try {
      await running.app.listen({ port: 0, host: '127.0.0.1' });
      const address = running.app.server.address();
      if (!address || typeof address === 'string') throw new Error('server has no port');
      const url = `http://127.0.0.1:${address.port}`;
      const ownerHeaders = await authenticate(url, 'owner');
      const warehouseHeaders = await authenticate(url, 'warehouse');
      const api = jsonClient(url, () => ownerHeaders);
      const skus = await setUp(api, o.runId);
      log(`${engine}: release bench server on ${url}; 4 parties with e-mail, payment hold off, outbox worker ${running.mailer ? 'on' : 'off'}`);
      for (let round = 1; round <= o.rounds; round++) {
        for (const c of o.concurrency) {
          const t0 = Date.now();
          const orderIds = await prepare(api, skus, o.ordersPerCell[engine], `${o.runId}-${engine}-${round}-${c}`);
          // Without the outbox worker (BENCH_OUTBOX_WORKER=false) nothing drains: the cell measures the release transaction alone.
          if (running.mailer) await drainOutbox(running.database.db, log);
          const prepareSeconds = Math.round((Date.now() - t0) / 100) / 10;
          const serverBefore = process.cpuUsage();
          const dbBefore = databaseName ? await backendCpuMs(databaseName) : new Map<number, number>();
          const { releasedIds, ...result } = await runInChild({ concurrency: c, warmupMs: o.warmupMs, durationMs: o.durationMs, url, headers: warehouseHeaders, orderIds });
          const serverMs = cpuMs(process.cpuUsage(serverBefore));
          const dbMs = databaseName ? cpuBetween(dbBefore, await backendCpuMs(databaseName)) : 0;
          const requests = Math.max(1, result.used);
          const per = (ms: number) => Math.round((ms / requests) * 100) / 100;
          const cpuMsPerRequest = { server: per(serverMs), database: per(dbMs), client: per(result.clientCpuMs), serverAndDatabase: per(serverMs + dbMs) };
          const load = loadAverage();
          if (result.errors) throw new Error(`release bench: ${engine} c=${c} round ${round}: ${result.errors} releases failed ${JSON.stringify(result.errorKinds)}: ${result.errorSamples.join(' | ')}`);
          const verified = await verify(running.database.db, releasedIds);
          cells.push({ ...result, engine, round, prepared: orderIds.length, prepareSeconds, loadAverage: load, cpuMsPerRequest, verified, outboxWorker: Boolean(running.mailer) });
          const l = result.latencyMs;
          log(
            `${engine.padEnd(8)} release c=${String(c).padEnd(2)} round ${round}: ${result.releasesPerSecond} releases/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ${result.ok} ok (+${result.warmupRequests} warm-up) of ${orderIds.length} prepared in ${prepareSeconds} s${result.exhausted ? ' — RAN OUT of prepared orders' : ''}; CPU ms/release: server ${cpuMsPerRequest.server}, database ${cpuMsPerRequest.database}, client ${cpuMsPerRequest.client}; verified ${verified.orders} orders, ${verified.workItems} work items, ${verified.handOffMails} hand-off mails; load ${load[0]}`,
          );
        }
      }
    } finally {
      await running.stop();
    }
  } finally {
    await cleanup();
  }
  return cells;
}

export function summariseRelease(cells: ReleaseCell[], engines: Engine[], concurrency: number[]): ReleaseSummary[] {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
  };
  const out: ReleaseSummary[] = [];
  for (const engine of engines) {
    for (const c of concurrency) {
      const xs = cells.filter((x) => x.engine === engine && x.concurrency === c);
      if (!xs.length) continue;
      out.push({
        engine,
        concurrency: c,
        releasesPerSecond: median(xs.map((x) => x.releasesPerSecond)),
        p50: median(xs.map((x) => x.latencyMs.p50)),
        p99: median(xs.map((x) => x.latencyMs.p99)),
        errors: xs.reduce((n, x) => n + x.errors, 0),
        cpuMsPerRelease: median(xs.map((x) => x.cpuMsPerRequest.serverAndDatabase)),
        serverCpuMs: median(xs.map((x) => x.cpuMsPerRequest.server)),
        databaseCpuMs: median(xs.map((x) => x.cpuMsPerRequest.database)),
        loadAverages: xs.map((x) => x.loadAverage[0] ?? Number.NaN),
      });
    }
  }
  return out;
}

export function releaseTable(rows: ReleaseSummary[]): string {
  // Each CPU column is its own median over the rounds, so server + database need not add up to the total.
  const lines = ['| engine | concurrency | releases/s | p50 ms | p99 ms | errors | CPU ms/release server / db / server+db | load (1 min) per round |', '|---|---:|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.engine} | ${r.concurrency} | ${r.releasesPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.serverCpuMs} / ${r.databaseCpuMs} / ${r.cpuMsPerRelease} | ${r.loadAverages.join(', ')} |`);
  return lines.join('\n');
}
