/**
 * Where a placement's server CPU goes, by subtraction rather than by sampling.
 * One process, one order at a time (no concurrency, no load client sharing the
 * cores), on a fresh database (PostgreSQL, or `--engine pglite`: a fresh PGlite
 * folder, the database then in this process); three ways of placing the same kind
 * of order, in alternating blocks:
 *
 *   inject  — the app's own route through Fastify's `inject` (authentication,
 *             request validation, the handler, the response body) without a socket;
 *   direct  — the handler's `placeOrder` called with the input already checked (before
 *             the clock starts): the domain and data layer alone (Drizzle, pg, reactions);
 *   ceiling — the bare-SQL ceiling's transaction (ceiling.ts) through pg (or PGlite's API).
 *
 * `--acknowledge both` runs each mode twice in every round, with the shop orders'
 * acknowledgement e-mail (as by default) and without it (`<mode>-noack`): what queueing it costs.
 * Run it with BENCH_OUTBOX_WORKER=false to leave the e-mails' delivery out of every mode.
 *
 * CPU per order of this process and of the PostgreSQL backends, median of the
 * blocks. inject − direct is the HTTP layer in the app; direct − ceiling is what
 * the domain and data layer cost beyond the bare writes.
 *
 *   npx tsx bench/decompose.ts [--engine postgres|pglite] [--orders 300] [--blocks 5] [--modes inject,direct,ceiling] [--acknowledge yes|both] [--channel web] [--out bench/results/<file>.json]
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { getSettings, updateSettings } from '../src/settings/settings.use-cases.ts';
import type { Settings } from '../src/settings/settings.ts';
import { parseArgs } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { startApp } from '../src/app.ts';
import { buildOrderReactions } from '../src/app/order-reactions.ts';
import { placeOrder } from '../src/orders/place-order.ts';
import { placeOrderInputSchema, type PlaceOrderInput } from '../src/orders/order.ts';
import { AppError } from '../src/shared/errors.ts';
import type { Actor } from '../src/shared/actor.ts';
import { authenticate, benchConfig } from './auth.ts';
import { ceilingOrder, ceilingOrderPglite, OutOfStock } from './ceiling.ts';
import { setUpCatalogue } from './placement.ts';
import { backendCpuMs, cpuBetween, createBenchDatabase, gitCommit, jsonClient, loadAverage, mainThreadCpuMs } from './support.ts';
import { median } from './stats.ts';
import { httpBody, orderPlanner, type OrderPlan } from './workload.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    orders: { type: 'string', default: '300' },
    blocks: { type: 'string', default: '5' },
    modes: { type: 'string', default: 'inject,direct,ceiling' },
    acknowledge: { type: 'string', default: 'yes' },
    channel: { type: 'string' },
    out: { type: 'string' },
  },
});
const ORDERS = Number(values.orders);
const BLOCKS = Number(values.blocks);
const log = (s: string) => process.stdout.write(`${s}\n`);
const round2 = (x: number) => Math.round(x * 100) / 100;

type Way = 'inject' | 'direct' | 'ceiling';
type Mode = Way | `${Way}-noack`;
type Block = { mode: Mode; block: number; orders: number; refused: number; serverMs: number; userMs: number; mainThreadMs: number; databaseMs: number; wallMs: number };

const engine = values.engine === 'pglite' ? 'pglite' : 'postgres';
const pgDb = engine === 'postgres' ? await createBenchDatabase() : undefined;
const dir = engine === 'pglite' ? await mkdtemp(path.join(os.tmpdir(), 'orderly-decompose-')) : undefined;
const running = await startApp(benchConfig(), pgDb ? { kind: 'postgres', url: pgDb.url, poolSize: 10 } : { kind: 'pglite', dataDir: path.join(dir ?? '', 'data') });
const pool = pgDb ? new pg.Pool({ connectionString: pgDb.url, max: 2 }) : undefined;
const pglite = engine === 'pglite' ? (running.database.db as unknown as { $client: PGlite }).$client : undefined;
const databaseCpu = async () => (pgDb ? backendCpuMs(pgDb.name) : new Map<number, number>());
try {
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const headers = await authenticate(url);
  const catalogue = await setUpCatalogue(jsonClient(url, () => headers), `decompose-${Date.now()}`);
  const reactions = buildOrderReactions({ feedbackDayMs: benchConfig().feedbackDayMs });
  const acknowledge = async (channels: Settings['notifications']['acknowledgeChannels']) => {
    const current = await getSettings(running.database.db);
    await updateSettings(running.database.db, { notifications: { ...current.notifications, acknowledgeChannels: channels } });
  };
  const defaultChannels = (await getSettings(running.database.db)).notifications.acknowledgeChannels;
  const actor: Actor = { kind: 'token', id: '00000000-0000-4000-8000-000000000000', name: 'bench-direct' };
  let seed = 1;
  // What a client or the route's validator would have made of a plan is made before the clock starts.
  type Prepared = { plan: OrderPlan; body: string; input: PlaceOrderInput };
  const prepare = (plan: OrderPlan): Prepared => {
    const body = httpBody(plan);
    return { plan, body: JSON.stringify(body), input: placeOrderInputSchema.parse(body) };
  };
  const headersWithType = { ...headers, 'content-type': 'application/json' };
  const place: Record<Way, (p: Prepared) => Promise<boolean>> = {
    inject: async ({ body }) => {
      const res = await running.app.inject({ method: 'POST', url: '/api/v1/orders', headers: headersWithType, payload: body });
      if (res.statusCode === 201) return true;
      if (res.statusCode === 409) return false;
      throw new Error(`inject: ${res.statusCode} ${res.body.slice(0, 300)}`);
    },
    direct: async ({ input }) => {
      try {
        await placeOrder(running.database.db, reactions, input, actor);
        return true;
      } catch (e) {
        if (e instanceof AppError && e.code === 'out_of_stock') return false;
        throw e;
      }
    },
    ceiling: async ({ plan }) => {
      try {
        if (pglite) await ceilingOrderPglite(pglite, plan);
        else if (pool) await ceilingOrder(pool, plan);
        return true;
      } catch (e) {
        if (e instanceof OutOfStock) return false;
        throw e;
      }
    },
  };
  const blocks: Block[] = [];
  const ways = (values.modes ?? '').split(',') as Way[];
  if (!ways.length || ways.some((m) => !(m in place))) throw new Error('--modes: inject, direct and/or ceiling');
  const modes: Mode[] = values.acknowledge === 'both' ? ways.flatMap((w) => [w, `${w}-noack` as const]) : ways;
  // A warm-up block of each first (JIT, prepared statements, caches), not counted.
  for (let b = 0; b <= BLOCKS; b++) {
    for (const mode of modes) {
      await acknowledge(mode.endsWith('-noack') ? [] : defaultChannels);
      const next = orderPlanner(catalogue, seed++, `decompose-${mode}-${b}-${Date.now()}`);
      const plans = Array.from({ length: ORDERS }, () => next()).map((p) => prepare(values.channel ? { ...p, channel: values.channel as OrderPlan['channel'] } : p));
      const dbBefore = await databaseCpu();
      const mainBefore = mainThreadCpuMs();
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      let refused = 0;
      const way = mode.replace(/-noack$/, '') as Way;
      for (const plan of plans) if (!(await place[way](plan))) refused++;
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuBefore);
      const databaseMs = cpuBetween(dbBefore, await databaseCpu());
      const mainThreadMs = (mainThreadCpuMs() - mainBefore) / ORDERS;
      if (b === 0) continue;
      const r: Block = { mode, block: b, orders: ORDERS, refused, serverMs: (cpu.user + cpu.system) / 1000 / ORDERS, userMs: cpu.user / 1000 / ORDERS, mainThreadMs, databaseMs: databaseMs / ORDERS, wallMs: wallMs / ORDERS };
      blocks.push(r);
      log(`block ${b} ${mode.padEnd(7)}: server ${round2(r.serverMs)} ms/order (user ${round2(r.userMs)}), database ${round2(r.databaseMs)}, wall ${round2(r.wallMs)}; ${refused} refused (sold out); main thread ${round2(mainThreadMs)}, other threads ${round2(r.serverMs - mainThreadMs)}; load ${loadAverage()[0]}`);
    }
  }
  const METRICS = ['serverMs', 'userMs', 'mainThreadMs', 'databaseMs', 'wallMs'] as const;
  type Summary = Record<(typeof METRICS)[number], number>;
  const summary: Partial<Record<Mode, Summary>> = Object.fromEntries(
    modes.map((mode) => {
      const xs = blocks.filter((x) => x.mode === mode);
      return [mode, Object.fromEntries(METRICS.map((k) => [k, round2(median(xs.map((x) => x[k])))])) as Summary];
    }),
  );
  log('\n| way | server CPU ms/order | of it user | of it main thread | database CPU ms/order | wall ms/order |\n|---|---:|---:|---:|---:|---:|');
  for (const mode of modes) log(`| ${mode} | ${METRICS.map((k) => summary[mode]?.[k]).join(' | ')} |`);
  const { inject, direct, ceiling } = summary;
  if (inject && direct) log(`\nHTTP layer in the app (inject − direct): ${round2(inject.serverMs - direct.serverMs)} ms server, ${round2(inject.databaseMs - direct.databaseMs)} ms database`);
  if (direct && ceiling) log(`domain and data layer beyond the bare writes (direct − ceiling): ${round2(direct.serverMs - ceiling.serverMs)} ms server, ${round2(direct.databaseMs - ceiling.databaseMs)} ms database`);
  if (values.out) {
    const commit = gitCommit();
    writeFileSync(values.out, JSON.stringify({ commit, engine, acknowledge: values.acknowledge, orders: ORDERS, blocks: BLOCKS, loadAverage: loadAverage(), summary, cells: blocks }, null, 2));
    log(`Written ${values.out}`);
  }
} finally {
  await pool?.end();
  await running.stop();
  await pgDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
