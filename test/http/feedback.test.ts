/**
 * The feedback survey after delivery (issue 12), through HTTP and a real in-process SMTP
 * server, with a short "day" (ORDERLY_FEEDBACK_DAY_MS): delivered + the delay sends exactly
 * one request; the survey takes one answer, refuses a second and an expired link; a rating
 * of 1 makes a follow-up; an opted-out customer gets no survey; bad input names its fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, command, mailOf, placeOrder, setSettings, timeline } from '../support/orders.ts';
import { uniq } from '../support/factories.ts';

let s: TestServer;
let smtp: TestSmtp;
const DAY_MS = 400;

type Problem = { status: number; code: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
type Survey = { orderNumber: string; businessName: string; language: string; questions: { index: number; text: string; kind: string }[]; answered: boolean; optedOut: boolean };
type HistoryEntry = { kind: string; id: string; at: string; title: string; status: string; channel: string | null; link: string | null };
const feedbackInHistory = async (customerId: string) => (await s.api.get<{ items: HistoryEntry[] }>(`/api/v1/customers/${customerId}/history`)).body.items.filter((e) => e.kind === 'feedback');
type FollowUp = { id: string; orderId: string; orderNumber: string; kind: string; customerName: string; phone: string | null; rating: number; comment: string | null; assigneeName: string | null; dueDate: string; doneAt: string | null; doneNote: string | null };

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer(
    {},
    { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example', ORDERLY_AT_RISK_SCAN_MS: '0', ORDERLY_FEEDBACK_DAY_MS: String(DAY_MS) },
  );
  await setSettings(s.api, { ...business, feedback: { enabled: true, delayDays: 2, lowRatingAtMost: 2, linkDays: 30, questions: [{ text: 'Was the delivery on time?', kind: 'yes_no' }, { text: 'What should we make next?', kind: 'text' }] } });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const settle = (ms = 1200) => new Promise((r) => setTimeout(r, ms));
const subjectOf = (number: string) => `How was your order ${number}?`;

/** A phone order for `email`, confirmed, shipped and delivered. */
async function delivered(email = `${uniq('fb')}@example.com`) {
  const order = await placeOrder(s.api, { overrides: { customer: { name: 'Grace Hopper', email, phone: '+44 20 7946 0101' } } });
  // Cash on delivery: nothing holds the shipment back.
  expect((await s.api.request('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method: 'cash_on_delivery' })).status).toBe(200);
  expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
  const shipped = await command(s.api, order.id, 'ship');
  expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
  const done = await command(s.api, order.id, 'deliver');
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { ...order, email };
}

async function surveyToken(number: string): Promise<string> {
  const [mail] = await smtp.waitFor((m) => m.subject === subjectOf(number));
  const token = /https:\/\/shop\.example\/survey\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
  expect(token, mail?.text).toBeDefined();
  return token ?? '';
}

describe('the feedback request', () => {
  it('goes once, the set delay after delivery, with a survey link and a way to stop them; it is on the order’s communication log', async () => {
    const o = await delivered();
    // Not before the delay (2 "days").
    await settle(DAY_MS);
    expect(smtp.messages.filter((m) => m.subject === subjectOf(o.number))).toHaveLength(0);
    const [mail] = await smtp.waitFor((m) => m.subject === subjectOf(o.number));
    expect(mail?.to).toEqual([o.email]);
    expect(mail?.text).toMatch(/https:\/\/shop\.example\/survey\/[A-Za-z0-9_-]{43}\n/);
    expect(mail?.text).toMatch(/Stop sending me feedback requests: https:\/\/shop\.example\/survey\/[A-Za-z0-9_-]{43}\?stop=1/);
    await settle();
    expect(smtp.messages.filter((m) => m.subject === subjectOf(o.number))).toHaveLength(1);
    expect((await mailOf(s.api, o.id)).filter((m) => m.template === 'feedback_request').map((m) => m.status)).toEqual(['sent']);
    // One job, due 2 "days" after the delivery that queued it, and the request written when it was due (the database's clock).
    const jobs = await s.running.database.db.execute(
      sql`select extract(epoch from (o.available_at - o.created_at)) * 1000 as "delayMs", r.created_at >= o.available_at as "afterDue"
          from outbox o join feedback_requests r on r.order_id = ${o.id} where o.key = ${`feedback-request:${o.id}`}`,
    );
    const rows = (jobs as unknown as { rows: { delayMs: string; afterDue: boolean }[] }).rows;
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.delayMs)).toBeGreaterThanOrEqual(2 * DAY_MS);
    expect(rows[0]?.afterDue).toBe(true);
  });

  it('is previewable in both languages with a real order, showing where the survey link goes', async () => {
    const o = await delivered();
    for (const [language, subject] of [['en', `How was your order ${o.number}?`], ['tr', `${o.number} numaralı siparişiniz nasıldı?`]] as const) {
      const source = (await s.api.get<{ subject: string; body: string }>(`/api/v1/mail-templates/feedback_request/${language}`)).body;
      const preview = await s.api.post<{ rendered: { subject: string; text: string } | null }>(`/api/v1/mail-templates/feedback_request/${language}/preview`, { subject: source.subject, body: source.body, order: o.number });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.rendered?.subject).toBe(subject);
      expect(preview.body.rendered?.text).toContain('/survey/[personal-link-made-when-sent]');
    }
  });

  it('is not sent when feedback is turned off', async () => {
    await setSettings(s.api, { feedback: { enabled: false, delayDays: 0, lowRatingAtMost: 2, linkDays: 30, questions: [] } });
    try {
      const o = await delivered();
      await settle(1500);
      expect(smtp.messages.filter((m) => m.subject === subjectOf(o.number))).toHaveLength(0);
    } finally {
      await setSettings(s.api, { feedback: { enabled: true, delayDays: 2, lowRatingAtMost: 2, linkDays: 30, questions: [{ text: 'Was the delivery on time?', kind: 'yes_no' }, { text: 'What should we make next?', kind: 'text' }] } });
    }
  });
});

