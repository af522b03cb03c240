/**
 * The order listing over many orders: bulk-loads N orders (one SQL statement
 * over generate_series, with a realistic spread of status, channel, age and
 * customers), then times GET /api/v1/orders for the filters staff use, and
 * keeps the EXPLAIN ANALYZE of each query.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Pool } from 'undici';
import { startApp } from '../src/app.ts';
import type { DatabaseTarget, Db, Engine } from '../src/shared/db.ts';
import { rows as sqlRows } from '../src/shared/sql.ts';
import { createdAtCursor as orderCursor } from '../src/shared/cursor.ts';
import { listOrdersQuery, type ListFilter } from '../src/orders/orders.repository.ts';
import type { OrderStatus } from '../src/orders/lifecycle.ts';
import { authenticate, benchConfig } from './auth.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { createBenchDatabase } from './support.ts';

export type ListingQuery = { name: string; path: string; items: number; latencyMs: LatencySummary; plan: string[] };
export type ListingResult = { engine: Engine; rows: number; customers: number; loadSeconds: number; indexSeconds: number; queries: ListingQuery[] };

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Tim', 'Hedy', 'Linus', 'Anita', 'Niklaus', 'Sophie', 'Mehmet', 'Ayse', 'Jurgen', 'Emma', 'Oliver', 'Mia', 'Noah', 'Lena', 'Elif', 'Can', 'Zeynep', 'Lucas', 'Hanna', 'Mateo', 'Chloe', 'Yusuf', 'Nora', 'Ivan', 'Olga', 'Pierre', 'Ines', 'Marco', 'Sara'];
const SYL1 = ['ber', 'cal', 'dor', 'fen', 'gar', 'hol', 'kin', 'lam', 'mor', 'nel', 'par', 'quin', 'ros', 'sal', 'tor', 'vel', 'wil', 'yar', 'zan', 'bro'];
const SYL2 = ['ton', 'son', 'man', 'ley', 'berg', 'field', 'wood', 'ford', 'ham', 'well', 'stein', 'mann', 'ez', 'ini', 'ova', 'sky', 'ard', 'ock', 'us', 'ell'];
const arr = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/**
 * The load, as plain SQL both engines run: customers (one for every 20 orders),
 * then orders whose age grows with their number over three years; recent ones
 * spread over the open states, older ones mostly completed or cancelled; a few
 * customers order very often (cubic skew). Lines and timelines are not loaded:
 * the listing reads neither.
 */
function loadStatements(n: number, customers: number): string[] {
  return [
    `select setseed(0.4242)`,
    `insert into customers (name, email, email_normalized, search_text, created_at, updated_at)
     select fn || ' ' || sn, e, e, lower(fn || ' ' || sn || ' ' || e), now() - interval '4 years', now() - interval '4 years'
       from (select fn, sn, lower(fn || '.' || sn || '.' || i || '@example.com') as e
               from (select i, (${arr(FIRST)})[1 + floor(random() * ${FIRST.length})::int] as fn,
                            initcap((${arr(SYL1)})[1 + floor(random() * ${SYL1.length})::int] || (${arr(SYL2)})[1 + floor(random() * ${SYL2.length})::int]) as sn
                       from generate_series(1, ${customers}) i) a) b`,
    `create temp table bench_c as select row_number() over (order by email) as n, id, name, email from customers`,
    `create index on bench_c (n)`,
    `insert into orders (id, number, status, channel, customer_id, customer_name, customer_email, customer, delivery, currency,
                         lines_total_minor, tax_total_minor, grand_total_minor, expected_completion_date, created_by, search_text, placed_at, created_at, updated_at)
     select gen_random_uuid(), o.num, o.st, o.ch, c.id, c.name, c.email, jsonb_build_object('id', c.id, 'name', c.name, 'email', c.email),
            '{"method":"shipping"}'::jsonb, 'EUR', o.net, o.tax, o.net + o.tax, to_char(o.ts + interval '14 days', 'YYYY-MM-DD'),
            '{"kind":"system","name":"bench"}'::jsonb, lower(coalesce(o.num || ' ', '') || c.name || ' ' || c.email),
            case when o.st = 'draft' then null else o.ts end, o.ts, o.ts
       from (select g, ts, st, ch, cn, net, round(net * 0.2)::bigint as tax,
                    case when st = 'draft' then null else 'SO-' || extract(year from ts)::int || '-' || lpad(g::text, greatest(6, length(g::text)), '0') end as num
               from (select g, ts, cn, net,
                            case when r2 < 0.5 then 'web' when r2 < 0.7 then 'phone' when r2 < 0.85 then 'email' when r2 < 0.95 then 'in_person' else 'api' end as ch,
                            case when ts < now() - interval '30 days' then
                                   case when r < 0.88 then 'completed' when r < 0.96 then 'cancelled' when r < 0.99 then 'delivered' else 'on_hold' end
                                 else
                                   case when r < 0.02 then 'draft' when r < 0.17 then 'placed' when r < 0.27 then 'verified' when r < 0.42 then 'confirmed'
                                        when r < 0.57 then 'in_fulfilment' when r < 0.72 then 'shipped' when r < 0.82 then 'delivered' when r < 0.92 then 'completed'
                                        when r < 0.95 then 'on_hold' else 'cancelled' end
                            end as st
                       from (select g, date_trunc('milliseconds', now() - ((${n} - g)::float8 / ${n}) * interval '1095 days' - random() * interval '10 minutes') as ts,
                                    random() as r, random() as r2, 1 + floor(power(random(), 3) * ${customers})::int as cn,
                                    (50000 + floor(random() * 400000))::bigint as net
                               from generate_series(1, ${n}) g) x) y) o
       join bench_c c on c.n = o.cn`,
    `select setval('order_number_seq', ${n + 1})`,
    `drop table bench_c`,
  ];
}

