/**
 * Two reads every order event or e-mail made are kept for up to a second per process
 * (issue 13): the active webhook endpoints (webhooks.repository.ts, ENDPOINTS_FRESH_MS) and
 * the business's wording of each mail template (mail-templates.ts, TEMPLATE_FRESH_MS). The
 * process that changes them uses the change at once (tested in test/http/webhooks.test.ts and
 * test/http/customer-messages.test.ts); here, two processes on one PostgreSQL: the other
 * process follows within a second, and an endpoint deleted in one process while the other
 * still lists it never makes an order fail there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, createTestDatabase } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { testEngine } from '../support/engine.ts';
import { spawnApp, type Child } from '../support/child.ts';
import { placeOrder } from '../support/orders.ts';

const FRESH_MS = 1_000;
type Delivery = { orderId: string | null; event: string };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testEngine() !== 'postgres')('kept reads across two processes on one PostgreSQL', () => {
  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop()));
    for (const c of cleanups.splice(0)) await c();
  });

  it('webhook endpoints: added in one process, used by the other within a second; deleted in one, the other still places orders', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const env = { DATABASE_URL: db.url, ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' };
    const [a, b] = await Promise.all([spawnApp(env), spawnApp(env)]);
    children.push(a, b);
    // B places an order: it has now read (and keeps) the empty list of active endpoints.
    await placeOrder(b.api);

    // Nothing listens on port 9: the deliveries stay pending, which is all this test reads.
    const made = await a.api.post<{ id: string }>('/api/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', events: ['order.placed'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await pause(FRESH_MS + 100);
    const seen = await placeOrder(b.api);
    const deliveries = (await a.api.get<{ items: Delivery[] }>(`/api/v1/webhook-deliveries?endpointId=${made.body.id}`)).body.items;
    expect(deliveries.map((d) => [d.event, d.orderId])).toContainEqual(['order.placed', seen.id]);

    // B lists the endpoint (just read); A deletes it; B places orders at once and throughout its second.
    await placeOrder(b.api);
    expect((await a.api.request('DELETE', `/api/v1/webhook-endpoints/${made.body.id}`)).status).toBe(204);
    const deletedAt = Date.now();
    const placed: string[] = [];
    while (Date.now() - deletedAt < FRESH_MS + 300) placed.push((await placeOrder(b.api)).id);
    expect(placed.length).toBeGreaterThan(1);
    for (const id of placed) expect((await a.api.get(`/api/v1/orders/${id}`)).status).toBe(200);
    expect((await a.api.get<{ items: Delivery[] }>(`/api/v1/webhook-deliveries?endpointId=${made.body.id}`)).body.items).toEqual([]);
  });

  it('mail wording: saved in one process, the other sends with it within a second', { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const [a, b] = await Promise.all([spawnApp({ DATABASE_URL: db.url }), spawnApp({ DATABASE_URL: db.url })]);
    children.push(a, b);
    /** A shop order through B's storefront; the subjects of its acknowledgement as queued. */
    const shopOrder = async () => {
      const p = await createProduct(a.api, { sku: uniq('TABLE') });
      const { channel: _c, ...body } = orderBody([{ sku: p.sku, quantity: 1, fields: { fabric: 'velvet' } }], { customer: { name: 'Ada', email: `${uniq('web')}@example.com` } });
      const res = await apiClient(b.url, () => ({})).post<{ number: string }>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const order = await a.api.get<{ id: string; number: string }>(`/api/v1/orders/${res.body.number}`);
      const mail = await a.api.get<{ items: { template: string; subject: string }[] }>(`/api/v1/orders/${order.body.id}/mail`);
      expect(mail.status).toBe(200);
      return { number: res.body.number, subjects: mail.body.items.filter((m) => m.template === 'order_received').map((m) => m.subject) };
    };
    // B acknowledges a shop order with the default wording, and keeps it.
    const before = await shopOrder();
    expect(before.subjects).toEqual([`We have received your order ${before.number}`]);

    const saved = await a.api.request('PUT', '/api/v1/mail-templates/order_received/en', { subject: 'Got it: {{orderNumber}}', body: 'Hello {{customerName}}' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await pause(FRESH_MS + 100);
    const after = await shopOrder();
    expect(after.subjects).toEqual([`Got it: ${after.number}`]);
  });
});
