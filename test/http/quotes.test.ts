/**
 * Quotes (issue 14), through HTTP and a real in-process SMTP server: a quote prepared
 * with the order form's checks and an agreed price, sent by e-mail with its PDF (read
 * back) and a link; accepted through the link it becomes an order with the same lines,
 * answers and prices, once only; expired, withdrawn or no longer valid, it says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, setSettings, timeline } from '../support/orders.ts';
import { address, createProduct, uniq } from '../support/factories.ts';
import { pdfText } from '../support/documents.ts';

let s: TestServer;
let smtp: TestSmtp;

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Quote = {
  id: string;
  number: string;
  status: string;
  state: string;
  validUntil: string;
  orderId: string | null;
  orderNumber: string | null;
  inquiryId: string | null;
  customer: { id: string; email: string };
  lines: { sku: string; quantity: number; unitPriceMinor: number; catalogUnitPriceMinor: number; optionsPriceMinor: number; agreedPriceReason: string | null; subtotalMinor: number; answers: { key: string; display: string }[] }[];
  totals: { linesTotalMinor: number; taxTotalMinor: number; deliveryFeeMinor: number; grandTotalMinor: number };
};
type Acceptance = { orderNumber: string; orderPagePath: string; alreadyAccepted: boolean; quote: { state: string; orderNumber: string | null } };
type Order = { id: string; number: string; status: string; channel: string; customer: { id: string }; lines: { sku: string; quantity: number; unitPriceMinor: number; optionsPriceMinor: number; answers: Record<string, { display: string; value: unknown }>; reservedQty: number }[]; totals: { grandTotalMinor: number } };

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer(
    {},
    {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '2000',
      ORDERLY_OUTBOX_POLL_MS: '50',
      ORDERLY_PUBLIC_URL: 'https://shop.example',
      ORDERLY_AT_RISK_SCAN_MS: '0',
    },
  );
  await setSettings(s.api, business);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const tokenOf = (text: string) => {
  const m = /https:\/\/shop\.example\/quote\/([A-Za-z0-9_-]{43})/.exec(text);
  expect(m, text).not.toBeNull();
  return m?.[1] ?? '';
};

/** A sofa (velvet) and two tables, the sofa at an agreed price: created as a draft. */
async function draftQuote(extra: Record<string, unknown> = {}) {
  const sofa = await createProduct(s.api, { sku: uniq('SOFA'), name: 'Chesterfield sofa', initialStock: 10 });
  const table = await createProduct(s.api, { sku: uniq('TABLE'), name: 'Oak table', priceMinor: 50_000, initialStock: 10, formFields: [] });
  const email = `${uniq('quote')}@example.com`;
  const res = await s.api.post<Quote>('/api/v1/quotes', {
    customer: { name: 'Grace Hopper', email },
    lines: [
      { sku: sofa.sku, quantity: 1, fields: { fabric: 'velvet', colour: 'Moss green' }, agreedUnitPriceMinor: 80_000, agreedPriceReason: 'Showroom model, agreed on the phone' },
      { sku: table.sku, quantity: 2 },
    ],
    delivery: { method: 'shipping', address },
    notes: 'Delivery to the back door',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { quote: res.body, sofa, table, email };
}

async function sentQuote(extra: Record<string, unknown> = {}) {
  const d = await draftQuote(extra);
  const sent = await s.api.post<{ quote: Quote; mailId: string }>(`/api/v1/quotes/${d.quote.id}/send`, {});
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const [mail] = await smtp.waitFor((m) => m.subject.includes(d.quote.number));
  if (!mail) throw new Error('no mail');
  return { ...d, mail, token: tokenOf(mail.text) };
}

describe('preparing a quote', () => {
  it('checks the lines with the order form (every problem at once) and wants a reason beside an agreed price', async () => {
    const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
    const res = await s.api.post<Problem>('/api/v1/quotes', {
      customer: { name: 'Grace Hopper', email: `${uniq('q')}@example.com` },
      lines: [{ sku: sofa.sku, quantity: 1, fields: {}, agreedUnitPriceMinor: 1000 }, { sku: 'NO-SUCH-SKU', quantity: 1 }],
      delivery: { method: 'shipping' },
    });
    expect(res.status).toBe(422);
    const pointers = res.body.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/lines/0/fields/fabric', '/lines/0/agreedPriceReason', '/lines/1/sku', '/delivery/address']));
  });

  it('freezes prices (the agreed one with its reason), totals like an order, and numbers quotes without gaps', async () => {
    const { quote } = await draftQuote();
    const again = await draftQuote();
    expect(quote.number).toMatch(/^Q-\d{4}-\d{4}$/);
    expect(Number(again.quote.number.slice(-4))).toBe(Number(quote.number.slice(-4)) + 1);
    expect(quote.status).toBe('draft');
    const [sofaLine, tableLine] = quote.lines;
    expect(sofaLine).toMatchObject({ unitPriceMinor: 80_000, catalogUnitPriceMinor: 89_900, optionsPriceMinor: 12_000, agreedPriceReason: 'Showroom model, agreed on the phone', subtotalMinor: 92_000 });
    expect(sofaLine?.answers.map((a) => a.display)).toEqual(expect.arrayContaining(['Velvet', 'Moss green']));
    expect(tableLine).toMatchObject({ unitPriceMinor: 50_000, agreedPriceReason: null, subtotalMinor: 100_000 });
    expect(quote.totals.linesTotalMinor).toBe(192_000);
    // 20% on the lines (and on the delivery fee, with the default settings).
    expect(quote.totals.grandTotalMinor).toBe(quote.totals.linesTotalMinor + quote.totals.deliveryFeeMinor + quote.totals.taxTotalMinor);
    expect(quote.totals.taxTotalMinor).toBeGreaterThanOrEqual(38_400);
    const list = await s.api.get<{ items: Quote[] }>('/api/v1/quotes?status=draft');
    expect(list.body.items.map((q) => q.number)).toContain(quote.number);
  });
});

describe('sending and accepting', () => {
  it('the customer gets an e-mail with the quote as a PDF and a link; accepting makes an order with the same lines, answers and prices — once', async () => {
    const { quote, mail, token, email, sofa, table } = await sentQuote();
    expect(mail.to).toEqual([email]);
    expect(mail.text).toContain('Chesterfield sofa');
    expect(mail.text).toContain('valid until');
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`quote-${quote.number}.pdf`);
    const text = await pdfText(pdf?.content ?? Buffer.alloc(0));
    expect(text).toContain(quote.number);
    expect(text).toContain('Chesterfield sofa');
    expect(text).toContain('Fabric: Velvet');
    expect(text).toContain('Agreed price: Showroom model, agreed on the phone');

    const page = await s.anon.get<{ number: string; state: string; lines: { name: string }[] }>(`/api/v1/public/quotes/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ number: quote.number, state: 'sent' });

    const accept = await s.anon.post<Acceptance>(`/api/v1/public/quotes/${token}/accept`, {});
    expect(accept.status, JSON.stringify(accept.body)).toBe(201);
    expect(accept.body.alreadyAccepted).toBe(false);
    const order = (await s.api.get<Order>(`/api/v1/orders/${accept.body.orderNumber}`)).body;
    expect(order.status).toBe('placed');
    expect(order.customer.id).toBe(quote.customer.id);
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor, l.optionsPriceMinor])).toEqual([
      [sofa.sku, 1, 80_000, 12_000],
      [table.sku, 2, 50_000, 0],
    ]);
    expect(order.lines[0]?.answers.fabric?.display).toBe('Velvet');
    expect(order.lines[0]?.answers.colour?.value).toBe('Moss green');
    expect(order.totals.grandTotalMinor).toBe(quote.totals.grandTotalMinor);
    // Stock reserved at acceptance.
    expect(order.lines.every((l) => l.reservedQty === l.quantity)).toBe(true);
    const events = await timeline(s.api, order.id);
    expect(events.find((e) => e.type === 'quote_accepted')?.data).toMatchObject({ quoteNumber: quote.number });

    // The order page link works for the customer.
    const orderPage = await s.anon.get<{ number: string }>(`/api/v1/public/order-status/${accept.body.orderPagePath.split('/').pop() ?? ''}`);
    expect(orderPage.body.number).toBe(order.number);

    // Accepting again (or twice at once) never makes a second order.
    const [a2, a3] = await Promise.all([s.anon.post<Acceptance>(`/api/v1/public/quotes/${token}/accept`, {}), s.anon.post<Acceptance>(`/api/v1/public/quotes/${token}/accept`, {})]);
    expect([a2.status, a3.status]).toEqual([200, 200]);
    expect([a2.body.orderNumber, a3.body.orderNumber]).toEqual([order.number, order.number]);
    const staff = await s.api.get<Quote>(`/api/v1/quotes/${quote.id}`);
    expect(staff.body).toMatchObject({ status: 'accepted', state: 'accepted', orderId: order.id, orderNumber: order.number });
    const orders = await s.api.get<{ items: unknown[] }>(`/api/v1/customers/${quote.customer.id}/orders`);
    expect(orders.body.items).toHaveLength(1);
  });

  it('two acceptances at the same moment make one order', async () => {
    const { token, quote } = await sentQuote();
    const results = await Promise.all([1, 2, 3].map(() => s.anon.post<Acceptance>(`/api/v1/public/quotes/${token}/accept`, {})));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.orderNumber)).size).toBe(1);
    const orders = await s.api.get<{ items: unknown[] }>(`/api/v1/customers/${quote.customer.id}/orders`);
    expect(orders.body.items).toHaveLength(1);
  });
});

describe('a quote prepared from an inquiry', () => {
  type Inquiry = { id: string; state: string; timeline: { type: string; data: Record<string, unknown> }[] };
  const inquiry = async (id: string) => (await s.api.get<Inquiry>(`/api/v1/inquiries/${id}`)).body;

  it('names its inquiry; sending it marks the inquiry quoted and accepting it won, each on the inquiry timeline; the inquiry lists its quotes', async () => {
    const asked = await s.api.post<Inquiry>('/api/v1/inquiries', { contact: { name: 'Grace Hopper', phone: '+44 20 7946 0000' }, channel: 'phone', question: 'A sofa and two tables?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const { quote, token } = await sentQuote({ inquiryId: asked.body.id });
    expect(quote.inquiryId).toBe(asked.body.id);

    const quoted = await inquiry(asked.body.id);
    expect(quoted.state).toBe('quoted');
    expect(quoted.timeline.find((e) => e.type === 'quote_sent')?.data).toMatchObject({ quoteId: quote.id, quoteNumber: quote.number, from: 'open', to: 'quoted' });

    const listed = await s.api.get<{ items: Quote[] }>(`/api/v1/quotes?inquiryId=${asked.body.id}`);
    expect(listed.body.items.map((q) => q.number)).toEqual([quote.number]);

    const accept = await s.anon.post<Acceptance>(`/api/v1/public/quotes/${token}/accept`, {});
    expect(accept.status, JSON.stringify(accept.body)).toBe(201);
    const won = await inquiry(asked.body.id);
    expect(won.state).toBe('won');
    expect(won.timeline.find((e) => e.type === 'quote_accepted')?.data).toMatchObject({ quoteNumber: quote.number, orderNumber: accept.body.orderNumber, from: 'quoted', to: 'won' });
  });

  it('a lost inquiry stays lost when its quote is sent (the timeline still says so); an unknown inquiry is a 422 naming inquiryId', async () => {
    const asked = await s.api.post<Inquiry>('/api/v1/inquiries', { contact: { name: 'Ada', phone: '+44 20 7946 0001' }, channel: 'phone', question: 'Chairs?' });
    expect((await s.api.post(`/api/v1/inquiries/${asked.body.id}/lose`, { reason: 'Bought elsewhere' })).status).toBe(200);
    const { quote } = await sentQuote({ inquiryId: asked.body.id });
    const after = await inquiry(asked.body.id);
    expect(after.state).toBe('lost');
    expect(after.timeline.find((e) => e.type === 'quote_sent')?.data).toMatchObject({ quoteNumber: quote.number, from: 'lost', to: 'lost' });

    const missing = await s.api.post<Problem>('/api/v1/quotes', { customer: { name: 'X', email: 'x@example.com' }, lines: [{ sku: 'NOPE', quantity: 1 }], delivery: { method: 'pickup' }, inquiryId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e) => e.pointer)).toContain('/inquiryId');
  });
});

describe("the customer's history", () => {
  it('lists their quotes (number, state, link)', async () => {
    const { quote } = await sentQuote();
    const draft = await draftQuote({ customer: { id: quote.customer.id } });
    type Entry = { kind: string; id: string; title: string; status: string; channel: string | null; link: string | null };
    const history = await s.api.get<{ items: Entry[] }>(`/api/v1/customers/${quote.customer.id}/history`);
    expect(history.status).toBe(200);
    const quotes = history.body.items.filter((e) => e.kind === 'quote');
    expect(quotes).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: quote.id, title: quote.number, status: 'sent', channel: 'email', link: `/quotes/${quote.number}` }),
      expect.objectContaining({ id: draft.quote.id, title: draft.quote.number, status: 'draft', channel: null }),
    ]));
  });
});

describe('a quote that cannot be accepted', () => {
  it('an expired quote is refused with 410 and says when it expired; no order is made', async () => {
    const { token, quote } = await sentQuote();
    await s.running.database.db.execute(sql`update quotes set valid_until = '2020-01-31' where id = ${quote.id}`);
    const page = await s.anon.get<{ state: string }>(`/api/v1/public/quotes/${token}`);
    expect(page.body.state).toBe('expired');
    const res = await s.anon.post<Problem>(`/api/v1/public/quotes/${token}/accept`, {});
    expect(res.status).toBe(410);
    expect(res.body.detail).toContain('expired on 2020-01-31');
    expect((await s.api.get<Quote>(`/api/v1/quotes/${quote.id}`)).body).toMatchObject({ state: 'expired', orderId: null });
    // Nor can it be sent again.
    expect((await s.api.post<Problem>(`/api/v1/quotes/${quote.id}/send`, {})).status).toBe(409);
  });

  it('a withdrawn quote is refused with 410', async () => {
    const { token, quote } = await sentQuote();
    const w = await s.api.post<Quote>(`/api/v1/quotes/${quote.id}/withdraw`, {});
    expect(w.body.state).toBe('withdrawn');
    const res = await s.anon.post<Problem>(`/api/v1/public/quotes/${token}/accept`, {});
    expect(res.status).toBe(410);
    expect(res.body.detail).toContain('withdrawn');
  });

  it('a retired product and a changed form: 409 naming each line and what changed, and nothing is ordered', async () => {
    const { token, quote, sofa, table } = await sentQuote();
    expect((await s.api.patch(`/api/v1/products/${table.id}`, { active: false })).status).toBe(200);
    const form = [{ key: 'fabric', label: 'Fabric', type: 'select', required: true, options: [{ value: 'linen', label: 'Linen', priceDeltaMinor: 0 }] }];
    expect((await s.api.patch(`/api/v1/products/${sofa.id}`, { formFields: form })).status).toBe(200);
    const res = await s.anon.post<Problem>(`/api/v1/public/quotes/${token}/accept`, {});
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.detail).toContain('no longer matches');
    const byPointer = Object.fromEntries(res.body.errors.map((e) => [e.pointer, e]));
    expect(byPointer['/lines/1/productId']).toMatchObject({ code: 'inactive' });
    expect(byPointer['/lines/1/productId']?.message).toContain('Oak table (line 2)');
    expect(Object.keys(byPointer).some((p) => p.startsWith('/lines/0/fields/'))).toBe(true);
    expect((await s.api.get<Quote>(`/api/v1/quotes/${quote.id}`)).body).toMatchObject({ status: 'sent', orderId: null });
  });

  it('a bad link answers 404', async () => {
    expect((await s.anon.get(`/api/v1/public/quotes/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await s.anon.post(`/api/v1/public/quotes/${'x'.repeat(43)}/accept`, {})).status).toBe(404);
  });
});

describe('the wording', () => {
  it('the quote e-mail is previewable in English and Turkish', async () => {
    for (const [language, word] of [['en', 'valid until'], ['tr', 'geçerlidir']] as const) {
      const t = await s.api.get<{ subject: string; body: string }>(`/api/v1/mail-templates/quote_sent/${language}`);
      expect(t.status, JSON.stringify(t.body)).toBe(200);
      const p = await s.api.post<{ rendered: { text: string } | null }>(`/api/v1/mail-templates/quote_sent/${language}/preview`, { subject: t.body.subject, body: t.body.body });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      expect(p.body.rendered?.text).toContain(word);
      expect(p.body.rendered?.text).toContain('/quote/[personal-link-made-when-sent]');
    }
  });
});
