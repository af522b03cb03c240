/**
 * Log-in throttling (issue 8, findings 4 and 5), through HTTP.
 *
 * The servers here trust the loopback proxy (ORDERLY_TRUST_PROXY=127.0.0.1): the tests play
 * that proxy and say which client address each log-in came from in X-Forwarded-For, as a
 * reverse proxy appends the address it saw to whatever the client sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, startTestServer, type TestServer } from '../support/server.ts';

type Answer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

async function logIn(s: TestServer, email: string, password: string, forwardedFor: string): Promise<Answer> {
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: (await res.json()) as Record<string, unknown> };
}

/** Headers that vary with the clock or the request, never with the account. */
const withoutPerRequest = (h: Record<string, string>) => {
  const { date: _d, 'x-request-id': _r, 'x-ratelimit-reset': _t, ...rest } = h;
  return rest;
};

const wrong = 'wrong-password-123';

describe('log-in throttling per account and per address', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({}, { ORDERLY_TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => s?.close());

  it('a staff e-mail and an unknown e-mail get exactly the same answers: 401 five times, then 429 (status, body and headers)', async () => {
    const staff = await s.as('viewer');
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 6; i++) known.push(await logIn(s, staff.user.email, wrong, '198.51.100.1'));
    for (let i = 0; i < 6; i++) unknown.push(await logIn(s, 'nobody-here@orderly.test', wrong, '198.51.100.2'));
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknown.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    for (let i = 0; i < 6; i++) {
      expect(unknown[i]?.body, `answer ${i + 1}`).toEqual(known[i]?.body);
      expect(withoutPerRequest(unknown[i]?.headers ?? {}), `answer ${i + 1}`).toEqual(withoutPerRequest(known[i]?.headers ?? {}));
    }
    expect(known[5]?.headers['retry-after']).toBe('900');
    expect(known[5]?.headers['content-type']).toContain('application/problem+json');
    expect(known[5]?.body).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('one address is blocked after five failures whatever e-mails it tries, and cannot lock an account by itself', async () => {
    const staff = await s.as('sales');
    const attacker = '203.0.113.50';
    for (let i = 0; i < 4; i++) expect((await logIn(s, `guess-${i}@orderly.test`, wrong, attacker)).status).toBe(401);
    expect((await logIn(s, staff.user.email, wrong, attacker)).status).toBe(401);
    // The address is spent: even the right password for another account is refused from it.
    expect((await logIn(s, OWNER.email, OWNER.password, attacker)).status).toBe(429);
    expect((await logIn(s, staff.user.email, wrong, attacker)).status).toBe(429);
    // From anywhere else, the account the attacker tried still logs in.
    expect((await logIn(s, staff.user.email, 'sales-password-123', '203.0.113.51')).status).toBe(200);
    expect((await logIn(s, OWNER.email, OWNER.password, '203.0.113.52')).status).toBe(200);
  });

  it('an account tried from many addresses locks after ten failures, whatever the address; a successful log-in starts its count afresh', async () => {
    const staff = await s.as('accounts');
    const password = 'accounts-password-123';
    // Nine failures from three addresses, then the owner of the account logs in.
    for (let i = 0; i < 9; i++) expect((await logIn(s, staff.user.email, wrong, `192.0.2.${i % 3}`)).status).toBe(401);
    expect((await logIn(s, staff.user.email, password, '192.0.2.3')).status).toBe(200);
    // Counted afresh: ten more failures are answered 401 (the old count would have locked at the first)…
    for (let i = 0; i < 10; i++) expect((await logIn(s, staff.user.email, wrong, `192.0.2.${10 + (i % 4)}`)).status).toBe(401);
    // …and the eleventh try, from an address never seen before, finds the account locked, right password or not.
    const locked = await logIn(s, staff.user.email, password, '192.0.2.99');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate_limited');
  });
});

describe('the lock lasts a fixed window from the first failure', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({}, { ORDERLY_TRUST_PROXY: '127.0.0.1', ORDERLY_LOGIN_LOCK_SECONDS: '20' });
  });
  afterAll(async () => s?.close());

  it('tries during the lock do not extend it; when it ends, one wrong try does not lock the account again, and the right password works', async () => {
    const staff = await s.as('viewer');
    const password = 'viewer-password-123';
    const from = '198.51.100.77';
    const first = Date.now();
    for (let i = 0; i < 5; i++) expect((await logIn(s, staff.user.email, wrong, from)).status).toBe(401);
    const locked = await logIn(s, staff.user.email, password, from);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('20');
    // The five failures must have fitted in the window for the rest to mean anything (a loaded machine hashes slowly).
    expect(Date.now() - first).toBeLessThan(15_000);
    // Keep hammering during the lock: each try is refused and none of them moves its end.
    while (Date.now() - first < 18_000) {
      expect((await logIn(s, staff.user.email, wrong, from)).status).toBe(429);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 20_300 - (Date.now() - first))));
    expect((await logIn(s, staff.user.email, wrong, from)).status).toBe(401);
    expect((await logIn(s, staff.user.email, password, from)).status).toBe(200);
  });
});

describe('behind a proxy, the limits use the address the proxy saw (ORDERLY_TRUST_PROXY)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({}, { ORDERLY_TRUST_PROXY: '127.0.0.1', ORDERLY_LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(async () => s?.close());

  it('rotating a spoofed left-most X-Forwarded-For address does not escape the log-in rate limit', async () => {
    const statuses: number[] = [];
    // The client writes a new address each time; the proxy appends the one it saw (203.0.113.9).
    for (let i = 0; i < 5; i++) statuses.push((await logIn(s, `spoof-${i}@orderly.test`, wrong, `10.1.2.${i}, 203.0.113.9`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another client of the same proxy has its own allowance.
    expect((await logIn(s, 'spoof-x@orderly.test', wrong, '10.1.2.1, 203.0.113.10')).status).toBe(401);
  });
});
