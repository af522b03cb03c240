import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kill9, runMain, startMain } from '../support/process.ts';
import { apiClient, sessionClient } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { createTestDatabase } from '../support/server.ts';

const owner = { ORDERLY_OWNER_EMAIL: 'owner@orderly.test', ORDERLY_OWNER_PASSWORD: 'owner-password-123' };
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('starting up', () => {
  it('a bad setting stops the start with a message naming each bad variable', async () => {
    const r = runMain({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    const code = await r.exited;
    expect(code).toBe(1);
    expect(r.output()).toMatch(/PORT/);
    expect(r.output()).toMatch(/LOG_LEVEL/);
    expect(r.output()).toMatch(/DATABASE_URL: must be a postgres/);
  });
});

describe.runIf(testEngine() === 'pglite')('the embedded database', { timeout: 240_000 }, () => {
  it('seeds demo data on first start, serves health and the API docs, and refuses a second process on the same folder', async () => {
    const dir = tempDir();
    const a = await startMain({ ORDERLY_DATA_DIR: dir, ...owner });
    try {
      const anon = apiClient(a.url);
      expect((await anon.get('/health')).body).toEqual({ status: 'ok', engine: 'pglite' });
      const doc = await anon.get<{ openapi: string; paths: Record<string, unknown> }>('/docs/json');
      expect(doc.body.openapi).toBe('3.1.0');
      expect(Object.keys(doc.body.paths)).toContain('/api/v1/orders');
      expect((await fetch(`${a.url}/docs`, { redirect: 'follow' })).status).toBe(200);
      const catalog = await anon.get<{ products: { sku: string }[] }>('/api/v1/public/catalog');
      expect(catalog.body.products.map((p) => p.sku)).toEqual(expect.arrayContaining(['SOFA-3S', 'TABLE-OAK', 'CHAIR-BENT', 'WARDROBE-MTO']));

      const second = runMain({ ORDERLY_DATA_DIR: dir, ...owner });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('is in use by another Orderly process');
    } finally {
      await kill9(a);
    }
  });

  it('acknowledged orders survive kill -9, and the folder opens again after the crash', async () => {
    const dir = tempDir();
    const a = await startMain({ ORDERLY_DATA_DIR: dir, ...owner });
    const staff = await sessionClient(a.url, owner.ORDERLY_OWNER_EMAIL, owner.ORDERLY_OWNER_PASSWORD);
    const acknowledged: string[] = [];
    const body = (i: number) => ({
      customer: { name: `Crash ${i}`, email: `crash${i}@example.com` },
      lines: [{ sku: 'CHAIR-BENT', quantity: 1, fields: { seat: 'wood' } }],
      delivery: { method: 'pickup' },
      channel: 'phone',
    });
    // Keep placing orders while the process is killed mid-stream.
    let stop = false;
    const workers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await staff.post<{ number: string }>('/api/v1/orders', body(w * 1000 + i));
          if (r.status === 201) acknowledged.push(r.body.number);
        } catch {
          return; // connection reset by the kill
        }
      }
    });
    // Kill once a few orders are acknowledged (however slow the machine is), while others are in flight.
    await expect.poll(() => acknowledged.length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(3);
    await kill9(a);
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThan(3);

    const b = await startMain({ ORDERLY_DATA_DIR: dir, ...owner });
    try {
      const staff2 = await sessionClient(b.url, owner.ORDERLY_OWNER_EMAIL, owner.ORDERLY_OWNER_PASSWORD);
      for (const n of acknowledged) expect((await staff2.get(`/api/v1/orders/${n}`)).status, n).toBe(200);
      const chair = await staff2.get<{ stock: { reserved: number } }>('/api/v1/products/CHAIR-BENT');
      // Demo orders reserve 4 chairs; every acknowledged crash order reserved one more, and nothing else survived half-done.
      const all = await staff2.get<{ items: unknown[] }>('/api/v1/orders?q=crash&limit=200');
      expect(chair.body.stock.reserved).toBe(4 + all.body.items.length);
    } finally {
      await kill9(b);
    }
  });
});

/**
 * A container restart, for real: each start runs in a fresh PID namespace, so Orderly is pid 1 both
 * times, exactly like a container restarted after kill -9. Needs root and util-linux `unshare`.
 */
const unshareWorks = testEngine() === 'pglite' && process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

function startInNewPidNamespace(env: Record<string, string>) {
  const proc = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, '--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += String(d)));
  proc.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const listening = (async () => {
    for (let i = 0; i < 1800; i++) {
      if (/listening at http/.test(out)) return true;
      if (proc.exitCode !== null) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  })();
  return { proc, exited, listening, output: () => out };
}

describe.runIf(unshareWorks)('the embedded database in a restarted container', { timeout: 240_000 }, () => {
  it('after kill -9, a new process with the same pid (1, in a fresh PID namespace) opens the folder again', async () => {
    const dir = tempDir();
    const a = startInNewPidNamespace({ ORDERLY_DATA_DIR: dir, ...owner });
    expect(await a.listening, a.output()).toBe(true);
    const held = JSON.parse(fs.readFileSync(path.join(dir, 'orderly.lock'), 'utf8')) as { pid: number };
    expect(held.pid).toBe(1);
    a.proc.kill('SIGKILL'); // unshare --kill-child passes the SIGKILL on to pid 1
    await a.exited;
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.existsSync(path.join(dir, 'orderly.lock'))).toBe(true); // left behind by the crash

    const b = startInNewPidNamespace({ ORDERLY_DATA_DIR: dir, ...owner });
    try {
      expect(await b.listening, b.output()).toBe(true);
      expect(b.output()).not.toContain('is in use by another Orderly process');
    } finally {
      b.proc.kill('SIGKILL');
      await b.exited;
    }
  });
});

describe.runIf(testEngine() === 'postgres')('on PostgreSQL', { timeout: 240_000 }, () => {
  it('two app processes share one database: health reports postgres and order numbers never collide', async () => {
    const db = await createTestDatabase();
    const [a, b] = await Promise.all([startMain({ DATABASE_URL: db.url, ...owner, ORDERLY_DEMO_DATA: 'true' }), startMain({ DATABASE_URL: db.url, ...owner })]);
    try {
      expect((await apiClient(a.url).get('/health')).body).toEqual({ status: 'ok', engine: 'postgres' });
      const sa = await sessionClient(a.url, owner.ORDERLY_OWNER_EMAIL, owner.ORDERLY_OWNER_PASSWORD);
      const sb = await sessionClient(b.url, owner.ORDERLY_OWNER_EMAIL, owner.ORDERLY_OWNER_PASSWORD);
      const body = { customer: { name: 'Two' }, lines: [{ sku: 'CHAIR-BENT', quantity: 1, fields: { seat: 'wood' } }], delivery: { method: 'pickup' }, channel: 'phone' };
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? sa : sb).post<{ number: string }>('/api/v1/orders', body)));
      expect(results.every((r) => r.status === 201)).toBe(true);
      expect(new Set(results.map((r) => r.body.number)).size).toBe(40);
    } finally {
      await Promise.all([kill9(a), kill9(b)]);
      await db.drop();
    }
  });
});
