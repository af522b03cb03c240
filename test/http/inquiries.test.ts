/**
 * Inquiries (issue 14), through HTTP and a real in-process SMTP server: an inquiry
 * through each channel (a known customer, new contact details, the shop's form),
 * the answer e-mailed in the customer's language, assignment and follow-ups, the
 * state table (an illegal move is 409), the overdue list, the customer's one history,
 * and the public form's validation, honeypot and rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, placeOrder, setSettings } from '../support/orders.ts';
import { createProduct, uniq, type ProductBody } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;
/** ORDERLY_PUBLIC_RATE_LIMIT for this file's server: the public-form tests before the rate-limit test stay under it. */
const PUBLIC_LIMIT = 8;
let sofa: ProductBody;

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Inquiry = {
  id: string;
  customer: { id: string; name: string } | null;
  contact: { name: string; email: string | null; phone: string | null };
  channel: string;
  question: string;
  products: { productId: string; sku: string; name: string; answers: { key: string; label: string; display: string }[]; note: string }[];
  state: string;
  lostReason: string | null;
  assignee: { id: string; name: string } | null;
  followUpOn: string | null;
  overdue: boolean;
  allowedCommands: string[];
  version: number;
  timeline?: { type: string; actor: { kind: string; name: string }; data: Record<string, unknown> }[];
};
type List = { items: Inquiry[]; nextCursor: string | null };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ publicRateLimit: PUBLIC_LIMIT }, { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example', ORDERLY_AT_RISK_SCAN_MS: '0' });
  await setSettings(s.api, business);
  sofa = await createProduct(s.api, { name: 'Chesterfield sofa' });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const create = (body: Record<string, unknown>) => s.api.post<Inquiry & Problem>('/api/v1/inquiries', body);

describe('an inquiry through each channel', () => {
  it('on the phone from a known customer: linked to them, with the product and the options asked about', async () => {
    const order = await placeOrder(s.api);
    const res = await create({
      customerId: order.customer.id,
      channel: 'phone',
      question: 'Can the sofa come in velvet, and how long does it take?',
      products: [{ product: sofa.sku, answers: { fabric: 'velvet' }, note: 'green if possible' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ channel: 'phone', state: 'open', customer: { id: order.customer.id }, allowedCommands: ['answer', 'mark_quoted', 'win', 'lose'] });
    expect(res.body.products).toEqual([{ productId: sofa.id, sku: sofa.sku, name: 'Chesterfield sofa', answers: [expect.objectContaining({ key: 'fabric', label: 'Fabric', display: 'Velvet' })], note: 'green if possible' }]);
  });

  it('by e-mail and in person from new contact details: no customer is created; a known e-mail links to its customer', async () => {
    const email = await create({ contact: { name: 'New Person', email: `${uniq('new')}@example.com` }, channel: 'email', question: 'Do you deliver to Leeds?' });
    expect(email.status, JSON.stringify(email.body)).toBe(201);
    expect(email.body).toMatchObject({ channel: 'email', customer: null, contact: { name: 'New Person', phone: null } });
    const customers = await s.api.get<{ items: { name: string }[] }>('/api/v1/customers?q=New%20Person');
    expect(customers.body.items).toEqual([]);

    const inPerson = await create({ contact: { name: 'Walk In', phone: '+44 20 7946 0123' }, channel: 'in_person', question: 'Is the oak table in the showroom for sale?' });
    expect(inPerson.body).toMatchObject({ channel: 'in_person', contact: { phone: '+44 20 7946 0123', email: null } });

    const order = await placeOrder(s.api);
    const known = await create({ contact: { name: 'Same Person', email: order.customer.email!.toUpperCase() }, channel: 'email', question: 'And a matching armchair?' });
    expect(known.body.customer?.id).toBe(order.customer.id);
    const detail = await s.api.get<Inquiry>(`/api/v1/inquiries/${known.body.id}`);
    expect(detail.body.timeline?.[0]).toMatchObject({ type: 'created', data: { matchedCustomer: order.customer.id, by: 'email' } });
  });

  it('refuses what cannot be answered or does not exist, naming every field at once', async () => {
    const res = await create({ contact: { name: ' ' }, channel: 'pigeon', question: '', products: [{ product: 'NO-SUCH-SKU' }, { product: sofa.sku, answers: { fabric: 'tweed', legs: 'brass' } }] });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const pointers = res.body.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/contact/name', '/channel', '/question']));

    const deeper = await create({ contact: { name: 'X' }, channel: 'phone', question: 'Hi', products: [{ product: 'NO-SUCH-SKU' }, { product: sofa.sku, answers: { fabric: 'tweed', legs: 'brass' } }] });
    expect(deeper.status).toBe(422);
    expect(deeper.body.errors.map((e) => e.pointer).sort()).toEqual(['/contact/email', '/products/0/product', '/products/1/answers/fabric', '/products/1/answers/legs']);
    expect((await s.api.get<List>('/api/v1/inquiries?limit=200')).body.items.some((i) => i.question === 'Hi')).toBe(false);
  });
});

describe('working an inquiry', () => {
  it('answers by e-mail in the customer\'s language, through the outbox; the timeline shows the answer and the mail', async () => {
    const created = await create({ contact: { name: 'Ayşe <b>Yılmaz</b>', email: `${uniq('ayse')}@example.com` }, channel: 'email', language: 'tr', question: 'Kadife kumaş var mı?', products: [{ product: sofa.sku }] });
    const res = await s.api.post<Inquiry>(`/api/v1/inquiries/${created.body.id}/answers`, { answer: 'Evet, üç renkte var.', sendEmail: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('answered');
    const [mail] = await smtp.waitFor((m) => m.to.includes(created.body.contact.email!));
    expect(mail?.subject).toBe('Oak & Thread Furniture sorunuzu yanıtladı');
    expect(mail?.text).toContain('Evet, üç renkte var.');
    expect(mail?.text).toContain('Chesterfield sofa hakkındaki sorunuz');
    expect(mail?.text).toContain('Kadife kumaş var mı?');
    expect(mail?.html).toContain('Ayşe &lt;b&gt;Yılmaz&lt;/b&gt;');
    const detail = await s.api.get<Inquiry>(`/api/v1/inquiries/${created.body.id}`);
    const answered = detail.body.timeline?.find((e) => e.type === 'answered');
    expect(answered?.data).toMatchObject({ answer: 'Evet, üç renkte var.', to: created.body.contact.email, mailId: expect.any(String) });
    const log = await s.api.get<{ items: { id: string; template: string }[] }>('/api/v1/mail?limit=200');
    expect(log.body.items.find((m) => m.id === answered?.data.mailId)?.template).toBe('inquiry_answer');
  });

  it('an answer to someone with only a phone is recorded, not sent (asking to send it is a 409 that changes nothing)', async () => {
    const created = await create({ contact: { name: 'Phone Only', phone: '+44 20 7946 0456' }, channel: 'phone', question: 'Opening hours?' });
    const refused = await s.api.post<Problem>(`/api/v1/inquiries/${created.body.id}/answers`, { answer: '9 to 5', sendEmail: true });
    expect(refused.status).toBe(409);
    expect((await s.api.get<Inquiry>(`/api/v1/inquiries/${created.body.id}`)).body.state).toBe('open');
    const ok = await s.api.post<Inquiry>(`/api/v1/inquiries/${created.body.id}/answers`, { answer: '9 to 5' });
    expect(ok.body.state).toBe('answered');
    expect(ok.body.timeline?.find((e) => e.type === 'answered')?.data).toEqual({ answer: '9 to 5', from: 'open', to: 'answered' });
  });

  it('moves along the state table; an illegal move is 409 naming what is allowed; lost needs a reason', async () => {
    const { body: i } = await create({ contact: { name: 'Mover', email: `${uniq('m')}@example.com` }, channel: 'web', question: 'Price for two?' });
    expect((await s.api.post<Inquiry>(`/api/v1/inquiries/${i.id}/mark-quoted`)).body.state).toBe('quoted');
    const noReason = await s.api.post<Problem>(`/api/v1/inquiries/${i.id}/lose`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e) => e.pointer)).toEqual(['/reason']);
    const lost = await s.api.post<Inquiry>(`/api/v1/inquiries/${i.id}/lose`, { reason: 'Bought elsewhere, cheaper' });
    expect(lost.body).toMatchObject({ state: 'lost', lostReason: 'Bought elsewhere, cheaper', allowedCommands: ['reopen'] });
    const illegal = await s.api.post<Problem & { allowedCommands: string[] }>(`/api/v1/inquiries/${i.id}/win`);
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'invalid_transition', allowedCommands: ['reopen'] });
    const answerLost = await s.api.post<Problem>(`/api/v1/inquiries/${i.id}/answers`, { answer: 'too late' });
    expect(answerLost.status).toBe(409);
    const reopened = await s.api.post<Inquiry>(`/api/v1/inquiries/${i.id}/reopen`);
    expect(reopened.body).toMatchObject({ state: 'open', lostReason: null });
    const won = await s.api.post<Inquiry>(`/api/v1/inquiries/${i.id}/win`, undefined, { 'if-match': `"${reopened.body.version}"` });
    expect(won.body.state).toBe('won');
    expect((await s.api.post<Problem>(`/api/v1/inquiries/${i.id}/reopen`)).status).toBe(409);
    const stale = await s.api.post<Problem>(`/api/v1/inquiries/${i.id}/win`, undefined, { 'if-match': `"${reopened.body.version}"` });
    expect(stale.status).toBe(412);
    const types = (await s.api.get<Inquiry>(`/api/v1/inquiries/${i.id}`)).body.timeline?.map((e) => e.type);
    expect(types).toEqual(['created', 'quoted', 'lost', 'reopened', 'won']);
  });

  it('is assigned with a follow-up date; overdue follow-ups are listed, oldest first, until the inquiry closes', async () => {
    const sales = await s.as('sales');
    const late = await create({ contact: { name: 'Late One', phone: '+44 20 7946 0789' }, channel: 'phone', question: 'Call me back about the wardrobe', assigneeUserId: sales.user.id, followUpOn: day(-3) });
    expect(late.body).toMatchObject({ assignee: { id: sales.user.id }, followUpOn: day(-3), overdue: true });
    const later = await create({ contact: { name: 'Later One', phone: '+44 20 7946 0790' }, channel: 'phone', question: 'And me' });
    const patched = await s.api.patch<Inquiry>(`/api/v1/inquiries/${later.body.id}`, { assigneeUserId: sales.user.id, followUpOn: day(-1) });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.timeline?.map((e) => e.type)).toEqual(['created', 'assigned', 'follow_up_set']);
    await create({ contact: { name: 'Not yet', phone: '+44 20 7946 0791' }, channel: 'phone', question: 'No hurry', followUpOn: day(2) });

    const overdue = await s.api.get<List>('/api/v1/inquiries?overdue=true');
    expect(overdue.body.items.map((i) => i.id)).toEqual([late.body.id, later.body.id]);
    expect(overdue.body.items.every((i) => i.overdue)).toBe(true);
    const mine = await s.api.get<List>(`/api/v1/inquiries?assignee=${sales.user.id}`);
    expect(mine.body.items.map((i) => i.id).sort()).toEqual([late.body.id, later.body.id].sort());
    const badAssignee = await s.api.patch<Problem>(`/api/v1/inquiries/${later.body.id}`, { assigneeUserId: '00000000-0000-4000-8000-000000000000' });
    expect(badAssignee.status).toBe(422);
    expect(badAssignee.body.errors.map((e) => e.pointer)).toEqual(['/assigneeUserId']);

    await s.api.post(`/api/v1/inquiries/${late.body.id}/lose`, { reason: 'No answer after three calls' });
    expect((await s.api.get<List>('/api/v1/inquiries?overdue=true')).body.items.map((i) => i.id)).toEqual([later.body.id]);
    expect((await s.api.get<List>('/api/v1/inquiries?state=lost')).body.items.map((i) => i.id)).toContain(late.body.id);
    // The sales desk may work inquiries; the warehouse may read them but not record one.
    expect((await sales.post<Inquiry>(`/api/v1/inquiries/${later.body.id}/notes`, { text: 'Left a voicemail' })).status).toBe(200);
    const warehouse = await s.as('warehouse');
    expect((await warehouse.get('/api/v1/inquiries')).status).toBe(200);
    expect((await warehouse.post('/api/v1/inquiries', { contact: { name: 'W', phone: '12345' }, channel: 'phone', question: 'q' })).status).toBe(403);
  });

  it("shows on the customer's one history with their orders and the e-mails we sent them", async () => {
    const order = await placeOrder(s.api);
    const i = await create({ customerId: order.customer.id, channel: 'email', question: 'Can I add a footstool to my order?' });
    await s.api.post(`/api/v1/inquiries/${i.body.id}/answers`, { answer: 'Yes, we will add it.', sendEmail: true });
    const history = await s.api.get<{ items: { kind: string; id: string; title: string; status: string; link: string | null }[] }>(`/api/v1/customers/${order.customer.id}/history`);
    expect(history.status).toBe(200);
    const kinds = history.body.items.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['inquiry', 'order', 'message']));
    expect(history.body.items.find((e) => e.kind === 'inquiry')).toMatchObject({ id: i.body.id, status: 'answered', link: `/inquiries/${i.body.id}` });
    expect(history.body.items.find((e) => e.kind === 'order')).toMatchObject({ title: order.number, link: `/orders/${order.number}` });
    expect(history.body.items.find((e) => e.kind === 'message')?.title).toMatch(/Oak & Thread Furniture/);
    expect((await s.api.get('/api/v1/customers/00000000-0000-4000-8000-000000000000/history')).status).toBe(404);
  });
});

