/**
 * The feedback request as a durable delayed job in the database: two app processes on one
 * PostgreSQL, one killed and another started while the jobs wait out their delay, send each
 * delivered order's feedback request exactly once, after the delay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { spawnApp, type Child } from '../support/child.ts';
import { command, placeOrder } from '../support/orders.ts';
import { uniq } from '../support/factories.ts';

const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];
let client: pg.Client | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await client?.end().catch(() => undefined);
  client = undefined;
  await Promise.all(children.splice(0).map((c) => c.stop()));
  for (const c of cleanups.splice(0)) await c();
  await smtp?.close();
});

const DAY_MS = 2500;

describe.skipIf(testEngine() !== 'postgres')('the feedback request job', () => {
  it('with two processes and a restart during the delay, each delivered order gets exactly one request, after the delay', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    smtp = await startSmtp();
    const env = { DATABASE_URL: db.url, SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '1000', ORDERLY_OUTBOX_LEASE_MS: '3000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_AT_RISK_SCAN_MS: '0', ORDERLY_FEEDBACK_DAY_MS: String(DAY_MS) };
    const start = async () => {
      const c = await spawnApp(env);
      children.push(c);
      return c;
    };
    const [a, b] = await Promise.all([start(), start()]);
    if (!a || !b) throw new Error('two processes');

    const orders: { id: string; number: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await placeOrder(a.api, { overrides: { customer: { name: 'Grace Hopper', email: `${uniq('fbp')}@example.com` } } });
      expect((await a.api.request('PUT', `/api/v1/orders/${o.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
      expect((await command(a.api, o.id, 'confirm')).status).toBe(200);
      expect((await command(a.api, o.id, 'ship')).status).toBe(200);
      expect((await command(a.api, o.id, 'deliver')).status).toBe(200);
      orders.push({ id: o.id, number: o.number });
    }
    // A restart while the jobs wait: one process dies, another comes up.
    await b.kill9();
    await start();

    const subject = (n: string) => `How was your order ${n}?`;
    await smtp.waitFor((m) => orders.some((o) => m.subject === subject(o.number)), 60_000, orders.length);
    await new Promise((r) => setTimeout(r, 2 * DAY_MS));
    for (const o of orders) {
      const mails = smtp.messages.filter((m) => m.subject === subject(o.number));
      expect(mails, o.number).toHaveLength(1);
    }
    client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    const jobs = await client.query("select key, status, count(*)::int as n from outbox where topic = 'feedback.request' group by key, status");
    expect(jobs.rows.map((r: { status: string; n: number }) => [r.status, r.n])).toEqual(orders.map(() => ['done', 1]));
    // Each request was written once, not before its job was due: 2 "days" after the delivery that queued it (the database's clock).
    const requests = await client.query(
      `select r.order_id, extract(epoch from (o.available_at - o.created_at)) * 1000 as delay_ms, r.created_at >= o.available_at as after_due
       from feedback_requests r join outbox o on o.key = 'feedback-request:' || r.order_id`,
    );
    expect(requests.rows.map((r: { order_id: string }) => r.order_id).sort()).toEqual(orders.map((o) => o.id).sort());
    for (const r of requests.rows as { delay_ms: string; after_due: boolean }[]) {
      expect(Number(r.delay_ms)).toBeGreaterThanOrEqual(2 * DAY_MS);
      expect(r.after_due).toBe(true);
    }
  });
});
