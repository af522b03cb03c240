import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { startTestServer, OWNER, apiClient, type SessionApi, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';
import { PERMISSIONS, ROLES, can, type Permission, type Role } from '../../src/auth/permissions.ts';
import { testEngine } from '../support/engine.ts';
import { sql } from 'drizzle-orm';

type Problem = { status: number; code: string; errors: { pointer: string }[] };

let s: TestServer;
let productId: string;
let sku: string;
let orderId: string;
let customerId: string;
let partyId: string;
/** Work items of a released order, by the party kind whose permission they need. */
const workItem: Record<'warehouse' | 'accounts' | 'suppliers', string> = { warehouse: '', accounts: '', suppliers: '' };
const clients = new Map<Role, SessionApi>();

beforeAll(async () => {
  s = await startTestServer();
  const p = await createProduct(s.api);
  productId = p.id;
  sku = p.sku;
  const o = await s.api.post<{ id: string; customer: { id: string } }>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'linen' } }]));
  orderId = o.body.id;
  customerId = o.body.customer.id;
  const settings = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
  await s.api.patch('/api/v1/settings', { payments: { ...settings.body.payments, holdUntilPaid: [] } });
  partyId = (await s.api.post<{ id: string }>('/api/v1/parties', { kind: 'supplier', name: 'Lamp Co' })).body.id;
  // A released order with a stock line and a third-party line whose product names no supplier (a blocked item for the suppliers' desk).
  const lamp = await createProduct(s.api, { fulfilmentMode: 'third_party', initialStock: undefined, formFields: [] });
  const released = await s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'linen' } }, { sku: lamp.sku }]));
  expect((await s.api.post(`/api/v1/orders/${released.body.id}/confirm`)).status).toBe(200);
  expect((await s.api.post(`/api/v1/orders/${released.body.id}/start-fulfilment`)).status).toBe(200);
  const items = await s.api.get<{ items: { id: string; kind: string }[] }>(`/api/v1/orders/${released.body.id}/work-items`);
  workItem.warehouse = items.body.items.find((i) => i.kind === 'pick_pack')?.id ?? '';
  workItem.accounts = items.body.items.find((i) => i.kind === 'invoice_collect')?.id ?? '';
  workItem.suppliers = items.body.items.find((i) => i.kind === 'purchase_order')?.id ?? '';
  expect(Object.values(workItem).every(Boolean)).toBe(true);
  for (const r of ROLES) clients.set(r, await s.as(r));
});
afterAll(async () => s?.close());

/**
 * One representative request per permission, and the exact status an allowed role gets
 * (the request is built so that it reaches the use case: a 404 here is "order not found",
 * never "no route"). A refused role gets exactly 403 forbidden.
 */