describe('the shop\'s "ask about this product" form', () => {
  const ask = (body: Record<string, unknown>) => s.anon.post<Problem & { received: boolean }>('/api/v1/public/inquiries', body);

  it('records an inquiry on the web channel, without a log-in, and tells the visitor nothing stored', async () => {
    const email = `${uniq('visitor')}@example.com`;
    const res = await ask({ contact: { name: 'Visitor', email }, question: 'Is linen washable?', products: [{ product: sofa.sku, answers: { fabric: 'linen' } }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ received: true });
    const list = await s.api.get<List>('/api/v1/inquiries?channel=web&state=open&limit=200');
    const found = list.body.items.find((i) => i.contact.email === email);
    expect(found).toMatchObject({ channel: 'web', question: 'Is linen washable?', products: [{ sku: sofa.sku, answers: [expect.objectContaining({ display: 'Linen' })] }] });
    const detail = await s.api.get<Inquiry>(`/api/v1/inquiries/${found!.id}`);
    expect(detail.body.timeline?.[0]?.actor).toMatchObject({ kind: 'customer', name: 'Visitor' });
  });

  it("a known customer's e-mail typed on the form is only suggested to staff, who link it", async () => {
    const order = await placeOrder(s.api);
    expect((await ask({ contact: { name: 'Someone', email: order.customer.email }, question: 'Whose history is this?', products: [{ product: sofa.sku }] })).status).toBe(201);
    const found = (await s.api.get<List>('/api/v1/inquiries?channel=web&limit=200')).body.items.find((i) => i.question === 'Whose history is this?');
    expect(found?.customer).toBeNull();
    const detail = await s.api.get<Inquiry>(`/api/v1/inquiries/${found!.id}`);
    expect(detail.body.timeline?.[0]?.data).toMatchObject({ suggestedCustomer: order.customer.id });
    const linked = await s.api.patch<Inquiry>(`/api/v1/inquiries/${found!.id}`, { customerId: order.customer.id });
    expect(linked.body.customer?.id).toBe(order.customer.id);
    expect(linked.body.timeline?.at(-1)).toMatchObject({ type: 'customer_linked', data: { customerId: order.customer.id } });
  });

  it('is validated as problem+json naming each field; a visitor cannot name a customer or a channel', async () => {
    const res = await ask({ contact: { name: '', email: 'not-an-email' }, question: '', products: [], channel: 'phone', customerId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/channel', '/contact/email', '/contact/name', '/customerId', '/products', '/question'].sort());
    const noWay = await ask({ contact: { name: 'Nobody' }, question: 'How?', products: [{ product: sofa.sku }] });
    expect(noWay.status).toBe(422);
    expect(noWay.body.errors.map((e) => e.pointer)).toEqual(['/contact/email']);
  });

  it('keeps nothing when the hidden field is filled (a robot), yet answers the same', async () => {
    const email = `${uniq('bot')}@example.com`;
    const res = await ask({ contact: { name: 'Bot', email }, question: 'cheap pills', products: [{ product: sofa.sku }], website: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: true });
    const list = await s.api.get<List>('/api/v1/inquiries?channel=web&limit=200');
    expect(list.body.items.some((i) => i.contact.email === email)).toBe(false);
  });

  it('is rate-limited per client address (ORDERLY_PUBLIC_RATE_LIMIT a minute): 429 problem+json with Retry-After, and nothing kept', async () => {
    // This file's earlier public requests count too: the limit is reached within PUBLIC_LIMIT more.
    const body = { contact: { name: 'Many', email: `${uniq('many')}@example.com` }, question: 'Again?', products: [{ product: sofa.sku }] };
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof ask>> | undefined;
    while (statuses.length <= PUBLIC_LIMIT) {
      const res = await ask(body);
      statuses.push(res.status);
      if (res.status === 429) {
        refused = res;
        break;
      }
    }
    expect(statuses.filter((n) => n !== 201)).toEqual([429]);
    expect(statuses.length).toBeLessThanOrEqual(PUBLIC_LIMIT);
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(refused?.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    const kept = (await s.api.get<List>('/api/v1/inquiries?channel=web&limit=200')).body.items.filter((i) => i.contact.email === body.contact.email);
    expect(kept).toHaveLength(statuses.length - 1);
  });
});
