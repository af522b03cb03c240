/**
 * A PostgreSQL outage, without stopping the machine's PostgreSQL: the app reaches its
 * database through a TCP proxy (node:net) that the test cuts (refusing new connections
 * and dropping open ones, as a stopped server does) and restores.
 * On the embedded engine there is no server to lose, so this file runs on PostgreSQL only.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type Running } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { testDatabaseUrl, testEngine } from '../support/engine.ts';
import { apiClient, createTestDatabase, OWNER, sessionClient, type Api, type SessionApi } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';

type Proxy = { port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> };

/** A TCP proxy to PostgreSQL on a fixed port that can be cut and restored. */
async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };
  return { port, cut, restore: () => listen(port), close: async () => (server.listening ? cut() : undefined) };
}

describe.runIf(testEngine() === 'postgres')('a PostgreSQL outage', { timeout: 120_000 }, () => {
  let logs = '';
  let proxy: Proxy;
  let running: Running;
  let dropDb: () => Promise<void>;
  let staff: SessionApi;
  let anon: Api;
  let sku: string;

  beforeAll(async () => {
    const base = new URL(testDatabaseUrl());
    proxy = await startProxy({ host: base.hostname, port: Number(base.port || 5432) });
    const db = await createTestDatabase();
    dropDb = db.drop;
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs += String(chunk);
        cb();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'info', ORDERLY_DEMO_DATA: 'false', ORDERLY_OWNER_EMAIL: OWNER.email, ORDERLY_OWNER_PASSWORD: OWNER.password, ORDERLY_LOGIN_RATE_LIMIT: '1000' });
    running = await startApp(config, { kind: 'postgres', url: viaProxy.toString(), poolSize: 4, connectTimeoutMs: 2000 }, sink);
    await running.app.listen({ port: 0, host: '127.0.0.1' });
    const address = running.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    staff = await sessionClient(url, OWNER.email, OWNER.password);
    anon = apiClient(url);
    sku = (await createProduct(staff, { priceMinor: 10_000 })).sku;
  });

  afterAll(async () => {
    await running?.stop();
    await proxy?.close();
    await dropDb?.();
  });

  const place = () => staff.post<{ number: string; code: string; status: number; detail: string; errors: unknown[] }>('/api/v1/orders', orderBody([{ sku, quantity: 1, fields: { fabric: 'linen' } }]));

  it('answers 503 problem+json with Retry-After while the database is gone, /health says so, and placements work again once it is back', async () => {
    expect((await place()).status).toBe(201);
    const mark = logs.length;

    await proxy.cut();
    const during = await Promise.all(Array.from({ length: 12 }, () => place()));
    expect(during.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 503));
    for (const r of during) {
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.body).toMatchObject({ status: 503, code: 'database_unavailable', errors: [] });
    }
    const list = await staff.get<{ code: string }>('/api/v1/orders');
    expect(list.status).toBe(503);
    expect(list.body.code).toBe('database_unavailable');
    const health = await anon.get<{ status: string; engine: string; detail: string }>('/health');
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(health.body).toEqual({ status: 'unavailable', engine: 'postgres', detail: 'The database (postgres) cannot be reached' });
    await new Promise((r) => setTimeout(r, 1500)); // a few probes and outbox polls fail meanwhile

    await proxy.restore();
    let healthy = 0;
    for (let i = 0; i < 50 && healthy !== 200; i++) {
      healthy = (await anon.get('/health')).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(200);
    const after = await place();
    expect(after.status, JSON.stringify(after.body)).toBe(201);

    const lines = logs
      .slice(mark)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
    expect(lines.filter((l) => /database is unreachable/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => /database is reachable again/.test(l.msg))).toHaveLength(1);
    // Nothing else at warn or above: no stack trace per request, per probe or per outbox poll.
    expect(lines.filter((l) => l.level >= 40 && !/database is unreachable/.test(l.msg))).toEqual([]);
    expect(logs.slice(mark)).not.toContain('internal_error');
  });
});