const NO_ORDER = '00000000-0000-4000-8000-000000000000';
/** prices.read guards no route: it hides money fields in order answers (test/http/prices-permission.test.ts). */
type RoutePermission = Exclude<Permission, 'prices.read'>;
const sample: Record<RoutePermission, () => [string, string, unknown, number]> = {
  'orders.read': () => ['GET', '/api/v1/orders', undefined, 200],
  'orders.place': () => ['POST', '/api/v1/orders/drafts', { channel: 'phone' }, 201],
  'orders.edit': () => ['PATCH', `/api/v1/orders/${orderId}`, { notes: 'x' }, 428],
  'orders.verify': () => ['POST', `/api/v1/orders/${NO_ORDER}/verify`, {}, 404],
  'orders.confirm': () => ['POST', `/api/v1/orders/${NO_ORDER}/confirm`, {}, 404],
  'orders.hold': () => ['POST', `/api/v1/orders/${NO_ORDER}/hold`, { reason: 'r' }, 404],
  'orders.cancel': () => ['POST', `/api/v1/orders/${NO_ORDER}/cancel`, { reason: 'r' }, 404],
  'orders.fulfil': () => ['POST', `/api/v1/orders/${NO_ORDER}/ship`, {}, 404],
  'orders.note': () => ['POST', `/api/v1/orders/${orderId}/notes`, { note: 'hello' }, 200],
  'catalog.read': () => ['GET', '/api/v1/products', undefined, 200],
  'catalog.write': () => ['PATCH', `/api/v1/products/${productId}`, { description: 'changed' }, 200],
  'stock.adjust': () => ['POST', `/api/v1/products/${productId}/stock-adjustments`, { delta: 1, reason: 'count' }, 200],
  'customers.read': () => ['GET', '/api/v1/customers', undefined, 200],
  'customers.write': () => ['PATCH', `/api/v1/customers/${customerId}`, { notes: 'vip' }, 200],
  'inquiries.read': () => ['GET', '/api/v1/inquiries', undefined, 200],
  'inquiries.write': () => ['POST', `/api/v1/inquiries/${NO_ORDER}/win`, {}, 404],
  'payments.read': () => ['GET', '/api/v1/payments/unpaid', undefined, 200],
  'payments.record': () => ['POST', `/api/v1/orders/${NO_ORDER}/payments`, { method: 'bank_transfer', amountMinor: 100, reference: 'r' }, 404],
  'payments.refund': () => ['POST', `/api/v1/payments/${NO_ORDER}/refunds`, { amountMinor: 100, reason: 'r' }, 404],
  'mail.read': () => ['GET', '/api/v1/mail', undefined, 200],
  'mail.resend': () => ['POST', `/api/v1/mail/${NO_ORDER}/resend`, {}, 404],
  'mail.send': () => ['POST', `/api/v1/orders/${NO_ORDER}/messages`, { message: 'Hello' }, 404],
  'settings.read': () => ['GET', '/api/v1/settings', undefined, 200],
  'settings.write': () => ['PATCH', '/api/v1/settings', { businessName: 'Renamed' }, 200],
  'users.manage': () => ['GET', '/api/v1/users', undefined, 200],
  'tokens.manage': () => ['GET', '/api/v1/api-tokens', undefined, 200],
  'audit.read': () => ['GET', '/api/v1/audit', undefined, 200],
  'documents.read': () => ['GET', `/api/v1/orders/${NO_ORDER}/documents/pick-list.pdf`, undefined, 404],
  'invoices.read': () => ['GET', `/api/v1/orders/${NO_ORDER}/invoices`, undefined, 404],
  'invoices.issue': () => ['POST', `/api/v1/orders/${NO_ORDER}/invoices`, {}, 404],
  'webhooks.manage': () => ['GET', '/api/v1/webhook-endpoints', undefined, 200],
  'parties.read': () => ['GET', '/api/v1/parties', undefined, 200],
  'parties.write': () => ['PATCH', `/api/v1/parties/${partyId}`, { phone: '+44 20 7946 0001' }, 200],
  'work.read': () => ['GET', '/api/v1/work-items', undefined, 200],
  // Blocking without a reason reaches the use case and is refused (422) without a change; which items a role may act on is the next three rows.
  'work.act': () => ['POST', `/api/v1/work-items/${NO_ORDER}/start`, {}, 404],
  'work.warehouse': () => ['POST', `/api/v1/work-items/${workItem.warehouse}/block`, {}, 422],
  'work.accounts': () => ['POST', `/api/v1/work-items/${workItem.accounts}/block`, {}, 422],
  'work.suppliers': () => ['POST', `/api/v1/work-items/${workItem.suppliers}/block`, {}, 422],
  'quotes.read': () => ['GET', '/api/v1/quotes', undefined, 200],
  'quotes.write': () => ['POST', `/api/v1/quotes/${NO_ORDER}/withdraw`, {}, 404],
  'feedback.read': () => ['GET', '/api/v1/feedback/report', undefined, 200],
  'feedback.act': () => ['POST', `/api/v1/follow-ups/${NO_ORDER}/done`, { note: 'Called back' }, 404],
};

