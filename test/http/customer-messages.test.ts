/**
 * Keeping the customer informed (issue 12), through HTTP and a real in-process SMTP
 * server: the acknowledgement of a shop order (exactly once), the business's own wording
 * (refused when it would not render; preview; reset), a message staff write, a delay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { eventually, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, confirmed, mailOf, placeOrder, setSettings, timeline } from '../support/orders.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Template = { template: string; language: string; subject: string; body: string; customised: boolean; default: { subject: string; body: string } };
type Preview = { rendered: { subject: string; text: string; html: string } | null; problems: { part: string; message: string }[]; orderNumber: string | null };

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer(
    {},
    {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '2000',
      ORDERLY_OUTBOX_POLL_MS: '50',
      ORDERLY_OUTBOX_RETRY_BASE_MS: '300',
      ORDERLY_OUTBOX_RETRY_MAX_MS: '1000',
      ORDERLY_PUBLIC_URL: 'https://shop.example',
      // The scheduled scan would race the one this file runs by hand (test/process covers the schedule).
      ORDERLY_AT_RISK_SCAN_MS: '0',
    },
  );
  await setSettings(s.api, business);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const shopOrder = async (key = uniq('form-key'), email = `${uniq('web')}@example.com`) => {
  const p = await createProduct(s.api, { sku: uniq('TABLE') });
  const { channel: _c, ...body } = orderBody([{ sku: p.sku, quantity: 2, fields: { fabric: 'velvet' } }], { customer: { name: 'Web <b>Customer</b>', email } });
  const res = await s.anon.post<{ number: string }>('/api/v1/public/orders', body, { 'idempotency-key': key });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const staff = await s.api.get<{ id: string }>(`/api/v1/orders/${res.body.number}`);
  return { id: staff.body.id, number: res.body.number, body, key, email };
};

const settle = () => new Promise((r) => setTimeout(r, 1200));

describe('the acknowledgement', () => {
  it('a shop order gets one at once — with its number, its lines and what happens next — and a retried request sends no second', async () => {
    const o = await shopOrder();
    const [mail] = await smtp.waitFor((m) => m.subject === `We have received your order ${o.number}`);
    expect(mail?.to).toEqual([o.email]);
    expect(mail?.text).toContain('2 × ');
    expect(mail?.text).toContain('What happens next: we check your order and confirm it to you by e-mail');
    expect(mail?.text).toMatch(/https:\/\/shop\.example\/my-order\/[A-Za-z0-9_-]{43}/);
    expect(mail?.html).toContain('Web &lt;b&gt;Customer&lt;/b&gt;');
    expect(mail?.html).not.toContain('<b>Customer');

    // The same form sent again (a retry with the same key) answers with the same order and mails nothing.
    const again = await s.anon.post<{ number: string }>('/api/v1/public/orders', o.body, { 'idempotency-key': o.key });
    expect(again.body.number).toBe(o.number);
    await settle();
    expect(smtp.messages.filter((m) => m.subject.includes(o.number))).toHaveLength(1);
    const log = await mailOf(s.api, o.id);
    expect(log.map((m) => [m.template, m.status])).toEqual([['order_received', 'sent']]);
  });

  it('a phone order gets none by default; with phone in the settings it does; a verification mail replaces it', async () => {
    const quiet = await placeOrder(s.api);
    await settle();
    expect((await mailOf(s.api, quiet.id)).map((m) => m.template)).toEqual([]);

    const current = await s.api.get<{ notifications: { acknowledgeChannels: string[] } }>('/api/v1/settings');
    expect(current.body.notifications.acknowledgeChannels).toEqual(['web']);
    await setSettings(s.api, { notifications: { acknowledgeChannels: ['web', 'phone'] } });
    const told = await placeOrder(s.api);
    await smtp.waitFor((m) => m.subject === `We have received your order ${told.number}`);

    await setSettings(s.api, { verification: { mode: 'always' } });
    const held = await placeOrder(s.api);
    await smtp.waitFor((m) => m.subject === `Please check your order ${held.number}`);
    await settle();
    expect((await mailOf(s.api, held.id)).map((m) => m.template)).toEqual(['verification_request']);
    await setSettings(s.api, { verification: { mode: 'never' }, notifications: { acknowledgeChannels: ['web'] } });
  });

  it('refuses a settings channel that does not exist, naming the field', async () => {
    const res = await s.api.patch<Problem>('/api/v1/settings', { notifications: { acknowledgeChannels: ['pigeon'] } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer)).toEqual(['/notifications/acknowledgeChannels/0']);
  });
});

describe("the business's wording", () => {
  it('lists every template in English and Turkish', async () => {
    const res = await s.api.get<{ items: Template[] }>('/api/v1/mail-templates');
    expect(res.status).toBe(200);
    const keys = res.body.items.map((t) => `${t.template}/${t.language}`);
    for (const t of ['order_received', 'order_confirmation', 'verification_request', 'order_link', 'staff_message', 'order_delayed']) {
      expect(keys).toContain(`${t}/en`);
      expect(keys).toContain(`${t}/tr`);
    }
  });

  it('refuses, when saved, a template that would not render: unknown name, syntax error, unescaped output — naming the part', async () => {
    const unknown = await s.api.request<Problem>('PUT', '/api/v1/mail-templates/order_received/en', { subject: 'Order {{orderNumbr}}', body: 'Hello {{customerName}}' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/subject', code: 'template_invalid', message: expect.stringContaining('{{orderNumbr}}') })]);

    const syntax = await s.api.request<Problem>('PUT', '/api/v1/mail-templates/order_received/en', { subject: 'Order {{orderNumber}}', body: 'Hello {{#lines}}{{name}}' });
    expect(syntax.status).toBe(422);
    expect(syntax.body.errors.map((e) => e.pointer)).toEqual(['/body']);

    const raw = await s.api.request<Problem>('PUT', '/api/v1/mail-templates/order_received/tr', { subject: 'Sipariş {{orderNumber}}', body: 'Merhaba {{{customerName}}}' });
    expect(raw.status).toBe(422);
    expect(raw.body.errors[0]?.message).toContain('unescaped');

    // A name inside a list section is known there (and only there).
    const outside = await s.api.request<Problem>('PUT', '/api/v1/mail-templates/order_received/en', { subject: 'x {{orderNumber}}', body: '{{quantity}}' });
    expect(outside.status).toBe(422);
    // Nothing was saved.
    const now = await s.api.get<Template>('/api/v1/mail-templates/order_received/en');
    expect(now.body.customised).toBe(false);
  });

  it('saves a wording that renders, previews it with a real order, sends with it, and resets to the default', async () => {
    const order = await placeOrder(s.api);
    const source = { subject: 'Thanks! {{orderNumber}} is in', body: 'Hi {{customerName}},\n\n{{#lines}}{{quantity}} x {{name}}\n{{/lines}}\nTotal {{total}}\n\n{{business.name}}' };
    const preview = await s.api.post<Preview>('/api/v1/mail-templates/order_received/en/preview', { ...source, order: order.number });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.orderNumber).toBe(order.number);
    expect(preview.body.rendered?.subject).toBe(`Thanks! ${order.number} is in`);
    expect(preview.body.rendered?.text).toContain('1 x Sofa');
    expect(preview.body.rendered?.html).toContain('Oak &amp; Thread Furniture');

    const bad = await s.api.post<Preview>('/api/v1/mail-templates/order_received/en/preview', { subject: '{{nope}}', body: 'x' });
    expect(bad.status).toBe(200);
    expect(bad.body.rendered).toBeNull();
    expect(bad.body.problems[0]?.part).toBe('subject');
    const noOrder = await s.api.post<Problem>('/api/v1/mail-templates/order_received/en/preview', { ...source, order: 'SO-1999-999999' });
    expect(noOrder.status).toBe(404);

    // A shop order just before: this process has read (and keeps) the default wording; saving must drop it.
    await shopOrder();
    const saved = await s.api.request<Template>('PUT', '/api/v1/mail-templates/order_received/en', source);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.customised).toBe(true);
    const o = await shopOrder();
    const [mail] = await smtp.waitFor((m) => m.subject === `Thanks! ${o.number} is in`);
    expect(mail?.text).toContain('2 x ');

    const reset = await s.api.request<Template>('DELETE', '/api/v1/mail-templates/order_received/en');
    expect(reset.status).toBe(200);
    expect(reset.body.customised).toBe(false);
    expect(reset.body.subject).toBe(reset.body.default.subject);
    const o2 = await shopOrder();
    await smtp.waitFor((m) => m.subject === `We have received your order ${o2.number}`);
  });

  it('the warehouse may read the wording but not change it', async () => {
    const warehouse = await s.as('warehouse');
    expect((await warehouse.get('/api/v1/mail-templates')).status).toBe(200);
    expect((await warehouse.request('PUT', '/api/v1/mail-templates/order_received/en', { subject: 'x {{orderNumber}}', body: 'y' })).status).toBe(403);
  });
});

describe('a message staff write from the order page', () => {
  it('goes through the template and the outbox, onto the communication log with its status, in the customer’s language', async () => {
    const order = await confirmed(s.api);
    const res = await s.api.post<{ id: string; status: string; template: string }>(`/api/v1/orders/${order.id}/messages`, { message: 'Your sofa is being upholstered <today>.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ template: 'staff_message', status: 'queued' });
    const [mail] = await smtp.waitFor((m) => m.subject === `About your order ${order.number}`);
    expect(mail?.text).toContain('Your sofa is being upholstered <today>.');
    expect(mail?.html).toContain('upholstered &lt;today&gt;.');
    const log = await eventually(async () => {
      const items = await mailOf(s.api, order.id);
      return items.find((m) => m.template === 'staff_message' && m.status === 'sent') ? items : undefined;
    });
    expect(log.map((m) => m.template).sort()).toEqual(['order_confirmation', 'staff_message']);

    const empty = await s.api.post<Problem>(`/api/v1/orders/${order.id}/messages`, { message: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((e) => e.pointer)).toEqual(['/message']);

    const noMail = await placeOrder(s.api, { overrides: { customer: { name: 'Phone Only', phone: '+442079460001' } } });
    const refused = await s.api.post<Problem>(`/api/v1/orders/${noMail.id}/messages`, { message: 'Hello' });
    expect(refused.status).toBe(409);
  });
});

describe('a delay', () => {
  it('moves the expected date, records it on the timeline and e-mails the customer the new date and the reason at once', async () => {
    const order = await confirmed(s.api);
    const before = await s.api.get<{ expectedCompletionDate: string | null; version: number }>(`/api/v1/orders/${order.id}`);
    const newDate = '2099-03-15';
    const res = await s.api.post<{ expectedCompletionDate: string }>(`/api/v1/orders/${order.id}/delays`, { newDate, reason: 'The velvet arrives from the mill a week late.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.expectedCompletionDate).toBe(newDate);

    const [mail] = await smtp.waitFor((m) => m.subject === `Your order ${order.number} will be later than planned`);
    expect(mail?.text).toContain('15 March 2099');
    expect(mail?.text).toContain('Why: The velvet arrives from the mill a week late.');
    expect(mail?.text).toMatch(/https:\/\/shop\.example\/my-order\/[A-Za-z0-9_-]{43}/);

    const entries = await timeline(s.api, order.id);
    expect(entries.find((e) => e.type === 'delayed')?.data).toEqual({ previousDate: before.body.expectedCompletionDate, newDate, reason: 'The velvet arrives from the mill a week late.' });
  });

  it('refuses a date in the past or not later than the current one, and a shipped or cancelled order, naming the field', async () => {
    const order = await confirmed(s.api);
    const past = await s.api.post<Problem>(`/api/v1/orders/${order.id}/delays`, { newDate: '2001-01-01', reason: 'x' });
    expect(past.status).toBe(422);
    expect(past.body.errors.map((e) => e.pointer)).toEqual(['/newDate']);
    const bad = await s.api.post<Problem>(`/api/v1/orders/${order.id}/delays`, { newDate: '2099-02-30', reason: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer).sort()).toEqual(['/newDate', '/reason']);
    await s.api.post(`/api/v1/orders/${order.id}/delays`, { newDate: '2099-05-01', reason: 'late wood' });
    const earlier = await s.api.post<Problem>(`/api/v1/orders/${order.id}/delays`, { newDate: '2099-04-01', reason: 'x' });
    expect(earlier.status).toBe(422);
    const cancelled = await placeOrder(s.api);
    await s.api.post(`/api/v1/orders/${cancelled.id}/cancel`, { reason: 'changed mind' });
    const refused = await s.api.post<Problem>(`/api/v1/orders/${cancelled.id}/delays`, { newDate: '2099-05-01', reason: 'x' });
    expect(refused.status).toBe(409);
  });
});

describe('shipments', () => {
  type Line = { id: string };
  it('each shipment tells carrier, tracking number with its link, what is in it and the expected date; only the last delivery sends "delivered"', async () => {
    const sofa = await createProduct(s.api, { initialStock: 10, sku: uniq('SOFA') });
    const table = await createProduct(s.api, { name: 'Walnut table', initialStock: 10, formFields: [], sku: uniq('TABLE') });
    const placed = await s.api.post<{ id: string; number: string; lines: Line[] }>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: 3, fields: { fabric: 'linen' } }, { sku: table.sku, quantity: 2 }]));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect((await s.api.request('PUT', `/api/v1/orders/${placed.body.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
    const order = (await s.api.post<{ id: string; number: string; lines: Line[] }>(`/api/v1/orders/${placed.body.id}/confirm`)).body;
    const [sofaLine, tableLine] = order.lines;
    const first = await s.api.post<{ shipment: { id: string } }>(`/api/v1/orders/${order.id}/shipments`, {
      lines: [{ orderLineId: sofaLine?.id, quantity: 2 }],
      method: 'carrier',
      carrier: 'DHL',
      trackingNumber: 'JD0146 0001',
      expectedDeliveryOn: '2099-01-10',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const [shipped] = await smtp.waitFor((m) => m.subject === `Your order ${order.number} is on its way`);
    expect(shipped?.text).toContain('has left us with DHL');
    expect(shipped?.text).toContain('Tracking number: JD0146 0001');
    expect(shipped?.text).toContain('Follow your parcel: https://www.dhl.com/en/express/tracking.html?AWB=JD0146%200001');
    expect(shipped?.html).toContain('<a href="https://www.dhl.com/en/express/tracking.html?AWB=JD0146%200001">');
    expect(shipped?.text).toContain('Expected delivery: 10 January 2099');
    expect(shipped?.text).toContain('- 2 × ');
    expect(shipped?.text).not.toContain('Walnut table');
    expect(shipped?.text).toContain('The rest of your order follows separately');

    const rest = await s.api.post<{ fulfilment: { shipments: { id: string }[] } }>(`/api/v1/orders/${order.id}/shipments`, {
      lines: [{ orderLineId: sofaLine?.id, quantity: 1 }, { orderLineId: tableLine?.id, quantity: 2 }],
      method: 'local_delivery',
      slot: 'Tuesday 14:00–16:00',
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    const both = await smtp.waitFor((m) => m.subject === `Your order ${order.number} is on its way`, 20_000, 2);
    const second = both.find((m) => m.text.includes('ourselves'));
    expect(second?.text).toContain('Tuesday 14:00–16:00');
    expect(second?.text).toContain('2 × Walnut table');
    expect(second?.text).not.toContain('The rest of your order follows');

    const [one, two] = rest.body.fulfilment.shipments;
    expect((await s.api.post(`/api/v1/orders/${order.id}/shipments/${one?.id}/deliver`, {})).status).toBe(200);
    await settle();
    expect(smtp.messages.filter((m) => m.subject === `Your order ${order.number} has been delivered`)).toHaveLength(0);
    expect((await s.api.post(`/api/v1/orders/${order.id}/shipments/${two?.id}/deliver`, {})).status).toBe(200);
    await smtp.waitFor((m) => m.subject === `Your order ${order.number} has been delivered`);
    await settle();
    expect(smtp.messages.filter((m) => m.subject === `Your order ${order.number} has been delivered`)).toHaveLength(1);
  });
});

describe('the at-risk list', () => {
  type AtRisk = { today: string; withinDays: number; items: { id: string; number: string; reason: string; detail: string; daysLate: number; expectedCompletionDate: string }[] };
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const setExpected = (id: string, date: string) => s.running.database.db.execute(sql`update orders set expected_completion_date = ${date} where id = ${id}`);

  it('shows an order past its date that has not shipped, most overdue first, and the scan records it on the timeline once', async () => {
    const late = await confirmed(s.api);
    const later = await confirmed(s.api);
    const fine = await confirmed(s.api);
    await setExpected(late.id, daysAgo(1));
    await setExpected(later.id, daysAgo(5));
    await setExpected(fine.id, '2099-01-01');

    const list = await s.api.get<AtRisk>('/api/v1/orders/at-risk');
    expect(list.status).toBe(200);
    expect(list.body.withinDays).toBe(2);
    const mine = list.body.items.filter((i) => [late.id, later.id, fine.id].includes(i.id));
    expect(mine.map((i) => [i.number, i.reason, i.daysLate])).toEqual([
      [later.number, 'overdue', 5],
      [late.number, 'overdue', 1],
    ]);
    expect(mine[1]?.detail).toBe('1 day past the expected date and not shipped');

    const scan = await s.api.post<{ recorded: string[] }>('/api/v1/orders/at-risk/scan');
    expect(scan.status).toBe(200);
    expect(scan.body.recorded).toEqual(expect.arrayContaining([late.number, later.number]));
    const again = await s.api.post<{ recorded: string[] }>('/api/v1/orders/at-risk/scan');
    expect(again.body.recorded).not.toContain(late.number);
    expect((await timeline(s.api, late.id)).filter((e) => e.type === 'at_risk')).toHaveLength(1);

    // A delay notice moves it off the list (a new date in the future).
    expect((await s.api.post(`/api/v1/orders/${late.id}/delays`, { newDate: '2099-06-01', reason: 'The fabric is late.' })).status).toBe(201);
    const after = await s.api.get<AtRisk>('/api/v1/orders/at-risk');
    expect(after.body.items.map((i) => i.id)).not.toContain(late.id);
    // The warehouse reads the list; it may not run the scan.
    const warehouse = await s.as('warehouse');
    expect((await warehouse.get('/api/v1/orders/at-risk')).status).toBe(200);
    expect((await warehouse.post('/api/v1/orders/at-risk/scan')).status).toBe(403);
  });
});