type Exec = (text: string) => Promise<Record<string, unknown>[]>;

/** Loads the orders with the secondary indexes dropped, then rebuilds them from their own definitions. */
export async function bulkLoad(exec: Exec, engine: Engine, n: number, customers: number, log: (s: string) => void): Promise<{ loadSeconds: number; indexSeconds: number }> {
  const indexes = (await exec(`select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'orders' and indexname <> 'orders_pkey'`)) as { indexname: string; indexdef: string }[];
  for (const i of indexes) await exec(`drop index "${i.indexname}"`);
  await exec(`set maintenance_work_mem = '${engine === 'postgres' ? '256MB' : '64MB'}'`);
  const t0 = performance.now();
  for (const s of loadStatements(n, customers)) await exec(s);
  const loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`${engine}: loaded ${n.toLocaleString('en')} orders and ${customers.toLocaleString('en')} customers in ${loadSeconds} s; rebuilding ${indexes.length} indexes`);
  const t1 = performance.now();
  for (const i of indexes) await exec(i.indexdef);
  await exec('vacuum analyze orders');
  await exec('vacuum analyze customers');
  const indexSeconds = Math.round((performance.now() - t1) / 100) / 10;
  log(`${engine}: indexes rebuilt and analysed in ${indexSeconds} s`);
  return { loadSeconds, indexSeconds };
}

type QuerySpec = { name: string; params: Record<string, string>; filter: Omit<ListFilter, 'limit'> };

