/**
 * The outbox against real crashes and real concurrency: Orderly runs as child
 * processes on an on-disk data folder (PGlite) or a PostgreSQL database, and is
 * killed with SIGKILL at the worst moments.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { eventually, startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { spawnApp, type Child } from '../support/child.ts';
import { confirmed, mailOf, placeOrder, command, type OrderBody } from '../support/orders.ts';
import type { Api } from '../support/server.ts';

let smtp: TestSmtp;
const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
  for (const c of cleanups.splice(0)) await c();
});
afterAll(async () => smtp?.close());

/** A fresh database for the child processes: an on-disk data folder, or a PostgreSQL database. */
async function database(): Promise<Record<string, string>> {
  if (testEngine() === 'postgres') {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    return { DATABASE_URL: db.url };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-crash-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return { ORDERLY_DATA_DIR: dir };
}

async function start(env: Record<string, string>): Promise<Child> {
  const c = await spawnApp({ SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '1000', ORDERLY_OUTBOX_LEASE_MS: '3000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_OUTBOX_RETRY_BASE_MS: '200', ...env });
  children.push(c);
  return c;
}

// Each test has a fresh database, so order numbers repeat across tests: match on the order id header.
const about = (o: OrderBody) => (m: ReceivedMail) => m.headers.get('x-orderly-order-id') === o.id;
const settle = () => new Promise((r) => setTimeout(r, 1500));

// Each test starts Orderly processes on a fresh database (PGlite's first start on disk takes seconds).
const SLOW = { timeout: 240_000 };

describe('the outbox survives kill -9', () => {
  it('killed after the confirmation committed but before the mail was sent: exactly one message after restart', SLOW, async () => {
    const db = await database();
    const first = await start({ ...db, ORDERLY_OUTBOX_WORKER: 'false' });
    const order = await confirmed(first.api);
    await first.kill9();
    children.splice(children.indexOf(first), 1);
    expect(smtp.messages.filter(about(order))).toHaveLength(0);

    const second = await start(db);
    await smtp.waitFor(about(order), 30_000);
    await settle();
    expect(smtp.messages.filter(about(order))).toHaveLength(1);
    expect(await mailOf(second.api, order.id)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('killed in the middle of sending: the lease runs out, the message is sent again, and arrives once', SLOW, async () => {
    const db = await database();
    const first = await start(db);
    smtp.hang = true;
    const started = smtp.dataStarted();
    const order = await confirmed(first.api);
    await started;
    await first.kill9();
    children.splice(children.indexOf(first), 1);
    smtp.hang = false;
    expect(smtp.messages.filter(about(order))).toHaveLength(0);

    const second = await start(db);
    await smtp.waitFor(about(order), 30_000);
    await settle();
    expect(smtp.messages.filter(about(order))).toHaveLength(1);
    const [log] = await mailOf(second.api, order.id);
    expect(log).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe.skipIf(testEngine() !== 'postgres')('two app processes on one PostgreSQL', () => {
  it('send each message exactly once', SLOW, async () => {
    const db = await database();
    const [a, b] = await Promise.all([start({ ...db, ORDERLY_OUTBOX_BATCH: '3' }), start({ ...db, ORDERLY_OUTBOX_BATCH: '3' })]);
    if (!a || !b) throw new Error('two processes');
    const placed: OrderBody[] = [];
    for (let i = 0; i < 24; i++) placed.push(await placeOrder(i % 2 ? a.api : b.api, { fields: { fabric: 'linen' } }));
    // Confirm them all at once, half through each process: both dispatchers wake and compete for the rows.
    await Promise.all(placed.map((o, i) => command((i % 2 ? b : a).api as Api, o.id, 'confirm')));
    await eventually(async () => placed.every((o) => smtp.messages.some(about(o))), 60_000, 'all 24 confirmations');
    await settle();
    for (const o of placed) expect(smtp.messages.filter(about(o)), o.number).toHaveLength(1);
    const senders = new Set<string>();
    for (const o of placed) {
      const [log] = await mailOf(a.api, o.id);
      expect(log?.status).toBe('sent');
      if (log) senders.add(log.id);
    }
    expect(senders.size).toBe(24);
  });
});
