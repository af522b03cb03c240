/**
 * Signed outgoing webhooks through HTTP: a receiver in this test (node:http on
 * 127.0.0.1) checks each signature with its own HMAC code, fails the first attempt and
 * takes the retry; replay sends again; a disabled endpoint gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.ts';
import { command, placeOrder } from '../support/orders.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Received = { path: string; headers: Record<string, string>; body: string; validSignature: boolean; answered: number };
type Endpoint = { id: string; url: string; secret?: string; events: string[]; active: boolean };
type Delivery = { id: string; endpointId: string | null; partyId: string | null; event: string; status: string; attempts: number; lastStatusCode: number | null; replayOf: string | null; orderId: string | null };
type Detail = Delivery & { body: string; attemptLog: { attempt: number; statusCode: number | null; error: string | null }[] };
type Problem = { status: number; code: string; errors: { pointer: string }[] };

let s: TestServer;
let receiver: Server;
let base: string;
const received: Received[] = [];
const secrets = new Map<string, string>();
/** Event ids (from the body) already answered once: the first attempt of each gets a 500. */
const failedOnce = new Set<string>();

const waitFor = async <T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const secret = secrets.get(req.url ?? '') ?? '';
      const ts = headers['orderly-webhook-timestamp'] ?? '';
      const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      const validSignature = headers['orderly-webhook-signature'] === expected && fresh;
      const eventId = (JSON.parse(body) as { id: string }).id + (req.url ?? '');
      const answered = req.url === '/down' ? 503 : validSignature && failedOnce.has(eventId) ? 200 : 500;
      failedOnce.add(eventId);
      received.push({ path: req.url ?? '', headers, body, validSignature, answered });
      res.statusCode = answered;
      res.end(answered === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const addr = receiver.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
  s = await startTestServer({}, { ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_OUTBOX_RETRY_BASE_MS: '200', ORDERLY_OUTBOX_RETRY_MAX_MS: '1000', ORDERLY_WEBHOOK_MAX_ATTEMPTS: '3' });
});
afterAll(async () => {
  await s?.close();
  await new Promise((r) => receiver?.close(r));
});

async function subscribe(path: string, events: string[]): Promise<Endpoint> {
  const res = await s.api.post<Endpoint>('/api/v1/webhook-endpoints', { url: `${base}${path}`, events, description: path });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  secrets.set(path, res.body.secret ?? '');
  return res.body;
}

const deliveriesOf = async (endpointId: string) => (await s.api.get<{ items: Delivery[] }>(`/api/v1/webhook-deliveries?endpointId=${endpointId}`)).body.items;

