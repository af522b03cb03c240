/**
 * API tokens and sessions are looked up at most once a second per process
 * (auth.use-cases.ts, IDENTITY_CACHE_MS): a revoked token or ended session is refused
 * at once by the process that ended it, and within a second by every other process
 * on the same database.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { apiClient, createTestDatabase, OWNER, sessionClient, startTestServer, type Api, type TestServer } from '../support/server.ts';
import { testEngine } from '../support/engine.ts';
import { spawnApp, type Child } from '../support/child.ts';

const IDENTITY_CACHE_MS = 1_000;

async function makeToken(owner: Api, url: string): Promise<{ id: string; client: Api }> {
  const made = await owner.post<{ id: string; token: string }>('/api/v1/api-tokens', { name: 'cache test', role: 'sales' });
  expect(made.status).toBe(201);
  return { id: made.body.id, client: apiClient(url, () => ({ authorization: `Bearer ${made.body.token}` })) };
}

describe('a revoked token in the process that revoked it', () => {
  let s: TestServer;
  afterAll(async () => s?.close());

  it('is refused on the very next request, though it was just used (and cached)', async () => {
    s = await startTestServer();
    const { id, client } = await makeToken(s.api, s.url);
    for (let i = 0; i < 3; i++) expect((await client.get('/api/v1/orders')).status).toBe(200);
    expect((await s.api.request('DELETE', `/api/v1/api-tokens/${id}`)).status).toBe(204);
    const refused = await client.get<{ code: string }>('/api/v1/orders');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('unauthenticated');
  });

  it('a session that logged out is refused on the very next request, though it was just used (and cached)', async () => {
    const session = await sessionClient(s.url, OWNER.email, OWNER.password);
    for (let i = 0; i < 3; i++) expect((await session.get('/api/v1/auth/me')).status).toBe(200);
    expect((await session.post('/api/v1/auth/logout')).status).toBeLessThan(300);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await session.get('/api/v1/orders')).status).toBe(401);
  });
});

/** Asks `probe` every 25 ms until it answers 401; the milliseconds from `since` to then (undefined if it never did within 3 s). */
async function refusedWithin(probe: () => Promise<{ status: number }>, since: number): Promise<number | undefined> {
  while (Date.now() - since < 3 * IDENTITY_CACHE_MS) {
    const r = await probe();
    if (r.status === 401) return Date.now() - since;
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 25));
  }
  return undefined;
}

describe.skipIf(testEngine() !== 'postgres')('a revoked token in another process on the same PostgreSQL', () => {
  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop()));
    for (const c of cleanups.splice(0)) await c();
  });

  it('is refused within a second of the revocation (a token, and a session logged out)', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const a = await spawnApp({ DATABASE_URL: db.url });
    children.push(a);
    const b = await spawnApp({ DATABASE_URL: db.url });
    children.push(b);
    const { id, client } = await makeToken(a.api, b.url);
    // B looks the token up and keeps it.
    expect((await client.get('/api/v1/orders')).status).toBe(200);
    expect((await client.get('/api/v1/orders')).status).toBe(200);

    expect((await a.api.request('DELETE', `/api/v1/api-tokens/${id}`)).status).toBe(204);
    const revokedAt = Date.now();
    let refusedAfter: number | undefined;
    while (Date.now() - revokedAt < 3 * IDENTITY_CACHE_MS) {
      const r = await client.get<{ code: string }>('/api/v1/orders');
      if (r.status === 401) {
        expect(r.body.code).toBe('unauthenticated');
        refusedAfter = Date.now() - revokedAt;
        break;
      }
      expect(r.status).toBe(200);
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(refusedAfter).toBeDefined();
    // Within the cache's second (plus one request's round trip).
    expect(refusedAfter).toBeLessThanOrEqual(IDENTITY_CACHE_MS + 250);
    // And it stays refused.
    await new Promise((res) => setTimeout(res, IDENTITY_CACHE_MS));
    expect((await client.get('/api/v1/orders')).status).toBe(401);

    // A session logged out through A, used with B, likewise.
    const session = await sessionClient(a.url, OWNER.email, OWNER.password);
    const onB = apiClient(b.url, () => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken }));
    expect((await onB.get('/api/v1/auth/me')).status).toBe(200);
    expect((await onB.get('/api/v1/auth/me')).status).toBe(200);
    expect((await session.post('/api/v1/auth/logout')).status).toBeLessThan(300);
    const loggedOutAt = Date.now();
    const after = await refusedWithin(() => onB.get('/api/v1/auth/me'), loggedOutAt);
    expect(after).toBeDefined();
    expect(after).toBeLessThanOrEqual(IDENTITY_CACHE_MS + 250);
  });
});
