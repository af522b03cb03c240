/**
 * Returning an incomplete order to the customer (issue 14), through HTTP and a real in-process
 * SMTP server: a draft missing the sofa's fabric is sent back, the e-mail names the fabric, the
 * link's page shows only the fabric, the answer is checked as every order form is, completing it
 * places the order and the link stops working; an expired link is refused; one reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { eventually, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, mailOf, setSettings, timeline } from '../support/orders.ts';
import { address, createProduct, uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Returned = { orderId: string; sentTo: string; sentAt: string; reminderDueAt: string; remindedAt: string | null; missing: { line: number; product: string; field: string; pointer: string }[] };
type Page = { customerName: string; lines: { line: number; productName: string; quantity: number | null; fields: { key: string; label: string }[]; answers: Record<string, unknown>; missing: { key: string; label: string }[] }[] };
type Waiting = { items: { orderId: string; sentTo: string; sentAt: string; remindedAt: string | null }[] };

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
      ORDERLY_COMPLETE_LINK_DAYS: '10',
      ORDERLY_AT_RISK_SCAN_MS: '0',
    },
  );
  await setSettings(s.api, { ...business, notifications: { acknowledgeChannels: ['web', 'phone'] } });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 1200));
const tokenIn = (text: string) => /https:\/\/shop\.example\/complete\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

/** A phone draft: a sofa with no fabric chosen (a table beside it is complete), picked up. */
async function sofaDraft(email?: string) {
  const sofa = await createProduct(s.api, { name: 'Three-seat sofa', initialStock: 5 });
  const table = await createProduct(s.api, { name: 'Oak table', formFields: [], initialStock: 5 });
  const res = await s.api.post<{ id: string; missing: { pointer: string }[] }>('/api/v1/orders/drafts', {
    channel: 'phone',
    customer: { name: 'Ada Lovelace', ...(email ? { email } : {}) },
    lines: [
      { sku: table.sku, quantity: 1 },
      { sku: sofa.sku, quantity: 2, fields: { colour: 'sage' } },
    ],
    delivery: { method: 'shipping', address },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.missing.map((m) => m.pointer)).toEqual(['/lines/1/fields/fabric']);
  return { id: res.body.id, sofa };
}

async function sendBack(orderId: string, body: Record<string, unknown> = {}) {
  const res = await s.api.post<Returned>(`/api/v1/orders/${orderId}/return-to-customer`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('a draft sent back to the customer', () => {
  it('the e-mail names the fabric, the page shows only it, completing places the order, and the link stops working', async () => {
    const email = `${uniq('ada')}@example.com`;
    const { id, sofa } = await sofaDraft();

    // No e-mail on the draft: staff are asked for one.
    const noEmail = await s.api.post<Problem>(`/api/v1/orders/${id}/return-to-customer`, {});
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.errors.map((e) => e.pointer)).toEqual(['/email']);

    const sent = await sendBack(id, { email });
    expect(sent.sentTo).toBe(email);
    expect(sent.missing).toEqual([{ line: 1, product: 'Three-seat sofa', field: 'Fabric', pointer: '/lines/1/fields/fabric' }]);

    const [mail] = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes('a few answers are missing'));
    expect(mail?.text).toContain('Three-seat sofa (2):');
    expect(mail?.text).toContain('- Fabric');
    expect(mail?.text).not.toContain('Oak table');
    expect(mail?.text).not.toContain('- Colour');
    expect(mail?.text).toContain('the link works for 10 days');
    const token = tokenIn(mail?.text ?? '');
    expect(token).toBeDefined();

    // On the communication log and the timeline; in the list of drafts waiting on a customer.
    await eventually(async () => (await mailOf(s.api, id)).find((m) => m.template === 'complete_order' && m.status === 'sent'), 10_000, 'the mail logged as sent');
    expect((await mailOf(s.api, id)).map((m) => m.template)).toEqual(['complete_order']);
    const types = (await timeline(s.api, id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['returned_to_customer', 'mail_queued']));
    const waiting = await s.api.get<Waiting>('/api/v1/orders/waiting-on-customer');
    expect(waiting.body.items.find((w) => w.orderId === id)).toMatchObject({ sentTo: email, remindedAt: null });

    // The link's page: only the sofa line, only the fabric.
    const page = await s.anon.get<Page>(`/api/v1/public/complete/${token}`);
    expect(page.status).toBe(200);
    expect(page.body.lines).toHaveLength(1);
    expect(page.body.lines[0]).toMatchObject({ line: 1, productName: 'Three-seat sofa', quantity: 2, answers: { colour: 'sage' } });
    expect(page.body.lines[0]?.missing).toEqual([{ key: 'fabric', label: 'Fabric', message: '' }]);

    // Checked as the server checks every order form; nothing else may be changed.
    const wrong = await s.anon.post<Problem>(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'tweed' } } } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e) => e.pointer)).toEqual(['/lines/1/fields/fabric']);
    const sneaky = await s.anon.post<Problem>(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'linen', colour: 'red' } }, '0': { fields: { x: 1 } } } });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.errors.map((e) => [e.pointer, e.code]).sort()).toEqual([
      ['/lines/0/fields/x', 'not_asked'],
      ['/lines/1/fields/colour', 'not_asked'],
    ]);
    const empty = await s.anon.post<Problem>(`/api/v1/public/complete/${token}`, { lines: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((e) => e.pointer)).toEqual(['/lines/1/fields/fabric']);
    expect((await s.api.get<{ status: string }>(`/api/v1/orders/${id}`)).body.status).toBe('draft');

    const done = await s.anon.post<{ orderNumber: string; orderPagePath: string }>(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'velvet' } } } });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body.orderNumber).toMatch(/^SO-/);
    expect(done.body.orderPagePath).toMatch(/^\/my-order\/[A-Za-z0-9_-]{43}$/);

    const order = await s.api.get<{ status: string; number: string; customer: { email: string }; lines: { sku: string; answers: Record<string, { value: unknown }> }[] }>(`/api/v1/orders/${id}`);
    expect(order.body).toMatchObject({ status: 'placed', number: done.body.orderNumber });
    expect(order.body.lines[1]?.answers.fabric?.value).toBe('velvet');
    expect(order.body.lines[1]?.answers.colour?.value).toBe('sage');
    expect((await s.api.get<{ stock: { reserved: number } }>(`/api/v1/products/${sofa.id}`)).body.stock.reserved).toBe(2);
    // The acknowledgement (phone orders are acknowledged in this file's settings) goes as for any placement.
    await smtp.waitFor((m) => m.to.includes(email) && m.subject === `We have received your order ${done.body.orderNumber}`);
    const after = (await timeline(s.api, id)).map((e) => e.type);
    expect(after).toEqual(expect.arrayContaining(['completed_by_customer', 'placed']));
    expect((await timeline(s.api, id)).find((e) => e.type === 'placed')?.actor.kind).toBe('customer');

    // Used: the link no longer works, for reading or answering; the order's page link does.
    const again = await s.anon.get<Problem>(`/api/v1/public/complete/${token}`);
    expect(again.status).toBe(404);
    expect(again.body.detail).toContain('This link no longer works');
    expect((await s.anon.post<Problem>(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'linen' } } } })).status).toBe(404);
    expect((await s.anon.get(`/api/v1/public/order-status/${done.body.orderPagePath.split('/').pop()}`)).status).toBe(200);
    expect((await s.api.get<Waiting>('/api/v1/orders/waiting-on-customer')).body.items.some((w) => w.orderId === id)).toBe(false);
  });

  it('is refused when something other than product answers is missing, or nothing is; a placed order cannot be sent', async () => {
    const sofa = await createProduct(s.api);
    const noDelivery = await s.api.post<{ id: string }>('/api/v1/orders/drafts', { channel: 'phone', customer: { name: 'Ada', email: `${uniq('a')}@example.com` }, lines: [{ sku: sofa.sku, quantity: 1 }] });
    const r = await s.api.post<Problem>(`/api/v1/orders/${noDelivery.body.id}/return-to-customer`, {});
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e) => e.pointer)).toEqual(['/delivery']);

    const complete = await s.api.post<{ id: string }>('/api/v1/orders/drafts', { channel: 'phone', customer: { name: 'Ada', email: `${uniq('a')}@example.com` }, lines: [{ sku: sofa.sku, quantity: 1, fields: { fabric: 'linen' } }], delivery: { method: 'pickup' } });
    expect((await s.api.post<Problem>(`/api/v1/orders/${complete.body.id}/return-to-customer`, {})).status).toBe(409);
    const placed = await s.api.post<{ id: string }>(`/api/v1/orders/${complete.body.id}/submit`);
    expect((await s.api.post<Problem>(`/api/v1/orders/${placed.body.id}/return-to-customer`, {})).status).toBe(409);
    // A warehouse user may not send drafts.
    const warehouse = await s.as('warehouse');
    expect((await warehouse.post(`/api/v1/orders/${complete.body.id}/return-to-customer`, {})).status).toBe(403);
  });

  it('an expired link is refused with the same clear message', async () => {
    const email = `${uniq('ada')}@example.com`;
    const { id } = await sofaDraft(email);
    await sendBack(id);
    const [mail] = await smtp.waitFor((m) => m.to.includes(email));
    const token = tokenIn(mail?.text ?? '');
    expect((await s.anon.get(`/api/v1/public/complete/${token}`)).status).toBe(200);
    await s.running.database.db.execute(sql`update access_links set expires_at = now() - interval '1 second' where order_id = ${id} and purpose = 'complete'`);
    const expired = await s.anon.get<Problem>(`/api/v1/public/complete/${token}`);
    expect(expired.status).toBe(404);
    expect(expired.body.detail).toContain('This link no longer works');
    const tried = await s.anon.post<Problem>(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'linen' } } } });
    expect(tried.status).toBe(404);
    expect((await s.api.get<{ status: string }>(`/api/v1/orders/${id}`)).body.status).toBe('draft');
  });

  it('one reminder if not completed in time (the setting), never two; none once completed', async () => {
    await setSettings(s.api, { notifications: { completeReminderHours: 5 } });
    const email = `${uniq('ada')}@example.com`;
    const { id } = await sofaDraft(email);
    const sent = await sendBack(id);
    expect(Date.parse(sent.reminderDueAt) - Date.parse(sent.sentAt)).toBe(5 * 3_600_000);
    await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes('a few answers are missing'));
    await settle();
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);

    // Time passes: the reminder's outbox row falls due.
    const due = () => s.running.database.db.execute(sql`update outbox set available_at = now() where key like ${`complete-reminder:${id}:%`} and status = 'pending'`);
    await due();
    const [reminder] = await smtp.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Reminder:'));
    expect(reminder?.text).toContain('- Fabric');
    const token = tokenIn(reminder?.text ?? '');
    expect(token).toBeDefined();
    await eventually(async () => (await s.api.get<Waiting>('/api/v1/orders/waiting-on-customer')).body.items.find((w) => w.orderId === id && w.remindedAt !== null));
    expect((await timeline(s.api, id)).map((e) => e.type)).toContain('customer_reminded');

    await due();
    await settle();
    expect(smtp.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Reminder:'))).toHaveLength(1);
    expect((await mailOf(s.api, id)).map((m) => m.template).sort()).toEqual(['complete_order', 'complete_order_reminder']);

    // The reminder's link works too; completing stops every complete link of the order.
    const done = await s.anon.post(`/api/v1/public/complete/${token}`, { lines: { '1': { fields: { fabric: 'linen' } } } });
    expect(done.status).toBe(201);

    // Completed before the reminder is due: none is sent.
    const other = `${uniq('ada')}@example.com`;
    const second = await sofaDraft(other);
    await sendBack(second.id);
    const [first] = await smtp.waitFor((m) => m.to.includes(other));
    const t2 = tokenIn(first?.text ?? '');
    expect((await s.anon.post(`/api/v1/public/complete/${t2}`, { lines: { '1': { fields: { fabric: 'linen' } } } })).status).toBe(201);
    await s.running.database.db.execute(sql`update outbox set available_at = now() where key like ${`complete-reminder:${second.id}:%`} and status = 'pending'`);
    await settle();
    expect(smtp.messages.filter((m) => m.to.includes(other) && m.subject.startsWith('Reminder:'))).toHaveLength(0);
  });

  it('the templates preview like the others, in English and Turkish', async () => {
    const { id } = await sofaDraft(`${uniq('ada')}@example.com`);
    for (const [language, word] of [['en', 'Fabric'], ['tr', 'Fabric']] as const) {
      const t = await s.api.get<{ subject: string; body: string }>(`/api/v1/mail-templates/complete_order/${language}`);
      expect(t.status).toBe(200);
      const p = await s.api.post<{ rendered: { text: string } | null }>(`/api/v1/mail-templates/complete_order/${language}/preview`, { subject: t.body.subject, body: t.body.body, order: id });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      expect(p.body.rendered?.text).toContain(`- ${word}`);
      expect(p.body.rendered?.text).toContain('/complete/[personal-link-made-when-sent]');
    }
  });
});
