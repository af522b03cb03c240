/**
 * Mail in (issue 14), through Orderly's own SMTP listener (a real SMTP client sends to it) and
 * the paste/upload API: a customer's e-mail becomes a draft with the products it names; a reply
 * to one of our e-mails lands on its order; hostile messages are kept safely or refused with a
 * reason; a forged sender matches nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freePort, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, confirmed, setSettings, timeline } from '../support/orders.ts';
import { createProduct, uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;
let mailInPort: number;

type Attachment = { id: string; filename: string; contentType: string; size: number; kept: boolean; refusedReason: string | null };
type Inbound = {
  id: string;
  source: string;
  from: { address: string; name: string | null } | null;
  envelopeFrom: string | null;
  senderTrusted: boolean;
  subject: string;
  outcome: 'draft' | 'reply' | 'inquiry' | 'unmatched';
  inquiryId: string | null;
  notes: string[];
  customerId: string | null;
  orderId: string | null;
  hadHtml: boolean;
  text: string;
  attachments: Attachment[];
};
type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Draft = {
  id: string;
  status: string;
  channel: string;
  draft: { customer?: { id?: string; name?: string; email?: string }; lines?: { productId?: string; quantity?: number }[] };
  missing: { pointer: string }[] | null;
};
const draftLines = (d: Draft) => (d.draft.lines ?? []).map((l) => [l.productId, l.quantity ?? null]);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  smtp = await startSmtp();
  mailInPort = await freePort();
  s = await startTestServer({}, { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_MAIL_IN_PORT: String(mailInPort), ORDERLY_AT_RISK_SCAN_MS: '0' });
  await setSettings(s.api, business);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

/** Sends through the listener the way another mail server would; `envelopeFrom` is the SMTP MAIL FROM. */
async function send(m: Mail.Options & { envelopeFrom?: string }) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: mailInPort, secure: false, ignoreTLS: true });
  try {
    const from = typeof m.from === 'string' ? m.from : 'someone@example.com';
    const { envelopeFrom, ...mail } = m;
    return await t.sendMail({ to: 'orders@oakthread.example', ...mail, envelope: { from: envelopeFrom ?? from.replace(/.*</, '').replace(/>.*/, ''), to: ['orders@oakthread.example'] } });
  } finally {
    t.close();
  }
}

async function inboxItem(subject: string): Promise<Inbound> {
  const list = await s.api.get<{ items: (Inbound & { id: string })[] }>('/api/v1/inbound-mail?limit=200');
  expect(list.status).toBe(200);
  const hit = list.body.items.find((i) => i.subject === subject);
  if (!hit) throw new Error(`no message "${subject}" in the inbox`);
  const one = await s.api.get<Inbound>(`/api/v1/inbound-mail/${hit.id}`);
  expect(one.status).toBe(200);
  return one.body;
}

async function customer(email: string) {
  const c = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Grace Hopper', email });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  return c.body;
}

