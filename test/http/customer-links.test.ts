/**
 * Customer link tokens are secrets: the mail log, the outbox and the request log never
 * hold a working one; the e-mail as delivered does; every link expires; and a customer
 * can ask for a fresh one by e-mail without learning anything about other orders.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type Running } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { testEngine } from '../support/engine.ts';
import { apiClient, createTestDatabase, OWNER, sessionClient, startTestServer, type Api, type SessionApi } from '../support/server.ts';
import { eventually, startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { business, confirmed, mailOf, setSettings } from '../support/orders.ts';
import { uniq } from '../support/factories.ts';

let logs = '';
let smtp: TestSmtp;
let running: Running;
let dropDb: (() => Promise<void>) | undefined;
let url: string;
let staff: SessionApi;
let anon: Api;

const TOKEN = /[A-Za-z0-9_-]{43}/;
const orderLink = (m: ReceivedMail | undefined) => /https:\/\/shop\.example\/my-order\/([A-Za-z0-9_-]{43})/.exec(m?.text ?? '')?.[1];
const page = (token: string) => anon.get<{ number: string; code: string; detail: string }>(`/api/v1/public/order-status/${token}`);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await running.database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  smtp = await startSmtp();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs += String(chunk);
      cb();
    },
  });
  const config = loadConfig({
    LOG_LEVEL: 'info',
    ORDERLY_DEMO_DATA: 'false',
    ORDERLY_OWNER_EMAIL: OWNER.email,
    ORDERLY_OWNER_PASSWORD: OWNER.password,
    ORDERLY_LOGIN_RATE_LIMIT: '1000',
    ORDERLY_PUBLIC_RATE_LIMIT: '1000',
    ORDERLY_LINK_RENEWAL_RATE_LIMIT: '1000',
    ORDERLY_ORDER_LINK_DAYS: '30',
    SMTP_URL: smtp.url,
    ORDERLY_OUTBOX_POLL_MS: '50',
    ORDERLY_PUBLIC_URL: 'https://shop.example',
  });
  const db = testEngine() === 'postgres' ? await createTestDatabase() : undefined;
  dropDb = db?.drop;
  running = await startApp(config, db ? { kind: 'postgres', url: db.url, poolSize: 4 } : { kind: 'pglite-memory' }, sink);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  staff = await sessionClient(url, OWNER.email, OWNER.password);
  anon = apiClient(url);
  await setSettings(staff, business);
});
afterAll(async () => {
  await running?.stop();
  await dropDb?.();
  await smtp?.close();
});

describe('customer links in e-mails', () => {
  it('the delivered confirmation has a working link; the mail log, the outbox and the database hold no token', async () => {
    const order = await confirmed(staff);
    const [mail] = await smtp.waitFor((m) => m.subject.includes(order.number));
    const token = orderLink(mail);
    expect(token, mail?.text).toBeDefined();
    expect((await page(token ?? '')).body.number).toBe(order.number);

    const [logged] = await eventually(async () => {
      const l = await mailOf(staff, order.id);
      return l[0]?.status === 'sent' ? l : undefined;
    });
    const shown = await staff.get<{ text: string; html: string }>(`/api/v1/mail/${logged?.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.text).toContain('https://shop.example/my-order/[personal-link-made-when-sent]');
    expect(shown.body.text).not.toMatch(TOKEN);
    expect(shown.body.html).not.toContain(token);
    const stored = await rows<{ t: string }>(sql`select data::text as t from mail_messages where order_id = ${order.id} union all select payload::text from outbox`);
    for (const r of stored) expect(r.t).not.toContain(token);
    // The link the customer got expires after ORDERLY_ORDER_LINK_DAYS (30 here).
    const links = await staff.get<{ items: { purpose: string; expiresAt: string; usable: boolean }[] }>(`/api/v1/orders/${order.id}/access-links`);
    expect(links.body.items).toHaveLength(1);
    const days = (Date.parse(links.body.items[0]?.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('a resend to another address carries no working link; a resend to the customer gets a fresh one', async () => {
    const order = await confirmed(staff);
    const [first] = await smtp.waitFor((m) => m.subject.includes(order.number));
    const firstToken = orderLink(first);
    const [logged] = await mailOf(staff, order.id);

    const stranger = `${uniq('someone-else')}@example.com`;
    expect((await staff.post(`/api/v1/mail/${logged?.id}/resend`, { to: stranger })).status).toBe(201);
    const [elsewhere] = await smtp.waitFor((m) => m.to.includes(stranger));
    expect(elsewhere?.text).toContain(order.number);
    expect(elsewhere?.text).not.toContain('/my-order/');
    expect(elsewhere?.html).not.toContain('/my-order/');

    expect((await staff.post(`/api/v1/mail/${logged?.id}/resend`, {})).status).toBe(201);
    const both = await smtp.waitFor((m) => m.subject.includes(order.number) && m.to.includes(order.customer.email ?? ''), 20_000, 2);
    const fresh = orderLink(both[1]);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(firstToken);
    expect((await page(fresh ?? '')).status).toBe(200);
    expect((await page(firstToken ?? '')).status).toBe(200); // the first still works until it expires
  });

  it('an expired link, and one made before links expired, answer 404 problem+json that says how to get a new one', async () => {
    const order = await confirmed(staff);
    const token = orderLink((await smtp.waitFor((m) => m.subject.includes(order.number)))[0]) ?? '';
    expect((await page(token)).status).toBe(200);
    await running.database.db.execute(sql`update access_links set expires_at = now() - interval '1 second' where order_id = ${order.id}`);
    const expired = await page(token);
    expect(expired.status).toBe(404);
    expect(expired.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(expired.body.detail).toContain('Ask for a new one with your order number and e-mail address');

    await running.database.db.execute(sql`update access_links set expires_at = null where order_id = ${order.id}`);
    expect((await page(token)).status).toBe(404);
  });

  it('staff-made links expire too: no "until revoked", at most ten years', async () => {
    const order = await confirmed(staff);
    const forever = await staff.post<{ errors: { pointer: string }[] }>(`/api/v1/orders/${order.id}/access-links`, { purpose: 'order_status', expiresAt: null });
    expect(forever.status).toBe(422);
    expect(forever.body.errors.map((e) => e.pointer)).toContain('/expiresAt');
    const tooLong = await staff.post<{ errors: { pointer: string }[] }>(`/api/v1/orders/${order.id}/access-links`, { purpose: 'order_status', expiresAt: new Date(Date.now() + 11 * 365 * 86_400_000).toISOString() });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors.map((e) => e.pointer)).toEqual(['/expiresAt']);
    const made = await staff.post<{ expiresAt: string }>(`/api/v1/orders/${order.id}/access-links`, { purpose: 'order_status' });
    expect(made.status).toBe(201);
    expect(Date.parse(made.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });
});

describe('asking for a fresh link', () => {
  const ask = (body: unknown) => anon.post<{ accepted: boolean; detail: string; errors: { pointer: string }[] }>('/api/v1/public/order-links', body);

  it("mails a fresh working link to the order's address, and answers exactly the same when nothing matches", async () => {
    const order = await confirmed(staff);
    const email = order.customer.email ?? '';
    await smtp.waitFor((m) => m.subject.includes(order.number));

    const matched = await ask({ orderNumber: order.number.toLowerCase(), email: email.toUpperCase() });
    expect(matched.status).toBe(202);
    const [mail] = await smtp.waitFor((m) => m.subject === `Your link to order ${order.number}`);
    expect(mail?.to).toEqual([email]);
    expect(mail?.text).toContain('works for 30 days');
    const token = orderLink(mail);
    expect((await page(token ?? '')).body.number).toBe(order.number);

    const wrongEmail = await ask({ orderNumber: order.number, email: 'attacker@example.com' });
    const unknownOrder = await ask({ orderNumber: 'SO-2099-999999', email });
    for (const r of [wrongEmail, unknownOrder]) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual(matched.body);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.to.includes('attacker@example.com'))).toHaveLength(0);
    expect(smtp.messages.filter((m) => m.subject === `Your link to order ${order.number}`)).toHaveLength(1);
  });

  it('sends at most three a hour for one order, whoever asks', async () => {
    const order = await confirmed(staff);
    const email = order.customer.email ?? '';
    for (let i = 0; i < 5; i++) expect((await ask({ orderNumber: order.number, email })).status).toBe(202);
    await smtp.waitFor((m) => m.subject === `Your link to order ${order.number}`, 20_000, 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.subject === `Your link to order ${order.number}`)).toHaveLength(3);
  });

  it('names each bad field', async () => {
    const bad = await ask({ orderNumber: '', email: 'not-an-address' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer).sort()).toEqual(['/email', '/orderNumber']);
  });

  it('is rate-limited per address', async () => {
    const limited = await startTestServer({}, { ORDERLY_LINK_RENEWAL_RATE_LIMIT: '2' });
    try {
      const body = { orderNumber: 'SO-2026-000001', email: 'a@example.com' };
      expect((await limited.anon.post('/api/v1/public/order-links', body)).status).toBe(202);
      expect((await limited.anon.post('/api/v1/public/order-links', body)).status).toBe(202);
      const third = await limited.anon.post<{ code: string }>('/api/v1/public/order-links', body);
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('rate_limited');
      expect(third.headers.get('retry-after')).not.toBeNull();
    } finally {
      await limited.close();
    }
  });
});

describe('the request log', () => {
  it('never shows a link token: customer pages and public token routes are logged as [redacted]', async () => {
    const order = await confirmed(staff);
    const token = orderLink((await smtp.waitFor((m) => m.subject.includes(order.number)))[0]) ?? '';
    const mark = logs.length;
    expect((await page(token)).status).toBe(200);
    expect((await anon.get(`/api/v1/public/verify/${token}`)).status).toBe(404);
    expect((await fetch(`${url}/my-order/${token}`)).status).toBe(200);
    const written = logs.slice(mark);
    expect(written).toContain('/api/v1/public/order-status/[redacted]');
    expect(written).toContain('/my-order/[redacted]');
    expect(written).not.toContain(token);
  });
});
