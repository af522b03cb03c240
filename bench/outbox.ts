/**
 * Outbox throughput: how many e-mails per second the dispatcher delivers to a
 * local SMTP server, on PGlite (in memory) and on PostgreSQL (when reachable).
 * N messages are queued first (each with its outbox row, as a confirmation
 * would), then the dispatcher runs until every one has been accepted by the
 * SMTP server and settled (mail log + outbox row) in the database.
 *
 *   npm run bench:outbox                       # defaults: 2000 messages
 *   BENCH_MESSAGES=5000 BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:outbox
 *
 * Results: bench/results/outbox-<date>.json and .md
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { openDatabase, type Database, type DatabaseTarget } from '../src/shared/db.ts';
import { loadConfig } from '../src/config.ts';
import { queueMail } from '../src/notifications/mail.ts';
import { startMailDispatcher } from '../src/notifications/mail.worker.ts';
import { mailTransportFrom } from '../src/app/mail-transport-choice.ts';
import { systemActor } from '../src/shared/actor.ts';
import type { ConfirmationData } from '../src/notifications/templates.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));

function sink(): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address();
      resolve({ port: typeof a === 'object' && a ? a.port : 0, count: () => received, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

const sample: ConfirmationData = {
  orderNumber: 'SO-2026-000001',
  customerName: 'Ada Lovelace',
  currency: 'EUR',
  lines: [
    { name: 'Three-seat sofa', quantity: 1, options: [{ label: 'Fabric', value: 'Velvet' }, { label: 'Colour', value: 'Forest green' }], totalMinor: 122_280 },
    { name: 'Oak dining table', quantity: 1, options: [{ label: 'Finish', value: 'Oiled' }], totalMinor: 118_800 },
  ],
  totals: { linesTotalMinor: 200_900, taxTotalMinor: 40_180, deliveryFeeMinor: 0, grandTotalMinor: 241_080 },
  expectedCompletionDate: '2026-12-31',
  payment: { method: 'bank_transfer', reference: 'RF39 SO20 2600 0001', amountDueMinor: 241_080, dueDate: null, bank: { accountName: 'Oak & Thread Ltd', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22', bankName: 'Example Bank' } },
  business: { name: 'Oak & Thread', email: 'hello@oakthread.example', phone: '+44 20 7946 0000', address: '12 Workshop Lane' },
  orderPagePath: '/my-order/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
};

async function enqueueAll(database: Database, n: number): Promise<void> {
  const actor = systemActor('bench');
  for (let i = 0; i < n; i += 100) {
    await database.db.transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 100); j++) {
        await queueMail(tx, { orderId: null, template: 'order_confirmation', language: j % 2 ? 'tr' : 'en', to: `customer${j}@example.com`, toName: `Customer ${j}`, data: { ...sample, orderNumber: `SO-2026-${String(j).padStart(6, '0')}` } }, actor);
      }
    });
  }
}

type Result = { engine: string; messages: number; batch: number; smtpConnections: number; seconds: number; perSecond: number };

async function run(engine: 'pglite' | 'postgres', target: DatabaseTarget, batch: number, connections: number): Promise<Result> {
  const smtp = await sink();
  const database = await openDatabase(target);
  try {
    await enqueueAll(database, N);
    const config = loadConfig({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_POOL_SIZE: String(connections),
      ORDERLY_OUTBOX_BATCH: String(batch),
      ORDERLY_OUTBOX_POLL_MS: '20',
      LOG_LEVEL: 'silent',
    });
    const started = process.hrtime.bigint();
    const dispatcher = startMailDispatcher(database.db, mailTransportFrom(config), config);
    for (;;) {
      const r = (await database.db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`)) as unknown as { rows: { n: number }[] };
      if ((r.rows[0]?.n ?? 1) === 0 && smtp.count() >= N) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await dispatcher.stop();
    if (smtp.count() !== N) throw new Error(`expected ${N} messages, the SMTP server got ${smtp.count()}`);
    return { engine, messages: N, batch, smtpConnections: connections, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(N / seconds) };
  } finally {
    await database.close();
    await smtp.close();
  }
}

async function postgresTarget(): Promise<{ target: DatabaseTarget; drop(): Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `orderly_bench_${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: 10 },
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const configs: [number, number][] = [
    [20, 5],
    [50, 10],
  ];
  const results: Result[] = [];
  for (const [batch, conns] of configs) {
    const r = await run('pglite', { kind: 'pglite-memory' }, batch, conns);
    console.log(JSON.stringify(r));
    results.push(r);
  }
  for (const [batch, conns] of configs) {
    const pgt = await postgresTarget();
    if (!pgt) {
      console.log('PostgreSQL not reachable: skipped');
      break;
    }
    try {
      const r = await run('postgres', pgt.target, batch, conns);
      console.log(JSON.stringify(r));
      results.push(r);
    } finally {
      await pgt.drop();
    }
  }
  const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  const at = new Date().toISOString();
  const file = path.join(here, 'results', `outbox-${at.slice(0, 10)}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.json`, JSON.stringify({ at, machine, results }, null, 2) + '\n');
  const md = [
    `# Outbox throughput (${at.slice(0, 10)})`,
    '',
    `Messages queued first (each a confirmation e-mail with its outbox row), then delivered by the dispatcher to a local SMTP server (smtp-server, same process) and settled in the database. Node ${machine.node}, ${machine.cpus} cores, load average at the end ${machine.loadAverage.join(' / ')} (a shared machine).`,
    '',
    '| engine | messages | batch | SMTP connections | seconds | messages/s |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.engine} | ${r.messages} | ${r.batch} | ${r.smtpConnections} | ${r.seconds} | ${r.perSecond} |`),
    '',
  ].join('\n');
  fs.writeFileSync(`${file}.md`, md);
  console.log(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
