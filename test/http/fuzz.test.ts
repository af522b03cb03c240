/**
 * Throws random and hostile bodies, query strings and ids at every route in the
 * OpenAPI document: no answer may be a 500, and a refused request writes nothing.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { address, createProduct, orderBody } from '../support/factories.ts';

let s: TestServer;
let realIds: string[];
type OpenApi = { paths: Record<string, Record<string, unknown>> };
let routes: { method: string; path: string }[];

beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_PUBLIC_RATE_LIMIT: '100000' });
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

/** Row counts, versions and stock of every table a request could write: one cheap query. (The mail dispatcher records deliveries on the timeline on its own time, so those events are not a request's writes.) */
const SNAPSHOT = sql.raw(`select
  (select count(*) from orders) as orders, (select coalesce(sum(version), 0) from orders) as order_versions,
  (select count(*) from order_lines) as lines, (select count(*) from order_events where type not in ('mail_sent', 'mail_kept_locally', 'mail_failed', 'mail_bounced')) as events,
  (select count(*) from customers) as customers, (select coalesce(sum(version), 0) from customers) as customer_versions,
  (select count(*) from products) as products, (select coalesce(sum(version), 0) from products) as product_versions,
  (select coalesce(sum(on_hand * 7 + reserved), 0) from stock_levels) as stock, (select count(*) from stock_movements) as movements,
  (select count(*) from idempotency_keys) as idem, (select count(*) from users) as users, (select coalesce(sum(version), 0) from users) as user_versions,
  (select count(*) from api_tokens where revoked_at is null) as tokens, (select coalesce(sum(version), 0) from settings) as settings`);

async function snapshot(): Promise<string> {
  return JSON.stringify(await s.running.database.db.execute(SNAPSHOT).then((r) => (r as unknown as { rows: unknown[] }).rows[0]));
}

/** Text PostgreSQL refuses to store: a NUL character or an unpaired UTF-16 surrogate, somewhere in ordinary text. */
const unstorable = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), fc.string({ maxLength: 20 }))
  .map(([before, bad, after]) => before + bad + after);

const hostileString = fc.oneof(
  fc.string(),
  unstorable,
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    "'; drop table orders; --",
    '" or 1=1 --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '\ud800',
    'Ada\u0000Lovelace',
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

  it('text the database cannot store is a 422 naming the field, on the staff and storefront order routes, drafts and customers, and writes nothing', { timeout: 120_000 }, async () => {
    const sku = realIds[3] as string;
    const targets = [['customer', 'name'], ['customer', 'company'], ['customer', 'phone'], ['notes'], ['delivery', 'instructions'], ['delivery', 'address', 'line1'], ['delivery', 'address', 'city'], ['lines', 0, 'fields', 'colour'], ['lines', 0, 'fields', 'fabric']] as const;
    const routes = ['/api/v1/orders', '/api/v1/public/orders', '/api/v1/orders/drafts', '/api/v1/customers'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom(...targets), unstorable, async (route, target, bad) => {
        const order = orderBody([{ sku, fields: { fabric: 'linen', colour: 'red' } }], { customer: { name: 'Ada', email: 'ada@example.com', phone: '+442079460000', company: 'Engines' }, notes: 'n', delivery: { method: 'shipping', address, instructions: 'i' } }) as Record<string, unknown>;
        if (route === '/api/v1/public/orders') delete order.channel;
        const body: Record<string, unknown> = route === '/api/v1/customers' ? { ...(order.customer as object), notes: 'n', addresses: { shipping: address } } : order;
        const path: (string | number)[] = route !== '/api/v1/customers' ? [...target] : target[0] === 'customer' ? [target[1]] : target[0] === 'delivery' && target[1] === 'address' ? ['addresses', 'shipping', target[2]] : ['notes'];
        let at: Record<string | number, unknown> = body;
        for (const seg of path.slice(0, -1)) at = at[seg] as Record<string | number, unknown>;
        at[path.at(-1) as string | number] = bad;
        const before = await snapshot();
        const res = await s.api.request<{ errors: { pointer: string }[] }>('POST', route, body, { 'idempotency-key': `fuzz-${Math.random()}` });
        expect(res.status, `${route} ${path.join('/')}=${JSON.stringify(bad)} → ${JSON.stringify(res.body).slice(0, 300)}`).toBe(422);
        expect(res.body.errors.map((e) => e.pointer)).toContain(`/${path.join('/')}`);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 8) * 8, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
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
