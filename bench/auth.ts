/**
 * How the benchmark authenticates, as an integration would: the server is
 * started with an owner account (ORDERLY_OWNER_EMAIL / ORDERLY_OWNER_PASSWORD,
 * from the environment or the bench's own), the bench logs in as the owner
 * (POST /api/v1/auth/login) and creates a `sales` API token; every measured
 * request carries it as Authorization: Bearer.
 */
import { loadConfig, type Config } from '../src/config.ts';

const owner = () => ({
  email: process.env.ORDERLY_OWNER_EMAIL ?? 'owner@bench.orderly.test',
  password: process.env.ORDERLY_OWNER_PASSWORD ?? 'bench-owner-password',
});

/**
 * The configuration of the server under test: quiet (BENCH_LOG_LEVEL=info to measure logging), no demo data, an owner account.
 * BENCH_OUTBOX_WORKER=false runs it without the outbox workers (mail and webhooks are queued, never delivered).
 */
export function benchConfig(): Config {
  const o = owner();
  return loadConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', ORDERLY_DEMO_DATA: 'false', ORDERLY_OWNER_EMAIL: o.email, ORDERLY_OWNER_PASSWORD: o.password, ...(process.env.BENCH_OUTBOX_WORKER ? { ORDERLY_OUTBOX_WORKER: process.env.BENCH_OUTBOX_WORKER } : {}) });
}

/** An API token of `role` (the placement bench's is `sales`; the release bench sets up as `owner` and releases as `warehouse`). */
export async function authenticate(baseUrl: string, role: 'sales' | 'owner' | 'warehouse' = 'sales'): Promise<Record<string, string>> {
  const o = owner();
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o) });
  const me = (await login.json()) as { csrfToken?: string };
  if (login.status !== 200 || !me.csrfToken) throw new Error(`bench: owner log-in failed (${login.status}): ${JSON.stringify(me)}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await fetch(`${baseUrl}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ name: `bench-${role}`, role }),
  });
  const token = (await created.json()) as { token?: string };
  if (created.status !== 201 || !token.token) throw new Error(`bench: creating an API token failed (${created.status}): ${JSON.stringify(token)}`);
  return { authorization: `Bearer ${token.token}` };
}
