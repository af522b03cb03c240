/**
 * A real Orderly server for a test file: its own database (an in-memory PGlite,
 * or a fresh PostgreSQL database), listening on a free port, reached over HTTP.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { startApp, type Running } from '../../src/app.ts';
import type { DatabaseTarget } from '../../src/shared/db.ts';
import { testDatabaseUrl, testEngine } from './engine.ts';

export type TestServer = {
  url: string;
  running: Running;
  /** The owner, through an owner API token. */
  api: Api;
  /** Nobody: no token, no cookie. */
  anon: Api;
  /** Logs in with e-mail and password; the client keeps the session cookie and sends the CSRF token. */
  login(email: string, password: string): Promise<SessionApi>;
  /** A new staff user with this role, logged in. */
  as(role: 'owner' | 'sales' | 'warehouse' | 'accounts' | 'viewer'): Promise<SessionApi>;
  /** A PostgreSQL URL for this file's database (postgres engine only). */
  databaseUrl: string | undefined;
  close(): Promise<void>;
};

export type ApiResponse<T = Record<string, unknown>> = { status: number; headers: Headers; body: T };

export type Api = {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  get<T = Record<string, unknown>>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  patch<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
};

export type SessionApi = Api & { csrfToken: string; cookie: string; user: { id: string; email: string; role: string } };

export const OWNER = { email: 'owner@orderly.test', password: 'owner-password-123' };

export async function sessionClient(baseUrl: string, email: string, password: string): Promise<SessionApi> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await res.json()) as { csrfToken: string; user: { id: string; email: string; role: string } };
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const api = apiClient(baseUrl, () => ({ cookie, 'x-csrf-token': body.csrfToken }));
  return { ...api, csrfToken: body.csrfToken, cookie, user: body.user };
}

export function apiClient(baseUrl: string, defaultHeaders: () => Record<string, string> = () => ({})): Api {
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...defaultHeaders(), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
  return {
    request,
    get: (p, h) => request('GET', p, undefined, h),
    post: (p, b, h) => request('POST', p, b ?? {}, h),
    patch: (p, b, h) => request('PATCH', p, b, h),
  };
}

/** Creates an empty PostgreSQL database for one test file and returns its URL and a dropper. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = testDatabaseUrl();
  const name = `orderly_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

export async function startTestServer(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', ORDERLY_DEMO_DATA: 'false', ORDERLY_OWNER_EMAIL: OWNER.email, ORDERLY_OWNER_PASSWORD: OWNER.password, ORDERLY_LOGIN_RATE_LIMIT: '1000', ORDERLY_PUBLIC_RATE_LIMIT: '1000', ORDERLY_VERIFY_SERIALIZER: 'true', ...env }),
    ...overrides,
  };
  let target: DatabaseTarget;
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (testEngine() === 'postgres') {
    const created = await createTestDatabase();
    dropDb = created.drop;
    databaseUrl = created.url;
    target = { kind: 'postgres', url: created.url, poolSize: 10 };
  } else {
    target = { kind: 'pglite-memory' };
  }
  const running = await startApp(config, target);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const owner = await sessionClient(url, OWNER.email, OWNER.password);
  const token = await owner.post<{ token: string }>('/api/v1/api-tokens', { name: 'tests', role: 'owner' });
  if (token.status !== 201) throw new Error(`could not create the owner token: ${JSON.stringify(token.body)}`);
  let n = 0;
  return {
    url,
    running,
    api: apiClient(url, () => ({ authorization: `Bearer ${token.body.token}` })),
    anon: apiClient(url),
    login: (email, password) => sessionClient(url, email, password),
    as: async (role) => {
      const email = `${role}-${++n}-${process.pid}@orderly.test`;
      const password = `${role}-password-123`;
      const created = await owner.post('/api/v1/users', { email, name: `${role} ${n}`, role, password });
      if (created.status !== 201) throw new Error(`could not create user: ${JSON.stringify(created.body)}`);
      return sessionClient(url, email, password);
    },
    databaseUrl,
    close: async () => {
      await running.stop();
      await dropDb?.();
    },
  };
}
