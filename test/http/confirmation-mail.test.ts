import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { eventually, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, command, confirmed, mailOf, placeOrder, setSettings, timeline } from '../support/orders.ts';
import { uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;
const forOrder = (number: string) => (m: { subject: string }) => m.subject.includes(number);

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer(
    {},
    {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '2000',
      ORDERLY_OUTBOX_LEASE_MS: '10000',
      ORDERLY_OUTBOX_POLL_MS: '50',
      ORDERLY_OUTBOX_RETRY_BASE_MS: '300',
      ORDERLY_OUTBOX_RETRY_MAX_MS: '1000',
      ORDERLY_MAIL_MAX_ATTEMPTS: '50',
      ORDERLY_PUBLIC_URL: 'https://shop.example',
    },
  );
  await setSettings(s.api, { ...business, payments: undefined });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

describe('the confirmation e-mail', () => {
  it('arrives once, with the order number, every line with its options, totals, payment instructions and the contact details', async () => {
    const order = await confirmed(s.api, { quantity: 2 });
    const [mail] = await smtp.waitFor(forOrder(order.number));
    expect(mail?.to).toEqual([expect.stringMatching(/@example\.com$/)]);
    expect(mail?.subject).toBe(`Your order ${order.number} is confirmed`);
    for (const body of [mail?.text ?? '', mail?.html ?? '']) {
      expect(body).toContain(order.number);
      expect(body).toContain('Sofa');
      expect(body).toContain('Fabric: Velvet');
      expect(body).toContain('Colour: Forest green');
      expect(body).toContain('hello@oakthread.example');
      expect(body).toContain('+44 20 7946 0000');
      expect(body).toMatch(/RF\d\d/); // the bank transfer reference
    }
    expect(mail?.text).toContain('2 × Sofa');
    expect(mail?.text).toContain('If anything in this order is not right, please contact us');
    expect(mail?.html).toContain('Oak &amp; Thread Furniture');
    const link = /https:\/\/shop\.example\/my-order\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '');
    expect(link, 'a link to the order page').not.toBeNull();
    const page = await s.anon.get<{ number: string; status: string }>(`/api/v1/public/order-status/${link?.[1]}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ number: order.number, status: 'confirmed' });

    // Give a second delivery every chance to happen: it must not.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.filter(forOrder(order.number))).toHaveLength(1);
    const log = await mailOf(s.api, order.id);
    expect(log).toMatchObject([{ status: 'sent', attempts: 1, template: 'order_confirmation' }]);
    const events = await timeline(s.api, order.id);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['confirmed', 'mail_queued', 'mail_sent']));
    // Each written with the message it is about (queued with the mail row, sent with its settling).
    const mailId = log[0]?.id;
    const to = order.customer.email;
    expect(events.find((e) => e.type === 'mail_queued')?.data).toEqual({ mailId, template: 'order_confirmation', to });
    expect(events.find((e) => e.type === 'mail_sent')).toMatchObject({ actor: { kind: 'system', name: 'mailer' }, data: { mailId, template: 'order_confirmation', to, attempts: 1 } });
  });

  it('HTML-escapes everything people typed', async () => {
    const order = await confirmed(s.api, { fields: { fabric: 'linen', colour: '<script>alert(1)</script>' }, overrides: { customer: { name: 'Ada <b>Lovelace</b>', email: `${uniq('ada')}@example.com` } } });
    const [mail] = await smtp.waitFor(forOrder(order.number));
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail?.html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(mail?.text).toContain('Colour: <script>alert(1)</script>');
  });

  it("is written in the customer's language (Turkish)", async () => {
    const customer = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Ayşe Yılmaz', email: `${uniq('ayse')}@example.com`, language: 'tr' });
    expect(customer.status).toBe(201);
    const order = await confirmed(s.api, { overrides: { customer: { id: customer.body.id } } });
    const [mail] = await smtp.waitFor(forOrder(order.number));
    expect(mail?.subject).toBe(`${order.number} numaralı siparişiniz onaylandı`);
    expect(mail?.text).toContain('Sayın Ayşe Yılmaz');
    expect(mail?.text).toContain('Fabric: Velvet');
  });

  it('with the SMTP server down, is retried and arrives once when the server comes back', async () => {
    await smtp.down();
    const order = await confirmed(s.api);
    const failing = await eventually(async () => {
      const [m] = await mailOf(s.api, order.id);
      return m && m.attempts >= 2 ? m : undefined;
    }, 30_000, 'two failed attempts');
    expect(failing.status).toBe('queued');
    expect(failing.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(smtp.messages.filter(forOrder(order.number))).toHaveLength(0);

    await smtp.up();
    await smtp.waitFor(forOrder(order.number), 30_000);
    const sent = await eventually(async () => {
      const [m] = await mailOf(s.api, order.id);
      return m?.status === 'sent' ? m : undefined;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.filter(forOrder(order.number))).toHaveLength(1);
  });

  it('a recipient refused for good is recorded as bounced; staff resend it to a corrected address', async () => {
    const wrong = `${uniq('typo')}@example.com`;
    smtp.reject.add(wrong);
    const order = await confirmed(s.api, { overrides: { customer: { name: 'Grace Hopper', email: wrong } } });
    const bounced = await eventually(async () => {
      const [m] = await mailOf(s.api, order.id);
      return m?.status === 'bounced' ? m : undefined;
    });
    expect(bounced.attempts).toBe(1);
    expect(bounced.lastError).toContain('550');
    expect((await timeline(s.api, order.id)).map((e) => e.type)).toContain('mail_bounced');

    const right = `${uniq('grace')}@example.com`;
    const resent = await s.api.post<{ id: string; to: string; status: string }>(`/api/v1/mail/${bounced.id}/resend`, { to: right });
    expect(resent.status).toBe(201);
    const [mail] = await smtp.waitFor((m) => m.to.includes(right));
    expect(mail?.subject).toContain(order.number);
    // The SMTP server has it; the log records it in the transaction right after.
    await eventually(async () => (await mailOf(s.api, order.id)).map((m) => m.status).sort().join() === 'bounced,sent', 10_000, 'the resent message logged as sent');
  });

  it('an order without an e-mail address says so on its timeline instead of sending nothing silently', async () => {
    const order = await placeOrder(s.api, { overrides: { customer: { name: 'Phone Only', phone: '+44 20 7946 0999' } } });
    expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
    const entry = (await timeline(s.api, order.id)).find((e) => e.type === 'mail_not_sent');
    expect(entry?.data.reason).toContain('no customer e-mail');
  });
});

describe('the bank details in the confirmation e-mail', () => {
  type Bank = { accountName: string; iban: string; bic: string; bankName: string };
  const setBank = async (bank: Bank) => {
    const current = await s.api.get<{ version: number; payments: Record<string, unknown> }>('/api/v1/settings');
    const res = await s.api.patch('/api/v1/settings', { payments: { ...current.body.payments, bank } }, { 'if-match': `"${current.body.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  it('with no bank details set, a bank-transfer order does not promise an account below: it says the details will be sent', async () => {
    await setBank({ accountName: '', iban: '', bic: '', bankName: '' });
    const order = await confirmed(s.api);
    const [mail] = await smtp.waitFor(forOrder(order.number));
    for (const body of [mail?.text ?? '', mail?.html ?? '']) {
      expect(body).not.toContain('account below');
      expect(body).toContain('We will send you our bank details separately');
      expect(body).not.toContain('IBAN');
      expect(body).toMatch(/RF\d\d/);
    }
  });

  it('with bank details set, a bank-transfer order shows the holder, IBAN, BIC and the payment reference (English and Turkish)', async () => {
    await setBank({ accountName: 'Oak & Thread Ltd', iban: 'gb82west12345698765432', bic: 'WESTGB2L', bankName: 'West Bank' });
    const order = await confirmed(s.api);
    const [mail] = await smtp.waitFor(forOrder(order.number));
    for (const body of [mail?.text ?? '', mail?.html ?? '']) {
      expect(body).toContain('to the account below');
      expect(body).toContain('GB82 WEST 1234 5698 7654 32');
      expect(body).toContain('WESTGB2L');
      expect(body).toContain('West Bank');
    }
    expect(mail?.text).toContain('Account name: Oak & Thread Ltd');
    expect(mail?.html).toContain('Oak &amp; Thread Ltd');
    const ref = /Reference: (RF\d\d[A-Z0-9 ]+)/.exec(mail?.text ?? '');
    expect(ref, 'the payment reference beside the account').not.toBeNull();

    const customer = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Ayşe Yılmaz', email: `${uniq('ayse')}@example.com`, language: 'tr' });
    const tr = await confirmed(s.api, { overrides: { customer: { id: customer.body.id } } });
    const [trMail] = await smtp.waitFor(forOrder(tr.number));
    expect(trMail?.text).toContain('aşağıdaki hesaba');
    expect(trMail?.text).toContain('Hesap sahibi: Oak & Thread Ltd');
    expect(trMail?.text).toContain('IBAN: GB82 WEST 1234 5698 7654 32');
    expect(trMail?.text).toMatch(/Referans: RF\d\d/);
  });
});
