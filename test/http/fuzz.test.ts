/**
 * Throws random and hostile bodies, query strings and ids at every route in the
 * OpenAPI document: no answer may be a 500, and a refused request writes nothing.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';

let s: TestServer;
let realIds: string[];
type OpenApi = { paths: Record<string, Record<string, unknown>> };
let routes: { method: string; path: string }[];

beforeAll(async () => {
  s = await startTestServer();
  const p = await createProduct(s.api);
  const o = await s.api.post<{ id: string; customer: { id: string } }>('/api/v1/orders', orderBody([{ sku: p.sku, fields: { fabric: 'linen' } }]));
  realIds = [p.id, o.body.id, o.body.customer.id, p.sku];
  const doc = await s.anon.get<OpenApi>('/docs/json');
  routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  );
});
afterAll(async () => s?.close());

/** Row counts, versions and stock of every table a request could write: one cheap query. */
const SNAPSHOT = sql.raw(`select
  (select count(*) from orders) as orders, (select coalesce(sum(version), 0) from orders) as order_versions,
  (select count(*) from order_lines) as lines, (select count(*) from order_events) as events,
  (select count(*) from customers) as customers, (select coalesce(sum(version), 0) from customers) as customer_versions,
  (select count(*) from products) as products, (select coalesce(sum(version), 0) from products) as product_versions,
  (select coalesce(sum(on_hand * 7 + reserved), 0) from stock_levels) as stock, (select count(*) from stock_movements) as movements,
  (select count(*) from idempotency_keys) as idem, (select count(*) from users) as users, (select coalesce(sum(version), 0) from users) as user_versions,
  (select count(*) from api_tokens where revoked_at is null) as tokens, (select coalesce(sum(version), 0) from settings) as settings`);

async function snapshot(): Promise<string> {
  return JSON.stringify(await s.running.database.db.execute(SNAPSHOT).then((r) => (r as unknown as { rows: unknown[] }).rows[0]));
}

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "'; drop table orders; --",
    '" or 1=1 --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '𝕊𝕠𝕗𝕒 ☃',
    '%00%27',
    '${7*7}',
    '-1',
    '1e309',
    'NaN',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);

const deepNest = fc.integer({ min: 50, max: 3000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('quantity', 'sku', 'fields', 'customer', 'lines', 'delivery', 'channel', 'email', '__proto__', 'constructor')), tie('v'), { maxKeys: 5 }),
  ),
})).v;

/** Bodies shaped like the real ones, with hostile leaves, so validation goes deep. */
const nearlyValid = fc.record({
  customer: fc.oneof(fc.record({ name: hostileString, email: hostileString, phone: hostileString }), value),
  lines: fc.oneof(fc.array(fc.record({ sku: fc.oneof(hostileString, fc.constantFrom(...['SOFA'])), quantity: fc.oneof(fc.integer(), fc.double(), hostileString), fields: value }), { maxLength: 3 }), value),
  delivery: fc.oneof(fc.record({ method: fc.oneof(fc.constantFrom('shipping', 'pickup'), hostileString), address: value }), value),
  channel: fc.oneof(fc.constantFrom('phone', 'web'), hostileString),
  notes: hostileString,
});

const body = fc.oneof(value, nearlyValid, deepNest);
const pathId = fc.oneof(hostileString.filter((x) => x.length > 0 && x.length < 300), fc.constantFrom('x', '1', 'SO-2026-000001'), fc.uuid());

describe('fuzzing every route', () => {
  it('no 500s and no partial writes for random and hostile input', { timeout: 300_000 }, async () => {
    expect(routes.length).toBeGreaterThan(20);
    let requests = 0;
    for (const route of routes) {
      if (process.env.FUZZ_DEBUG) console.error(new Date().toISOString(), route.method, route.path);
      if (route.path === '/api/v1/auth/logout' || route.path.startsWith('/api/v1/api-tokens/')) continue; // would end the tests' own access
      await fc.assert(
        fc.asyncProperty(body, pathId, fc.constantFrom(...realIds), fc.boolean(), fc.dictionary(fc.constantFrom('q', 'limit', 'after', 'status', 'from', 'to', 'active'), hostileString, { maxKeys: 3 }), async (b, rid, realId, useReal, query) => {
          const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(useReal ? realId : rid));
          const qs = new URLSearchParams(query).toString();
          const before = await snapshot();
          const res = await s.api.request<{ code?: string }>(route.method, `${path}${qs ? `?${qs}` : ''}`, route.method === 'GET' || route.method === 'DELETE' ? undefined : b);
          requests++;
          expect(res.status, `${route.method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type') ?? '', `${route.method} ${path}`).toContain('application/problem+json');
            expect(await snapshot(), `${route.method} ${path} wrote something and answered ${res.status}`).toBe(before);
          }
        }),
        { endOnFailure: true, numRuns: Number(process.env.FUZZ_RUNS ?? 8), seed: Number(process.env.FUZZ_SEED ?? 20261123) },
      );
    }
    expect(requests).toBeGreaterThan(300);
  });

  it('malformed JSON, a wrong content type and an oversized body get 4xx problems', async () => {
    const raw = (body: string, type = 'application/json') => s.api.request<{ code: string }>('POST', '/api/v1/orders', body, { 'content-type': type });
    const malformed = await raw('{"customer": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const wrongType = await raw('customer=1', 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    const huge = await raw(JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
  });

  it('unknown fields are named', async () => {
    const res = await s.api.post<{ errors: { pointer: string; code: string }[] }>('/api/v1/orders', { ...orderBody([{ sku: 'X' }]), colour: 'red' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/colour', code: 'unknown_field' }));
  });
});
