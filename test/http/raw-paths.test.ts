/**
 * Attacks on the staff API through raw sockets: every route in the OpenAPI document,
 * in every spelling of its path an attacker would try, with no credentials. The
 * canonical spelling must answer 401; every other spelling a 404 problem (or the 400
 * Node's own parser gives to a request line it cannot read) — never the handler,
 * never the web app, and nothing in the database may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { rawRequest, type RawResponse } from '../support/raw-http.ts';

let s: TestServer;
let port: number;
let orderId: string;
type Operation = { method: string; path: string; permission: string };
let staffOps: Operation[] = [];
const documented: Operation[] = [];

/** The routes anyone may call: health, log-in and set-up, the storefront, customer links, the card provider's webhook. */
const PUBLIC = [/^\/health$/, /^\/api\/v1\/auth\/(login|setup)$/, /^\/api\/v1\/public\//, /^\/api\/v1\/webhooks\//];
const isPublicPath = (path: string) => PUBLIC.some((r) => r.test(path));

const BODIES: Record<string, string> = {
  'POST /api/v1/users': JSON.stringify({ email: 'x@example.test', name: 'X', role: 'owner', password: 'xxxxxxxxxxxx1' }),
  'PATCH /api/v1/settings': JSON.stringify({ businessName: 'Taken over' }),
  'POST /api/v1/api-tokens': JSON.stringify({ name: 'mine', role: 'owner' }),
  'POST /api/v1/customers': JSON.stringify({ name: 'Mallory', email: 'mallory@example.test' }),
};

async function snapshot(): Promise<Record<string, string>> {
  const db = s.running.database.db;
  const tables = (await db.execute(sql`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)) as unknown as { rows: { t: string }[] };
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = (await db.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h from "${t}" x`))) as unknown as { rows: { h: string }[] };
    out[t] = r.rows[0]?.h ?? '';
  }
  return out;
}

beforeAll(async () => {
  s = await startTestServer();
  port = Number(new URL(s.url).port);
  const p = await createProduct(s.api);
  const o = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }]));
  expect(o.status).toBe(201);
  orderId = o.body.id;
  const doc = await s.anon.get<{ paths: Record<string, Record<string, { 'x-permission'?: string }>> }>('/docs/json');
  expect(doc.status).toBe(200);
  for (const [path, ops] of Object.entries(doc.body.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      documented.push({ method: method.toUpperCase(), path, permission: op['x-permission'] ?? '' });
      // Which routes are public is fixed here, not read from the server: a route the server
      // wrongly calls public is still attacked (and the next test says so).
      if (isPublicPath(path)) continue;
      const concrete = path.replace(/\{[^}]+\}/g, orderId);
      staffOps.push({ method: method.toUpperCase(), path: concrete, permission: op['x-permission'] ?? '' });
      if (method === 'get') staffOps.push({ method: 'HEAD', path: concrete, permission: op['x-permission'] ?? '' });
    }
  }
  staffOps = staffOps.filter((o) => o.path.startsWith('/api/v1/'));
});
afterAll(async () => s?.close());

