/**
 * A shop order remembers the shopper's language (the shop page's), so its e-mails and
 * the customer's order page match the shop: through HTTP and a real in-process SMTP
 * server, with the business's default language English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { business, command, placeOrder, setSettings } from '../support/orders.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;

type Problem = { status: number; code: string; errors: { pointer: string; code: string; message: string }[] };

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer(
    {},
    { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example', ORDERLY_AT_RISK_SCAN_MS: '0' },
  );
  await setSettings(s.api, { ...business, defaultLanguage: 'en' });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const orderLink = (m: ReceivedMail | undefined) => /https:\/\/shop\.example\/my-order\/([A-Za-z0-9_-]{43})/.exec(m?.text ?? '')?.[1];

async function shopOrder(extra: Record<string, unknown>) {
  const p = await createProduct(s.api, { sku: uniq('TABLE') });
  const { channel: _c, ...body } = orderBody([{ sku: p.sku, quantity: 1, fields: { fabric: 'velvet' } }], { customer: { name: 'Ayşe Yılmaz', email: `${uniq('ayse')}@example.com` }, ...extra });
  return s.anon.post<{ number: string } & Problem>('/api/v1/public/orders', body, { 'idempotency-key': uniq('form-key') });
}

describe('the language of a shop order', () => {
  it("a shop order placed in Turkish is acknowledged and confirmed in Turkish, and its order page speaks Turkish, while the business's default is English", async () => {
    const res = await shopOrder({ language: 'tr' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const number = res.body.number;
    const staff = await s.api.get<{ id: string; language: string | null }>(`/api/v1/orders/${number}`);
    expect(staff.body.language).toBe('tr');

    const [ack] = await smtp.waitFor((m) => m.subject.includes(number));
    expect(ack?.subject).toBe(`${number} numaralı siparişinizi aldık`);

    const confirm = await command(s.api, staff.body.id, 'confirm');
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(200);
    const [confirmation] = await smtp.waitFor((m) => m.subject === `${number} numaralı siparişiniz onaylandı`);
    expect(confirmation?.text).toContain('Ayşe Yılmaz');

    const token = orderLink(ack);
    expect(token).toBeDefined();
    const page = await s.anon.get<{ number: string; language: string; statusText: string }>(`/api/v1/public/order-status/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ number, language: 'tr' });
  });

  it("a shop order without a language is written to in the business's default", async () => {
    const res = await shopOrder({});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [ack] = await smtp.waitFor((m) => m.subject.includes(res.body.number));
    expect(ack?.subject).toBe(`We have received your order ${res.body.number}`);
  });

  it('an invalid language is a 422 naming /language, and nothing is placed', async () => {
    const before = await s.api.get<{ items: unknown[] }>('/api/v1/orders?limit=200');
    for (const language of ['de', 42, '']) {
      const res = await shopOrder({ language });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors.map((e) => e.pointer)).toContain('/language');
    }
    const staff = await s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: (await createProduct(s.api, { sku: uniq('SOFA') })).sku, quantity: 1 }], { language: 'fr' }));
    expect(staff.status).toBe(422);
    expect(staff.body.errors.map((e) => e.pointer)).toContain('/language');
    const after = await s.api.get<{ items: unknown[] }>('/api/v1/orders?limit=200');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it("a staff order may give the language; a linked customer's own language wins over the order's", async () => {
    const tr = await placeOrder(s.api, { overrides: { language: 'tr' } });
    expect((await s.api.get<{ language: string }>(`/api/v1/orders/${tr.id}`)).body.language).toBe('tr');
    expect((await command(s.api, tr.id, 'confirm')).status).toBe(200);
    await smtp.waitFor((m) => m.subject === `${tr.number} numaralı siparişiniz onaylandı`);

    const customer = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Emma Stone', email: `${uniq('emma')}@example.com`, language: 'en' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const en = await placeOrder(s.api, { overrides: { customer: { id: customer.body.id }, language: 'tr' } });
    expect((await command(s.api, en.id, 'confirm')).status).toBe(200);
    const [mail] = await smtp.waitFor((m) => m.subject.includes(en.number ?? '?'));
    expect(mail?.subject).toBe(`Your order ${en.number} is confirmed`);
  });
});