async function querySpecs(db: Db, n: number, http: (p: string) => Promise<{ items: { id: string }[]; nextCursor: string | null }>): Promise<QuerySpec[]> {
  const one = async <T>(q: ReturnType<typeof sql>) => (await sqlRows<T>(db, q))[0];
  // A customer who orders very often (the skew puts them first) and one who rarely does.
  const heavy = await one<{ id: string; n: number }>(sql`select customer_id as id, count(*)::int as n from orders group by customer_id order by 2 desc limit 1`);
  const light = await one<{ id: string; n: number; email: string }>(
    sql`select customer_id as id, count(*)::int as n, min(customer_email) as email from orders group by customer_id having count(*) between 2 and 5 order by customer_id limit 1`,
  );
  const mid = await one<{ created_at: Date; id: string; number: string; name: string }>(
    sql`select created_at, id, number, customer_name as name from orders where number is not null order by created_at desc, id desc offset ${Math.floor(n / 2)} limit 1`,
  );
  if (!heavy || !light || !mid) throw new Error('the loaded data has no customers or orders');
  // Page 11: follow nextCursor ten times from the first page.
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page = await http(`/api/v1/orders?limit=50${cursor ? `&after=${cursor}` : ''}`);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const yearAgo = new Date(Date.now() - 365 * 86_400_000);
  const from = yearAgo.toISOString().slice(0, 10);
  const to = new Date(yearAgo.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
  const surname = mid.name.split(' ')[1] ?? mid.name;
  const fragment = surname.slice(0, 6).toLowerCase();
  const common = 'field';
  const deep = orderCursor.encode({ createdAt: new Date(mid.created_at), id: mid.id });
  const statuses = (s: string) => s.split(',') as OrderStatus[];
  return [
    { name: 'first page', params: {}, filter: {} },
    { name: 'page 11 (nextCursor followed 10 times)', params: cursor ? { after: cursor } : {}, filter: cursor ? { after: orderCursor.decode(cursor) } : {} },
    { name: `keyset page at row ${Math.floor(n / 2).toLocaleString('en')}`, params: { after: deep }, filter: { after: orderCursor.decode(deep) } },
    { name: 'status=completed (common)', params: { status: 'completed' }, filter: { status: statuses('completed') } },
    { name: 'status=on_hold (rare)', params: { status: 'on_hold' }, filter: { status: statuses('on_hold') } },
    { name: 'status=placed,verified (to process)', params: { status: 'placed,verified' }, filter: { status: statuses('placed,verified') } },
    { name: 'channel=api', params: { channel: 'api' }, filter: { channel: 'api' } },
    { name: `customerId (frequent, ${heavy.n} orders)`, params: { customerId: heavy.id }, filter: { customerId: heavy.id } },
    { name: `customerId (occasional, ${light.n} orders)`, params: { customerId: light.id }, filter: { customerId: light.id } },
    { name: `date range (${from} to ${to})`, params: { from, to }, filter: { from: new Date(from), to: new Date(`${to}T23:59:59.999Z`) } },
    { name: `q = name fragment "${fragment}"`, params: { q: fragment }, filter: { q: fragment } },
    { name: `q = common fragment "${common}"`, params: { q: common }, filter: { q: common } },
    { name: `q = order number ${mid.number}`, params: { q: mid.number }, filter: { q: mid.number } },
    { name: `q = e-mail of an occasional customer`, params: { q: light.email }, filter: { q: light.email } },
    { name: 'q = no match ("qqxy")', params: { q: 'qqxy' }, filter: { q: 'qqxy' } },
    { name: 'status=in_fulfilment + q = name fragment', params: { status: 'in_fulfilment', q: fragment }, filter: { status: statuses('in_fulfilment'), q: fragment } },
  ];
}

export async function listingOn(engine: Engine, n: number, o: { poolSize: number; reps?: number; maxSecondsPerQuery?: number }, log: (s: string) => void): Promise<ListingResult> {
  const customers = Math.max(100, Math.floor(n / 20));
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  let exec: Exec;
  let closeExec = async () => {};
  let databaseUrl: string | undefined;
  if (engine === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orderly-bench-list-'));
    target = { kind: 'pglite', dataDir: path.join(dir, 'data') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const db = await createBenchDatabase();
    databaseUrl = db.url;
    target = { kind: 'postgres', url: db.url, poolSize: o.poolSize };
    cleanup = db.drop;
  }
  try {
    const running = await startApp(benchConfig(), target);
    try {
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        exec = async (text) => (await client.query<Record<string, unknown>>(text)).rows;
        closeExec = () => client.end();
      } else {
        exec = (text) => sqlRows<Record<string, unknown>>(running.database.db, sql.raw(text));
      }
      const { loadSeconds, indexSeconds } = await bulkLoad(exec, engine, n, customers, log);
      await closeExec();
      await running.app.listen({ port: 0, host: '127.0.0.1' });
      const address = running.app.server.address();
      if (!address || typeof address === 'string') throw new Error('server has no port');
      const url = `http://127.0.0.1:${address.port}`;
      const headers = await authenticate(url);
      const pool = new Pool(url, { connections: 1 });
      const get = async (p: string) => {
        const res = await pool.request({ path: p, method: 'GET', headers });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`GET ${p}: ${res.statusCode} ${text.slice(0, 300)}`);
        return JSON.parse(text) as { items: { id: string }[]; nextCursor: string | null };
      };
      const specs = await querySpecs(running.database.db, n, get);
      const queries: ListingQuery[] = [];
      for (const spec of specs) {
        const qs = new URLSearchParams({ limit: '50', ...spec.params }).toString();
        const p = `/api/v1/orders?${qs}`;
        let items = 0;
        for (let i = 0; i < 3; i++) items = (await get(p)).items.length; // warm
        const latencies: number[] = [];
        const reps = o.reps ?? 40;
        const deadline = performance.now() + (o.maxSecondsPerQuery ?? 8) * 1000;
        while (latencies.length < reps && (latencies.length < 5 || performance.now() < deadline)) {
          const t = performance.now();
          await get(p);
          latencies.push(performance.now() - t);
        }
        const plan = (await sqlRows<{ 'QUERY PLAN': string }>(running.database.db, sql`explain (analyze, buffers) ${listOrdersQuery(running.database.db, { ...spec.filter, limit: 50 })}`)).map((r) => r['QUERY PLAN']);
        const latencyMs = summarize(latencies);
        queries.push({ name: spec.name, path: p, items, latencyMs, plan });
        log(`${engine} listing ${spec.name}: p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms (${latencyMs.count} requests, ${items} items); ${plan.at(-1) ?? ''}`);
      }
      await pool.close();
      return { engine, rows: n, customers, loadSeconds, indexSeconds, queries };
    } finally {
      await running.stop();
    }
  } finally {
    await cleanup();
  }
}