describe('webhook endpoints', () => {
  it('validates the URL and the events, naming each bad field', async () => {
    const bad = await s.api.post<Problem>('/api/v1/webhook-endpoints', { url: 'ftp://example.com/x', events: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer).sort()).toEqual(['/events']);
    const badUrl = await s.api.post<Problem>('/api/v1/webhook-endpoints', { url: 'ftp://example.com/x', events: ['order.placed'] });
    expect(badUrl.status).toBe(422);
    expect(badUrl.body.errors.map((e) => e.pointer)).toEqual(['/url']);
    const unknownEvent = await s.api.post<Problem>('/api/v1/webhook-endpoints', { url: 'https://example.com/x', events: ['order.exploded'] });
    expect(unknownEvent.status).toBe(422);
    expect(unknownEvent.body.errors[0]?.pointer).toBe('/events/0');
  });

  it('shows the secret once: the list never carries it', async () => {
    const e = await subscribe('/listed', ['order.delivered']);
    const list = await s.api.get<{ items: Endpoint[] }>('/api/v1/webhook-endpoints');
    const listed = list.body.items.find((x) => x.id === e.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain(e.secret);
    const del = await s.api.request('DELETE', `/api/v1/webhook-endpoints/${e.id}`);
    expect(del.status).toBe(204);
    expect((await s.api.request('DELETE', `/api/v1/webhook-endpoints/${e.id}`)).status).toBe(404);
  });
});

describe('deliveries', () => {
  it('signs each delivery; a 500 is retried with back-off and the retry is delivered; every attempt is logged', async () => {
    const e = await subscribe('/retry', ['order.confirmed']);
    const order = await placeOrder(s.api);
    expect((await command(s.api, order.id, 'confirm')).status).toBe(200);

    const [first, second] = await waitFor('two attempts', () => {
      const got = received.filter((r) => r.path === '/retry');
      return got.length >= 2 ? got : undefined;
    });
    expect(first!.validSignature).toBe(true);
    expect(first!.answered).toBe(500);
    expect(second!.validSignature).toBe(true);
    expect(second!.answered).toBe(200);
    // The same delivery both times, signed afresh.
    expect(second!.headers['orderly-webhook-id']).toBe(first!.headers['orderly-webhook-id']);
    expect(second!.body).toBe(first!.body);
    const body = JSON.parse(second!.body) as { type: string; data: { order: { id: string; number: string; status: string } } };
    expect(body.type).toBe('order.confirmed');
    expect(body.data.order).toMatchObject({ id: order.id, number: order.number, status: 'confirmed' });

    const [delivery] = await waitFor('the delivery to be settled', async () => {
      const d = await deliveriesOf(e.id);
      return d[0]?.status === 'delivered' ? d : undefined;
    });
    expect(delivery).toMatchObject({ event: 'order.confirmed', status: 'delivered', attempts: 2, lastStatusCode: 200, orderId: order.id });
    const detail = await s.api.get<Detail>(`/api/v1/webhook-deliveries/${delivery!.id}`);
    expect(detail.body.attemptLog.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(detail.body.body).toBe(second!.body);
    expect(delivery!.id).toBe(first!.headers['orderly-webhook-id']);

    // Replay: a new delivery with the same body, sent again.
    const before = received.filter((r) => r.path === '/retry').length;
    const replay = await s.api.post<Delivery>(`/api/v1/webhook-deliveries/${delivery!.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.replayOf).toBe(delivery!.id);
    const again = await waitFor('the replay', () => received.filter((r) => r.path === '/retry')[before]);
    expect(again.validSignature).toBe(true);
    expect(again.body).toBe(first!.body);
    expect(again.headers['orderly-webhook-id']).toBe(replay.body.id);
    await waitFor('the replay to be delivered', async () => ((await deliveriesOf(e.id)).find((d) => d.id === replay.body.id)?.status === 'delivered' ? true : undefined));
    expect((await s.api.post<Problem>('/api/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
  });

  it('gives up after the last attempt: the delivery is failed, every attempt logged, and a replay sends it again', async () => {
    const e = await subscribe('/down', ['order.placed']);
    const order = await placeOrder(s.api);
    const [failed] = await waitFor('the delivery to fail', async () => {
      const d = await deliveriesOf(e.id);
      return d[0]?.status === 'failed' ? d : undefined;
    });
    expect(failed).toMatchObject({ event: 'order.placed', orderId: order.id, attempts: 3, lastStatusCode: 503 });
    const detail = await s.api.get<Detail>(`/api/v1/webhook-deliveries/${failed!.id}`);
    expect(detail.body.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ]);
    expect(received.filter((r) => r.path === '/down' && r.validSignature)).toHaveLength(3);
    const replay = await s.api.post<Delivery>(`/api/v1/webhook-deliveries/${failed!.id}/replay`);
    expect(replay.status).toBe(202);
    await waitFor('the replay to be tried', () => (received.filter((r) => r.path === '/down').length > 3 ? true : undefined));
    await s.api.patch(`/api/v1/webhook-endpoints/${e.id}`, { active: false });
  });

  it('a disabled endpoint gets nothing, and its deliveries cannot be replayed', async () => {
    const on = await subscribe('/on', ['order.cancelled']);
    const off = await subscribe('/off', ['order.cancelled']);
    const disabled = await s.api.patch<Endpoint>(`/api/v1/webhook-endpoints/${off.id}`, { active: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);

    const order = await placeOrder(s.api);
    expect((await command(s.api, order.id, 'cancel', { reason: 'Customer changed their mind' })).status).toBe(200);
    const got = await waitFor('the active endpoint to be told', () => received.find((r) => r.path === '/on' && r.answered === 200));
    expect(JSON.parse(got.body)).toMatchObject({ type: 'order.cancelled', data: { reason: 'Customer changed their mind' } });
    expect(received.filter((r) => r.path === '/off')).toEqual([]);
    expect(await deliveriesOf(off.id)).toEqual([]);

    const [onDelivery] = await deliveriesOf(on.id);
    await s.api.patch(`/api/v1/webhook-endpoints/${on.id}`, { active: false });
    const refused = await s.api.post<Problem>(`/api/v1/webhook-deliveries/${onDelivery!.id}/replay`);
    expect(refused.status).toBe(409);
  });

  it('a change to the endpoints applies to the very next order in this process, though the active list was just read and kept', async () => {
    const e = await subscribe('/next', ['order.placed']);
    // Placed right away: the list this process keeps was dropped when the endpoint was added.
    const first = await placeOrder(s.api);
    const [delivery] = await waitFor('the delivery to be written', async () => {
      const d = await deliveriesOf(e.id);
      return d.length ? d : undefined;
    });
    expect(delivery).toMatchObject({ event: 'order.placed', orderId: first.id });
    // Disabled: the next order, placed at once, writes no delivery for it.
    expect((await s.api.patch(`/api/v1/webhook-endpoints/${e.id}`, { active: false })).status).toBe(200);
    const second = await placeOrder(s.api);
    expect((await deliveriesOf(e.id)).map((d) => d.orderId)).toEqual([first.id]);
    // Active again, then deleted: the order placed right after is placed (no delivery to a missing endpoint).
    const again = await subscribe('/gone', ['order.placed']);
    await placeOrder(s.api);
    expect((await s.api.request('DELETE', `/api/v1/webhook-endpoints/${again.id}`)).status).toBe(204);
    const third = await placeOrder(s.api);
    expect(third.id).not.toBe(second.id);
    expect((await s.api.get(`/api/v1/orders/${third.id}`)).status).toBe(200);
  });

  it('only the owner manages webhooks', async () => {
    const sales = await s.as('sales');
    expect((await sales.get('/api/v1/webhook-endpoints')).status).toBe(403);
    expect((await sales.post('/api/v1/webhook-endpoints', { url: 'https://example.com/x', events: ['order.placed'] })).status).toBe(403);
  });
});

describe("a party's webhook", () => {
  type Party = { id: string; name: string; webhookUrl: string | null; webhookSecret?: string; version: number };
  const partyDeliveries = async (partyId: string) => (await s.api.get<{ items: Delivery[] }>(`/api/v1/webhook-deliveries?partyId=${partyId}`)).body.items;

  it('refuses a private or non-https address the way owner endpoints do, naming the field', async () => {
    // This server allows 127.0.0.1 (the receiver); an ftp address is refused all the same.
    const bad = await s.api.post<Problem>('/api/v1/parties', { kind: 'supplier', name: uniq('Bad'), webhookUrl: 'ftp://127.0.0.1/x' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer)).toEqual(['/webhookUrl']);
  });

  it('a hand-off is POSTed to the party, signed with its own secret (shown once); a 500 is retried; logged, replayable; the cancellation follows', async () => {
    const settings = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
    await s.api.patch('/api/v1/settings', { payments: { ...settings.body.payments, holdUntilPaid: [] } });
    const made = await s.api.post<Party>('/api/v1/parties', { kind: 'supplier', name: uniq('Lamp Co'), webhookUrl: `${base}/party` });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const secret = made.body.webhookSecret ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    secrets.set('/party', secret);
    // Never shown again: not on reading it, not in the list, not on a change that keeps the address.
    const read = await s.api.get<Party>(`/api/v1/parties/${made.body.id}`);
    expect(read.body.webhookSecret).toBeUndefined();
    expect(JSON.stringify((await s.api.get('/api/v1/parties')).body)).not.toContain(secret);
    const renamed = await s.api.patch<Party>(`/api/v1/parties/${made.body.id}`, { phone: '+90 212 000 00 00' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.webhookSecret).toBeUndefined();

    const lamp = await createProduct(s.api, { sku: uniq('LAMP'), name: 'Brass lamp', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [], partyId: made.body.id });
    const placed = await s.api.post<{ id: string; number: string }>('/api/v1/orders', orderBody([{ sku: lamp.sku, quantity: 2 }]));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect((await command(s.api, placed.body.id, 'confirm')).status).toBe(200);
    expect((await command(s.api, placed.body.id, 'start-fulfilment')).status).toBe(200);

    const [first, second] = await waitFor('two attempts at the party', () => {
      const got = received.filter((r) => r.path === '/party');
      return got.length >= 2 ? got : undefined;
    });
    expect(first!.validSignature).toBe(true);
    expect(first!.answered).toBe(500);
    expect(second!.validSignature).toBe(true);
    expect(second!.answered).toBe(200);
    expect(second!.headers['orderly-webhook-id']).toBe(first!.headers['orderly-webhook-id']);
    const body = JSON.parse(second!.body) as { type: string; data: { workItem: { kind: string; state: string; lines: { sku: string; quantity: number }[] }; order: { id: string; number: string } } };
    expect(body.type).toBe('work_item.handed_off');
    expect(body.data.order).toMatchObject({ id: placed.body.id, number: placed.body.number });
    expect(body.data.workItem).toMatchObject({ kind: 'purchase_order', state: 'todo', lines: [{ sku: lamp.sku, quantity: 2 }] });
    expect(second!.body).not.toContain('Minor'); // no prices go to a supplier

    const [delivery] = await waitFor('the party delivery to be settled', async () => {
      const d = await partyDeliveries(made.body.id);
      return d[0]?.status === 'delivered' ? d : undefined;
    });
    expect(delivery).toMatchObject({ partyId: made.body.id, endpointId: null, event: 'work_item.handed_off', attempts: 2, lastStatusCode: 200, orderId: placed.body.id });
    const detail = await s.api.get<Detail>(`/api/v1/webhook-deliveries/${delivery!.id}`);
    expect(detail.body.attemptLog.map((a) => a.statusCode)).toEqual([500, 200]);

    // Rotating the secret answers a new one once; a replay is signed with it.
    const rotated = await s.api.post<Party>(`/api/v1/parties/${made.body.id}/webhook-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.body.webhookSecret).not.toBe(secret);
    secrets.set('/party', rotated.body.webhookSecret ?? '');
    const before = received.filter((r) => r.path === '/party').length;
    const replay = await s.api.post<Delivery>(`/api/v1/webhook-deliveries/${delivery!.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ partyId: made.body.id, replayOf: delivery!.id });
    const again = await waitFor('the replay at the party', () => received.filter((r) => r.path === '/party')[before]);
    expect(again.validSignature).toBe(true);
    expect(again.body).toBe(first!.body);

    // Cancelling the order withdraws the item: the party is told, with the reason.
    const cancelled = await command(s.api, placed.body.id, 'cancel', { reason: 'The customer found another lamp' });
    expect(cancelled.status).toBe(200);
    const told = await waitFor('the cancellation at the party', () => received.find((r) => r.path === '/party' && r.answered === 200 && r.body.includes('work_item.cancelled')));
    expect(told.validSignature).toBe(true);
    expect(JSON.parse(told.body)).toMatchObject({ type: 'work_item.cancelled', data: { reason: 'The customer found another lamp', order: { id: placed.body.id } } });

    // Without an address the party gets nothing more, and its deliveries are not replayed; the secret goes with the address.
    const cleared = await s.api.patch<Party>(`/api/v1/parties/${made.body.id}`, { webhookUrl: null });
    expect(cleared.status).toBe(200);
    expect((await s.api.post<Problem>(`/api/v1/webhook-deliveries/${delivery!.id}/replay`)).status).toBe(409);
    expect((await s.api.post<Problem>(`/api/v1/parties/${made.body.id}/webhook-secret`)).status).toBe(409);
  });
});