describe('an e-mail to the listener', () => {
  it('from a customer becomes a draft for them, with the products it names by SKU and by name and the quantities beside them', async () => {
    const email = `${uniq('grace')}@example.com`;
    const c = await customer(email);
    const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
    const lampName = `Arc lamp ${uniq('n')}`;
    const lamp = await createProduct(s.api, { sku: uniq('LAMP'), name: lampName, formFields: [] });
    const subject = uniq('Order please');
    await send({
      from: `Grace Hopper <${email}>`,
      subject,
      text: `Hello,\n\nplease send us\n2 x ${sofa.sku}\n3 pcs ${lampName.toLowerCase()}\n\nThanks\n-- \nGrace, 1 ${sofa.sku} Street`,
      attachments: [{ filename: 'floor plan.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    const m = await inboxItem(subject);
    expect(m).toMatchObject({ source: 'smtp', senderTrusted: true, outcome: 'draft', customerId: c.id, from: { address: email } });
    const draft = await s.api.get<Draft>(`/api/v1/orders/${m.orderId}`);
    expect(draft.body).toMatchObject({ status: 'draft', channel: 'email' });
    expect(draft.body.draft.customer).toMatchObject({ id: c.id, email });
    // The signature's "1 SOFA Street" is not an order line: the quantity stays 2.
    expect(Object.fromEntries(draftLines(draft.body))).toEqual({ [sofa.id]: 2, [lamp.id]: 3 });
    // The sofa still needs its fabric: the draft says so, for staff to finish.
    expect(draft.body.missing?.length).toBeGreaterThan(0);

    expect(m.attachments).toEqual([expect.objectContaining({ filename: 'floor plan.pdf', contentType: 'application/pdf', kept: true, refusedReason: null })]);
    const file = await s.api.get<string>(`/api/v1/inbound-mail/${m.id}/attachments/${m.attachments[0]?.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="floor_plan.pdf"/);
    expect(file.body).toBe(PDF.toString('latin1'));

    const events = await timeline(s.api, m.orderId ?? '');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['draft_created', 'mail_received']));
  });

  it('that answers one of our e-mails lands on that order (its communication log and timeline)', async () => {
    const order = await confirmed(s.api);
    const to = order.customer.email ?? '';
    const [ours] = await smtp.waitFor((m) => m.to.includes(to) && m.subject.includes(order.number));
    const subject = `Re: ${ours?.subject ?? ''}`;
    await send({ from: to, subject, text: 'Can it come on Friday?\n\n> earlier text naming 5 x nothing', inReplyTo: ours?.messageId, references: [ours?.messageId ?? ''] });
    const log = await s.api.get<{ items: Inbound[] }>(`/api/v1/orders/${order.number}/inbound-mail`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([expect.objectContaining({ subject, outcome: 'reply', orderId: order.id })]);
    const events = await timeline(s.api, order.id);
    expect(events.find((e) => e.type === 'mail_received')?.data).toMatchObject({ from: to, subject });
  });

  it('with a forged sender (From differs from the envelope) is kept but matches nobody; staff may still make a draft, once', async () => {
    const email = `${uniq('victim')}@example.com`;
    await customer(email);
    const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
    const subject = uniq('Forged');
    await send({ from: `Grace <${email}>`, envelopeFrom: 'mallory@evil.example', subject, text: `Send 9 x ${sofa.sku} to my new address` });
    const m = await inboxItem(subject);
    expect(m).toMatchObject({ senderTrusted: false, outcome: 'unmatched', customerId: null, orderId: null, envelopeFrom: 'mallory@evil.example' });
    expect(m.notes.join(' ')).toContain('may be forged');

    const made = await s.api.post<{ orderId: string }>(`/api/v1/inbound-mail/${m.id}/draft`, {});
    expect(made.status).toBe(201);
    const draft = await s.api.get<Draft>(`/api/v1/orders/${made.body.orderId}`);
    // Not believed: the draft names no customer, so nothing goes to the claimed address.
    expect(draft.body.draft.customer).toBeUndefined();
    expect(draftLines(draft.body)).toEqual([[sofa.id, 9]]);
    const again = await s.api.post<Problem>(`/api/v1/inbound-mail/${m.id}/draft`, {});
    expect(again.status).toBe(409);
  });

  it('with a script in its HTML part is kept as text only; the raw message is a sandboxed download, never a page', async () => {
    const subject = uniq('Hostile');
    await send({
      from: `${uniq('x')}@example.com`,
      subject,
      html: '<p>Hello <b>there</b></p><script>fetch("/api/v1/users")</script><img src=x onerror="alert(1)">',
      attachments: [
        { filename: 'photo.png', content: Buffer.from('MZ\x90\x00 this is a program'), contentType: 'image/png' },
        { filename: '../../evil.exe', content: Buffer.from('MZ\x90\x00'), contentType: 'application/x-msdownload' },
      ],
    });
    const m = await inboxItem(subject);
    expect(m.hadHtml).toBe(true);
    expect(m.text).toContain('Hello there');
    expect(m.text).not.toMatch(/<script|onerror|<img/i);
    expect(JSON.stringify(m)).not.toMatch(/<script/i);
    expect(m.attachments).toEqual([
      expect.objectContaining({ filename: 'photo.png', kept: false, refusedReason: expect.stringContaining('its content is not') }),
      expect.objectContaining({ filename: '.._.._evil.exe', kept: false, refusedReason: expect.stringContaining('is not kept') }),
    ]);
    const refused = await s.api.get<Problem>(`/api/v1/inbound-mail/${m.id}/attachments/${m.attachments[0]?.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toContain('not kept');

    const raw = await s.api.get<string>(`/api/v1/inbound-mail/${m.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(raw.headers.get('content-security-policy')).toContain('sandbox');
    expect(raw.body).toContain(`Subject: ${subject}`);
  });

  it('with a 30 MB attachment is refused with 552 and a reason as it arrives, and nothing is kept', async () => {
    const subject = uniq('Huge');
    const err = await send({ from: `${uniq('big')}@example.com`, subject, text: 'see attached', attachments: [{ filename: 'big.pdf', content: Buffer.alloc(30 * 1024 * 1024, 0x41) }] }).then(
      () => undefined,
      (e: unknown) => e as { responseCode?: number; response?: string },
    );
    expect(err?.responseCode).toBe(552);
    expect(err?.response).toContain('too large');
    const list = await s.api.get<{ items: Inbound[] }>('/api/v1/inbound-mail?limit=200');
    expect(list.body.items.some((i) => i.subject === subject)).toBe(false);
  });
});

describe('pasting or uploading a message', () => {
  it('takes in a pasted message and an uploaded .eml alike; the sender of a paste is believed', async () => {
    const email = `${uniq('paste')}@example.com`;
    const c = await customer(email);
    const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
    const subject = uniq('Phoned then mailed');
    const raw = `From: Grace <${email}>\r\nTo: orders@oakthread.example\r\nSubject: ${subject}\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${uniq('m')}@example.com>\r\n\r\nQuantity: 4 of ${sofa.sku} please\r\n`;
    const pasted = await s.api.post<Inbound>('/api/v1/inbound-mail', { raw });
    expect(pasted.status, JSON.stringify(pasted.body)).toBe(201);
    expect(pasted.body).toMatchObject({ source: 'upload', senderTrusted: true, outcome: 'draft', customerId: c.id });
    const draft = await s.api.get<Draft>(`/api/v1/orders/${pasted.body.orderId}`);
    expect(draftLines(draft.body)).toEqual([[sofa.id, 4]]);

    const subject2 = uniq('Uploaded');
    const eml = Buffer.from(raw.replace(subject, subject2).replace(`4 of ${sofa.sku}`, 'just a question about delivery times'), 'utf8');
    const uploaded = await s.api.post<Inbound>('/api/v1/inbound-mail', { rawBase64: eml.toString('base64') });
    expect(uploaded.status).toBe(201);
    // A believed sender naming no product we know asked something: an inquiry, on the e-mail channel, from the customer.
    expect(uploaded.body).toMatchObject({ subject: subject2, outcome: 'inquiry', orderId: null });
    expect(uploaded.body.notes.join(' ')).toContain('No product was recognised by SKU or name: recorded as an inquiry');
    const inquiry = await s.api.get<{ channel: string; customer: { id: string } | null; question: string; state: string }>(`/api/v1/inquiries/${uploaded.body.inquiryId ?? ''}`);
    expect(inquiry.status).toBe(200);
    expect(inquiry.body).toMatchObject({ channel: 'email', customer: { id: c.id }, state: 'open' });
    expect(inquiry.body.question).toContain(subject2);
    expect(inquiry.body.question).toContain('just a question about delivery times');
    const listed = await s.api.get<{ items: Inbound[] }>('/api/v1/inbound-mail?outcome=inquiry');
    expect(listed.body.items.find((i) => i.id === uploaded.body.id)?.inquiryId).toBe(uploaded.body.inquiryId);
  });

  it('from an unbelieved sender naming no product stays unmatched; staff may make an inquiry of it (the From address as who asked), once', async () => {
    const subject = uniq('Forged question');
    await send({ from: `Someone <x@example.com>`, envelopeFrom: 'mallory@evil.example', subject, text: 'Do you deliver to Izmir?' });
    const m = await inboxItem(subject);
    expect(m).toMatchObject({ senderTrusted: false, outcome: 'unmatched', inquiryId: null });
    const made = await s.api.post<{ inquiryId: string }>(`/api/v1/inbound-mail/${m.id}/inquiry`, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const inquiry = await s.api.get<{ channel: string; contact: { name: string; email: string | null }; question: string }>(`/api/v1/inquiries/${made.body.inquiryId}`);
    expect(inquiry.body).toMatchObject({ channel: 'email', contact: { email: 'x@example.com' } });
    expect(inquiry.body.question).toContain('Do you deliver to Izmir?');
    expect((await s.api.get<Inbound>(`/api/v1/inbound-mail/${m.id}`)).body).toMatchObject({ outcome: 'inquiry', inquiryId: made.body.inquiryId });
    expect((await s.api.post(`/api/v1/inbound-mail/${m.id}/inquiry`, {})).status).toBe(409);
  });

  it('answers 422 naming the field for no message, two messages, bad base64 or text that is not an e-mail', async () => {
    const cases: [unknown, string, string?][] = [
      [{}, '/raw'],
      [{ raw: 'From: a@b.example\r\n\r\nx', rawBase64: 'eA==' }, '/raw'],
      [{ rawBase64: 'not base64!!' }, '/rawBase64'],
      [{ raw: 'just some words, no headers at all' }, '/raw', 'not_a_message'],
      [{ raw: 'x', extra: 1 }, '/extra'],
    ];
    for (const [body, pointer, code] of cases) {
      const res = await s.api.post<Problem>('/api/v1/inbound-mail', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e) => e.pointer)).toContain(pointer);
      if (code) expect(res.body.errors.find((e) => e.pointer === pointer)?.code).toBe(code);
    }
  });

  it('refuses a message over the size limit with 413 and keeps nothing', async () => {
    const before = (await s.api.get<{ items: Inbound[] }>('/api/v1/inbound-mail?limit=200')).body.items.length;
    const big = `From: a@b.example\r\nSubject: big\r\n\r\n${'A'.repeat(10 * 1024 * 1024 + 10)}`;
    const res = await s.api.post<Problem>('/api/v1/inbound-mail', { rawBase64: Buffer.from(big).toString('base64') });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await s.api.get<{ items: Inbound[] }>('/api/v1/inbound-mail?limit=200')).body.items.length).toBe(before);
  });

  it('is for staff who take orders: the warehouse may not, and without credentials nobody may', async () => {
    const warehouse = await s.as('warehouse');
    expect((await warehouse.post('/api/v1/inbound-mail', { raw: 'From: a@b.example\r\n\r\nx' })).status).toBe(403);
    expect((await warehouse.get('/api/v1/inbound-mail')).status).toBe(403);
    expect((await s.anon.post('/api/v1/inbound-mail', { raw: 'From: a@b.example\r\n\r\nx' })).status).toBe(401);
  });
});