describe('the survey', () => {
  it('shows the questions, accepts one answer and refuses a second; a rating of 4 makes no follow-up', async () => {
    const o = await delivered();
    const token = await surveyToken(o.number);
    const page = await s.anon.get<Survey>(`/api/v1/public/survey/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ orderNumber: o.number, businessName: business.businessName, answered: false, optedOut: false });
    expect(page.body.questions).toEqual([
      { index: 0, text: 'Was the delivery on time?', kind: 'yes_no' },
      { index: 1, text: 'What should we make next?', kind: 'text' },
    ]);
    const first = await s.anon.post(`/api/v1/public/survey/${token}`, { rating: 4, recommend: 9, comment: 'Lovely sofa', answers: [true, 'A footstool'] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await s.anon.post<Problem>(`/api/v1/public/survey/${token}`, { rating: 1, recommend: 0 });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain('already been answered');
    expect((await s.anon.get<Survey>(`/api/v1/public/survey/${token}`)).body.answered).toBe(true);
    expect((await timeline(s.api, o.id)).filter((e) => e.type === 'feedback_received').map((e) => e.data)).toEqual([{ rating: 4, recommend: 9, comment: 'Lovely sofa' }]);
    const open = await s.api.get<{ items: FollowUp[] }>('/api/v1/follow-ups');
    expect(open.body.items.filter((f) => f.orderId === o.id)).toEqual([]);
    // The feedback page counts it, with its comment and answers.
    const report = await s.api.get<{ overall: { responses: number }; channels: { key: string }[]; comments: { orderNumber: string; comment: string; answers: { question: string; answer: unknown }[] }[] }>('/api/v1/feedback/report?unit=month');
    expect(report.status).toBe(200);
    expect(report.body.channels.map((c) => c.key)).toContain('phone');
    expect(report.body.comments.find((c) => c.orderNumber === o.number)).toMatchObject({ comment: 'Lovely sofa', answers: [{ question: 'Was the delivery on time?', answer: true }, { question: 'What should we make next?', answer: 'A footstool' }] });
    // The customer's one history has the answer, newest, linked to its order.
    const history = await s.api.get<{ items: HistoryEntry[] }>(`/api/v1/customers/${o.customer.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toEqual({ kind: 'feedback', id: o.id, at: expect.any(String), title: `Rated 4/5 for ${o.number}, would recommend 9/10 — “Lovely sofa”`, status: 'answered', channel: null, link: `/orders/${o.number}` });
    expect(history.body.items.filter((e) => e.kind === 'feedback')).toHaveLength(1);
  });

  it('refuses an expired link', async () => {
    const o = await delivered();
    const token = await surveyToken(o.number);
    await s.running.database.db.execute(sql`update access_links set expires_at = now() - interval '1 minute' where order_id = ${o.id} and purpose = 'survey'`);
    const page = await s.anon.get<Problem>(`/api/v1/public/survey/${token}`);
    expect(page.status).toBe(404);
    expect(page.body.detail).toContain('expired');
    const answer = await s.anon.post<Problem>(`/api/v1/public/survey/${token}`, { rating: 5, recommend: 10 });
    expect(answer.status).toBe(404);
    expect((await timeline(s.api, o.id)).some((e) => e.type === 'feedback_received')).toBe(false);
  });

  it('names every bad field (422) and records nothing', async () => {
    const o = await delivered();
    const token = await surveyToken(o.number);
    const bad = await s.anon.post<Problem>(`/api/v1/public/survey/${token}`, { rating: 7, recommend: -1, comment: 'x'.repeat(5000) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer).sort()).toEqual(['/comment', '/rating', '/recommend']);
    const wrongKind = await s.anon.post<Problem>(`/api/v1/public/survey/${token}`, { rating: 3, recommend: 5, answers: ['yes', true] });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.errors.map((e) => e.pointer)).toEqual(['/answers/0', '/answers/1']);
    const missing = await s.anon.post<Problem>(`/api/v1/public/survey/${token}`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e) => e.pointer).sort()).toEqual(['/rating', '/recommend']);
    expect((await s.anon.get<Survey>(`/api/v1/public/survey/${token}`)).body.answered).toBe(false);
  });

  it('a rating of 1 makes a "call back" follow-up with the phone, rating and comment, assigned to the owner and due the next working day; staff mark it done', async () => {
    const o = await delivered();
    const token = await surveyToken(o.number);
    expect((await s.anon.post(`/api/v1/public/survey/${token}`, { rating: 1, recommend: 2, comment: 'The leg was broken' })).status).toBe(201);
    expect((await feedbackInHistory(o.customer.id)).map((e) => [e.title, e.status])).toEqual([[`Rated 1/5 for ${o.number}, would recommend 2/10 — “The leg was broken”`, 'call_back_due']]);
    // The history is open to every role, but each kind only to the roles that may read it elsewhere: the warehouse
    // (no feedback.read, no mail.read) sees the order but neither the answer nor the e-mails; a viewer sees the answer, not the e-mails.
    const kindsFor = async (api: { get: typeof s.api.get }) => {
      const res = await api.get<{ items: HistoryEntry[] }>(`/api/v1/customers/${o.customer.id}/history`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return new Set(res.body.items.map((e) => e.kind));
    };
    expect([...(await kindsFor(s.api))].sort()).toEqual(['feedback', 'message', 'order']);
    expect([...(await kindsFor(await s.as('warehouse')))]).toEqual(['order']);
    expect([...(await kindsFor(await s.as('viewer')))].sort()).toEqual(['feedback', 'order']);
    const open = await s.api.get<{ items: FollowUp[] }>('/api/v1/follow-ups');
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    const mine = open.body.items.find((f) => f.orderId === o.id);
    expect(mine).toMatchObject({ kind: 'call_back', orderNumber: o.number, customerName: 'Grace Hopper', phone: '+442079460101', rating: 1, comment: 'The leg was broken', doneAt: null });
    expect(mine?.assigneeName).toBeTruthy();
    expect((mine?.dueDate ?? '') > new Date().toISOString().slice(0, 10)).toBe(true);
    expect([1, 2, 3, 4, 5]).toContain(new Date(`${mine?.dueDate}T00:00:00Z`).getUTCDay());
    const noNote = await s.api.post<Problem>(`/api/v1/follow-ups/${mine?.id}/done`, { note: ' ' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors.map((e) => e.pointer)).toEqual(['/note']);
    const done = await s.api.post<FollowUp>(`/api/v1/follow-ups/${mine?.id}/done`, { note: 'Called; a new leg goes out Monday' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await s.api.get<{ items: FollowUp[] }>('/api/v1/follow-ups')).body.items.some((f) => f.id === mine?.id)).toBe(false);
    expect((await s.api.get<{ items: FollowUp[] }>('/api/v1/follow-ups?done=true')).body.items.find((f) => f.id === mine?.id)?.doneNote).toBe('Called; a new leg goes out Monday');
    expect((await feedbackInHistory(o.customer.id)).map((e) => e.status)).toEqual(['called_back']);
    expect((await s.api.post(`/api/v1/follow-ups/${mine?.id}/done`, { note: 'again' })).status).toBe(409);
  });

  it('an opted-out customer gets no survey next time, but still gets the delivered e-mail', async () => {
    const email = `${uniq('quiet')}@example.com`;
    const first = await delivered(email);
    const token = await surveyToken(first.number);
    const out = await s.anon.post(`/api/v1/public/survey/${token}/opt-out`, {});
    expect(out.status).toBe(200);
    expect((await s.anon.get<Survey>(`/api/v1/public/survey/${token}`)).body.optedOut).toBe(true);

    const again = await delivered(email.toUpperCase());
    await settle(2 * DAY_MS + 1500);
    expect(smtp.messages.filter((m) => m.subject === subjectOf(again.number))).toHaveLength(0);
    const tl = await timeline(s.api, again.id);
    expect(tl.find((e) => e.type === 'feedback_not_requested')?.data).toEqual({ reason: 'The customer asked for no feedback requests' });
    expect((await mailOf(s.api, again.id)).map((m) => m.template)).not.toContain('feedback_request');
  });
});