describe('the permission table, role by role, through HTTP', () => {
  const rows = (Object.keys(PERMISSIONS) as Permission[]).filter((p): p is RoutePermission => p !== 'prices.read').flatMap((p) => ROLES.map((r) => [p, r] as const));
  it.each(rows)('%s for %s', async (permission, role) => {
    const [method, path, body, allowedStatus] = sample[permission]();
    const res = await clients.get(role)!.request<Problem>(method, path, body);
    // Never "no route": every row must name a route that exists.
    expect(JSON.stringify(res.body), `${method} ${path} must be a real route`).not.toMatch(/No route/);
    if (can(role, permission)) {
      expect(res.status, `${role} should be allowed ${permission}: ${JSON.stringify(res.body)}`).toBe(allowedStatus);
      if (allowedStatus === 404) expect(res.body.code).toBe('not_found');
    } else {
      expect(res.status, `${role} should be refused ${permission}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });
});

describe('authentication', () => {
  it('staff routes refuse a request without a session or token with 401 problem+json', async () => {
    const res = await s.anon.get<Problem>('/api/v1/orders');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unauthenticated');
  });

  it('public routes need nothing', async () => {
    expect((await s.anon.get('/api/v1/public/catalog')).status).toBe(200);
    expect((await s.anon.get('/health')).status).toBe(200);
  });

  it('a wrong password is refused without saying whether the e-mail exists', async () => {
    const a = await s.anon.post<Problem>('/api/v1/auth/login', { email: OWNER.email, password: 'wrong-password' });
    const b = await s.anon.post<Problem>('/api/v1/auth/login', { email: 'nobody@orderly.test', password: 'wrong-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
  });

  it('log-out ends the session: the same cookie is refused afterwards', async () => {
    const c = await s.as('sales');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const c = await s.as('viewer');
    await s.running.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${c.user.id}`);
    const res = await c.get<Problem>('/api/v1/orders');
    expect(res.status).toBe(401);
  });

  it('a disabled user is locked out at once, sessions included', async () => {
    const c = await s.as('sales');
    expect((await c.get('/api/v1/orders')).status).toBe(200);
    const owner = await s.login(OWNER.email, OWNER.password);
    expect((await owner.patch(`/api/v1/users/${c.user.id}`, { disabled: true })).status).toBe(200);
    expect((await c.get('/api/v1/orders')).status).toBe(401);
  });

  it('API tokens: shown once, stored hashed, scoped to a role, revocable, last use recorded', async () => {
    const created = await s.api.post<{ id: string; token: string }>('/api/v1/api-tokens', { name: 'warehouse scanner', role: 'warehouse' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^oly_/);
    const scanner = apiClient(s.url, () => ({ authorization: `Bearer ${created.body.token}` }));
    expect((await scanner.get('/api/v1/orders')).status).toBe(200);
    expect((await scanner.patch('/api/v1/settings', { businessName: 'x' })).status).toBe(403);
    const list = await s.api.get<{ items: { id: string; lastUsedAt: string | null; token?: string }[] }>('/api/v1/api-tokens');
    const mine = list.body.items.find((t) => t.id === created.body.id);
    expect(mine?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const stored = await s.running.database.db.execute(sql`select token_hash from api_tokens where id = ${created.body.id}`);
    expect(JSON.stringify(stored)).not.toContain(created.body.token);
    expect((await s.api.request('DELETE', `/api/v1/api-tokens/${created.body.id}`)).status).toBe(204);
    expect((await scanner.get('/api/v1/orders')).status).toBe(401);
  });

  it('passwords are stored as scrypt hashes, never as given', async () => {
    const res = await s.running.database.db.execute(sql`select password_hash from users`);
    const text = JSON.stringify(res);
    expect(text).toContain('scrypt$');
    expect(text).not.toContain(OWNER.password);
  });

  it('changing my password ends my other sessions', async () => {
    const a = await s.as('accounts');
    const email = a.user.email;
    const b = await s.login(email, 'accounts-password-123');
    const changed = await a.post('/api/v1/auth/password', { currentPassword: 'accounts-password-123', newPassword: 'a-brand-new-password' });
    expect(changed.status).toBe(204);
    expect((await b.get('/api/v1/auth/me')).status).toBe(401);
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);
    await expect(s.login(email, 'accounts-password-123')).rejects.toThrow(/401/);
  });
});

describe('CSRF', () => {
  it('a cookie-authenticated change without the CSRF token is refused; with it, it goes through', async () => {
    const c = await s.as('sales');
    const bare = apiClient(s.url, () => ({ cookie: c.cookie }));
    const refused = await bare.post<Problem>('/api/v1/orders/drafts', { channel: 'phone' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('csrf_failed');
    const forged = apiClient(s.url, () => ({ cookie: c.cookie, 'x-csrf-token': 'guess' }));
    expect((await forged.post('/api/v1/orders/drafts', { channel: 'phone' })).status).toBe(403);
    expect((await c.post('/api/v1/orders/drafts', { channel: 'phone' })).status).toBe(201);
  });

  it('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });
});

describe('baseline', () => {
  it('an unknown API path is a problem+json 404, while other pages get the web app', async () => {
    const api = await s.api.get<{ code: string }>('/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const page = await fetch(`${s.url}/orders/some-order`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('sends the same security headers on every kind of answer', async () => {
    const csp = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'";
    // A JSON answer, a problem answer, an answer refused before any route, and the web app's page.
    for (const [path, status] of [['/health', 200], ['/api/v1/no-such-thing', 404], ['/api/v1/orders', 401], ['/orders/some-order', 200]] as const) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-security-policy'), path).toBe(csp);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('the audit log records staff changes with their actor and offers no way to change it', async () => {
    const c = await s.as('sales');
    await c.patch(`/api/v1/customers/${customerId}`, { notes: 'called back' });
    const log = await s.api.get<{ items: { actor: { id: string }; action: string; status: number; id: number }[] }>('/api/v1/audit');
    const entry = log.body.items.find((e) => e.actor.id === c.user.id && e.action === 'PATCH /api/v1/customers/:id');
    expect(entry?.status).toBe(200);
    expect((await s.api.request('DELETE', `/api/v1/audit/${entry?.id}`)).status).toBe(404);
    expect((await s.api.request('PATCH', `/api/v1/audit/${entry?.id}`, {})).status).toBe(404);
  });

  it('a refused order command is audited; a successful one is on the order timeline instead', async () => {
    const viewer = await s.as('viewer');
    expect((await viewer.post(`/api/v1/orders/${orderId}/notes`, { note: 'sneaky' })).status).toBe(403);
    const sales = await s.as('sales');
    expect((await sales.post(`/api/v1/orders/${orderId}/notes`, { note: 'called the customer' })).status).toBe(200);
    const log = await s.api.get<{ items: { actor: { id: string }; action: string; status: number }[] }>('/api/v1/audit');
    expect(log.body.items.find((e) => e.actor.id === viewer.user.id)).toMatchObject({ action: 'POST /api/v1/orders/:id/notes', status: 403 });
    expect(log.body.items.find((e) => e.actor.id === sales.user.id)).toBeUndefined();
    const tl = await s.api.get<{ items: { type: string; actor: { id?: string } }[] }>(`/api/v1/orders/${orderId}/timeline`);
    expect(tl.body.items.at(-1)).toMatchObject({ type: 'note_added', actor: { id: sales.user.id } });
  });
});

describe('rate limits and lock-out', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, { ORDERLY_LOGIN_RATE_LIMIT: '4' });
  });
  afterAll(async () => t?.close());

  it('the log-in rate limit kicks in with 429 and Retry-After', async () => {
    // startTestServer logged in once already.
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@y.example', password: 'nope-nope-nope' }) });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(last?.headers.get('retry-after')).toBeTruthy();
    expect(last?.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('lock-out after repeated failed log-ins', () => {
  it('five wrong passwords lock the account, even against the right one', async () => {
    const c = await s.as('viewer');
    for (let i = 0; i < 5; i++) await s.anon.post('/api/v1/auth/login', { email: c.user.email, password: 'wrong-password-x' });
    const res = await s.anon.post<Problem>('/api/v1/auth/login', { email: c.user.email, password: 'viewer-password-123' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('rate_limited');
  });
});

describe('secrets stay out of the logs', () => {
  it('passwords, cookies and tokens are redacted', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs += String(chunk);
        cb();
      },
    });
    const { startApp } = await import('../../src/app.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const { createTestDatabase } = await import('../support/server.ts');
    const db = testEngine() === 'postgres' ? await createTestDatabase() : undefined;
    const config = loadConfig({ LOG_LEVEL: 'trace', ORDERLY_DEMO_DATA: 'false', ORDERLY_OWNER_EMAIL: OWNER.email, ORDERLY_OWNER_PASSWORD: OWNER.password });
    const running = await startApp(config, db ? { kind: 'postgres', url: db.url, poolSize: 2 } : { kind: 'pglite-memory' }, sink);
    try {
      await running.app.listen({ port: 0, host: '127.0.0.1' });
      const addr = running.app.server.address();
      const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const tok = await fetch(`${url}/api/v1/api-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'x', role: 'viewer' }) });
      const { token } = (await tok.json()) as { token: string };
      await fetch(`${url}/api/v1/orders`, { headers: { authorization: `Bearer ${token}` } });
      expect(logs).toContain('/api/v1/auth/login');
      for (const secret of [OWNER.password, cookie.split('=')[1] ?? 'x', csrfToken, token]) expect(logs).not.toContain(secret);
    } finally {
      await running.stop();
      await db?.drop();
    }
  });
});