/** Each spelling of a canonical path /api/v1/<rest>, and the status it must get. */
function spellings(path: string): { name: string; target: string; expect: number }[] {
  const rest = path.slice('/api/v1/'.length);
  const segs = rest.split('/');
  // The segment after /api/v1/ is always a literal (no route has a parameter there), so
  // any other spelling of it names no resource; later segments may be parameters, where
  // another spelling is just another id.
  const first = segs[0]!;
  const firstEncoded = `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`;
  const withFirst = (f: string) => `/api/v1/${[f, ...segs.slice(1)].join('/')}`;
  const host = `127.0.0.1:${port}`;
  return [
    { name: 'encoded letter in /api', target: `/%61pi/v1/${rest}`, expect: 404 },
    { name: 'upper-case encoded letter', target: `/%41pi/v1/${rest}`, expect: 404 },
    { name: 'double-encoded letter', target: `/%2561pi/v1/${rest}`, expect: 404 },
    { name: 'encoded digit in v1', target: `/api/%761/${rest}`, expect: 404 },
    { name: 'encoded first letter of the resource segment', target: withFirst(firstEncoded), expect: 404 },
    { name: 'leading double slash', target: `//api/v1/${rest}`, expect: 404 },
    { name: 'double slash inside', target: `/api//v1/${rest}`, expect: 404 },
    { name: 'double slash after the resource segment', target: segs.length > 1 ? withFirst(`${first}/`) : `/api/v1//${rest}`, expect: 404 },
    { name: 'upper case', target: `/API/v1/${rest}`, expect: 404 },
    { name: 'mixed case', target: `/api/V1/${rest}`, expect: 404 },
    { name: 'mixed case resource segment', target: withFirst(first.charAt(0).toUpperCase() + first.slice(1)), expect: 404 },
    { name: 'trailing slash', target: `${path}/`, expect: 404 },
    { name: 'matrix parameter', target: `${path};x=1`, expect: 404 },
    { name: 'matrix parameter on /api', target: `/api;jsessionid=1/v1/${rest}`, expect: 404 },
    { name: 'dot segment', target: `/api/./v1/${rest}`, expect: 404 },
    { name: 'dot-dot segment', target: `/api/v1/x/../${rest}`, expect: 404 },
    { name: 'encoded dot-dot', target: `/api/v1/x/%2e%2e/${rest}`, expect: 404 },
    { name: 'encoded dot', target: `/api/%2e/v1/${rest}`, expect: 404 },
    { name: 'encoded slash', target: `/api%2fv1/${rest}`, expect: 404 },
    { name: 'public prefix and dot-dot', target: `/api/v1/public/../${rest}`, expect: 404 },
    { name: 'absolute-form target', target: `http://${host}${path}`, expect: 404 },
    { name: 'absolute-form target for another host', target: `http://evil.example${path}`, expect: 404 },
    { name: 'asterisk-form', target: '*', expect: 404 },
    { name: 'encoded NUL', target: withFirst(`${first}%00`), expect: 404 },
    { name: 'backslash', target: `/api\\v1\\${rest.replace(/\//g, '\\')}`, expect: 404 },
  ];
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

function expectProblem(res: RawResponse, status: number, what: string): void {
  expect(res.status, `${what}: ${res.raw.slice(0, 300)}`).toBe(status);
  if (res.headers['content-length'] !== '0' && res.body) {
    expect(res.headers['content-type'], what).toContain('application/problem+json');
    const code = (JSON.parse(res.body) as { code: string }).code;
    expect(code, what).toBe(status === 401 ? 'unauthenticated' : status === 404 ? 'not_found' : 'bad_request');
  }
}

describe('the staff API through raw sockets, without credentials', () => {
  it('the OpenAPI document says who may call each operation, and only the known public routes are public', () => {
    for (const op of documented) {
      expect(op.permission, `${op.method} ${op.path}`).not.toBe('');
      expect(op.permission === 'public', `${op.method} ${op.path} is ${op.permission}`).toBe(isPublicPath(op.path));
    }
  });

  it('the OpenAPI document lists the staff routes it is judged on', () => {
    // A guard against a silently empty table: the staff API has dozens of operations.
    expect(staffOps.length).toBeGreaterThan(60);
    expect(staffOps.some((o) => o.method === 'POST' && o.path === '/api/v1/users')).toBe(true);
  });

  it('every staff operation in its canonical spelling answers 401 problem+json', async () => {
    await inBatches(staffOps, 8, async (op) => {
      const body = op.method === 'GET' || op.method === 'HEAD' || op.method === 'DELETE' ? undefined : (BODIES[`${op.method} ${op.path}`] ?? '{}');
      const res = await rawRequest(port, op.method, op.path, body === undefined ? {} : { 'Content-Type': 'application/json' }, body);
      expectProblem(res, 401, `${op.method} ${op.path}`);
    });
  });

  it('every other spelling of every staff path answers 404 problem+json, and nothing changes', async () => {
    const before = await snapshot();
    const cases = staffOps.flatMap((op) => spellings(op.path).map((sp) => ({ op, sp })));
    const failures: string[] = [];
    await inBatches(cases, 8, async ({ op, sp }) => {
      const body = op.method === 'GET' || op.method === 'HEAD' || op.method === 'DELETE' ? undefined : (BODIES[`${op.method} ${op.path}`] ?? '{}');
      const res = await rawRequest(port, op.method, sp.target, body === undefined ? {} : { 'Content-Type': 'application/json' }, body);
      try {
        expectProblem(res, sp.expect, `${op.method} ${sp.target} (${sp.name})`);
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0] ?? String(e));
      }
    });
    expect(failures.slice(0, 20), `${failures.length} of ${cases.length} spellings got through`).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // Every staff route × ~25 spellings: thousands of raw requests, which a loaded CI machine needs minutes for.
  }, 300_000);

  it('the owner-creation attack from the report makes no owner who can log in', async () => {
    const body = BODIES['POST /api/v1/users']!;
    for (const target of ['/%61pi/v1/users', '/%2561pi/v1/users', '/api/%761/users', '//api/v1/users', '/API/v1/users', `http://127.0.0.1:${port}/api/v1/users`]) {
      const res = await rawRequest(port, 'POST', target, { 'Content-Type': 'application/json' }, body);
      expectProblem(res, 404, target);
    }
    const login = await s.anon.post('/api/v1/auth/login', { email: 'x@example.test', password: 'xxxxxxxxxxxx1' });
    expect(login.status).toBe(401);
  });

  it('the Host header and rewrite headers change nothing', async () => {
    for (const headers of [
      { Host: 'evil.example' },
      { Host: 'localhost' },
      { Host: `127.0.0.1:${port}`, 'X-Forwarded-Host': 'internal' },
      { 'X-Original-URL': '/api/v1/public/catalog' },
      { 'X-Rewrite-URL': '/api/v1/public/catalog' },
      { 'X-HTTP-Method-Override': 'GET' },
      { 'X-Forwarded-For': '127.0.0.1', 'X-Real-IP': '127.0.0.1' },
    ]) {
      const res = await rawRequest(port, 'GET', '/api/v1/customers', headers);
      expectProblem(res, 401, `GET /api/v1/customers with ${JSON.stringify(headers)}`);
    }
    // A public path with a rewrite header naming a staff path still answers as the public path.
    const res = await rawRequest(port, 'GET', '/health', { 'X-Original-URL': '/api/v1/customers', 'X-Rewrite-URL': '/api/v1/customers' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });

  it('the query string cannot smuggle a path', async () => {
    for (const target of ['/api/v1/customers?/../public/catalog', '/api/v1/customers?x=/api/v1/public/catalog', '/api/v1/public/catalog?../../customers']) {
      const res = await rawRequest(port, 'GET', target);
      if (target.startsWith('/api/v1/public/')) {
        expect(res.status, target).toBe(200);
        expect(res.body, target).not.toContain('"email"');
      } else {
        expectProblem(res, 401, target);
      }
    }
  });

  it('the web app never answers for an API-looking path in another spelling', async () => {
    for (const target of ['/API/v1/customers', '/Api', '/DOCS/json', '/api', '/api/']) {
      const res = await rawRequest(port, 'GET', target);
      expectProblem(res, 404, target);
    }
    const page = await rawRequest(port, 'GET', '/orders');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('a staff session cannot be used on another spelling either: the canonical path is the only door', async () => {
    const warehouse = await s.as('warehouse');
    const res = await rawRequest(port, 'GET', '/%61pi/v1/users', { Cookie: warehouse.cookie });
    expectProblem(res, 404, 'warehouse on /%61pi/v1/users');
    const canonical = await rawRequest(port, 'GET', '/api/v1/users', { Cookie: warehouse.cookie });
    expect(canonical.status).toBe(403);
  });
});
