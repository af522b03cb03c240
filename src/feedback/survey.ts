/**
 * The customer's survey, reached by the 'survey' access link in the feedback request:
 * overall rating 1–5, likelihood to recommend 0–10, an optional comment, and the business's
 * questions as they were when the request was sent. One answer per order (a second is
 * refused); an expired or withdrawn link is refused like any bad link. From the same link the
 * customer can stop further feedback requests (by their e-mail address; other e-mails still go).
 */
import type { Conn, Db } from '../shared/db.ts';
import { systemActor } from '../shared/actor.ts';
import { AppError, type FieldProblem } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { resolveAccessLink } from '../access/access-links.ts';
import type { Language } from '../notifications/i18n.ts';
import { languageOf } from '../notifications/order-confirmed.ts';
import { findRequest, findResponse, insertOptOut, insertResponse, isOptedOut } from './feedback.repository.ts';
import { createCallBack } from './follow-ups.ts';
import { normalizeEmail } from './feedback-request.ts';

export type SurveyView = {
  orderNumber: string;
  customerName: string;
  businessName: string;
  language: Language;
  questions: { index: number; text: string; kind: 'text' | 'yes_no' }[];
  answered: boolean;
  optedOut: boolean;
};

export type SurveyAnswer = { rating: number; recommend: number; comment?: string | undefined; answers?: (string | boolean | null)[] | undefined };

const customer = systemActor('customer');

async function surveyOf(conn: Conn, token: string) {
  const { orderId } = await resolveAccessLink(conn, token, 'survey');
  const request = await findRequest(conn, orderId);
  if (!request) throw new AppError('not_found', 'This link is not valid: it may have expired or been withdrawn.');
  return { order: await getOrder(conn, orderId), request };
}

export async function surveyByToken(db: Db, token: string): Promise<SurveyView> {
  const { order, request } = await surveyOf(db, token);
  const settings = await getSettings(db);
  return {
    orderNumber: order.number ?? order.id,
    customerName: order.customerName ?? '',
    businessName: settings.businessName,
    language: await languageOf(db, order, settings),
    questions: request.questions.map((q, index) => ({ index, text: q.text, kind: q.kind })),
    answered: (await findResponse(db, order.id)) !== undefined,
    optedOut: order.customerEmail ? await isOptedOut(db, normalizeEmail(order.customerEmail)) : false,
  };
}

/** Each answer must fit its question: text for a text question, true/false for yes/no, or null (not answered). */
function answerProblems(questions: { kind: 'text' | 'yes_no' }[], answers: (string | boolean | null)[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (answers.length > questions.length) problems.push({ pointer: '/answers', code: 'too_many', message: `This survey has ${questions.length} question(s) of its own` });
  answers.forEach((a, i) => {
    const q = questions[i];
    if (!q || a === null) return;
    if (q.kind === 'yes_no' && typeof a !== 'boolean') problems.push({ pointer: `/answers/${i}`, code: 'expected_yes_no', message: 'Answer yes or no' });
    if (q.kind === 'text' && typeof a !== 'string') problems.push({ pointer: `/answers/${i}`, code: 'expected_text', message: 'Answer in words' });
  });
  return problems;
}

export async function answerSurvey(db: Db, token: string, body: SurveyAnswer): Promise<{ followUp: boolean }> {
  return db.transaction(async (tx) => {
    const { order, request } = await surveyOf(tx, token);
    const given = body.answers ?? [];
    const problems = answerProblems(request.questions, given);
    if (problems.length) throw new AppError('validation_failed', 'Some answers do not fit their questions', problems);
    const comment = body.comment?.trim() ? body.comment.trim() : null;
    const answers = request.questions.map((q, i) => {
      const a = given[i] ?? null;
      return { question: q.text, kind: q.kind, answer: typeof a === 'string' ? (a.trim() ? a.trim() : null) : a };
    });
    const fresh = await insertResponse(tx, { orderId: order.id, rating: body.rating, recommend: body.recommend, comment, answers });
    if (!fresh) throw new AppError('conflict', 'This order’s survey has already been answered — thank you. Each order takes one answer.');
    await recordOrderEvent(tx, order.id, 'feedback_received', customer, { rating: body.rating, recommend: body.recommend, ...(comment ? { comment } : {}) });
    const settings = await getSettings(tx);
    const low = body.rating <= settings.feedback.lowRatingAtMost;
    if (low) await createCallBack(tx, order, { rating: body.rating, comment }, settings, systemActor('feedback'));
    return { followUp: low };
  });
}

/** No more feedback requests to this order's e-mail address. Idempotent. */
export async function optOutByToken(db: Db, token: string): Promise<{ optedOut: true }> {
  return db.transaction(async (tx) => {
    const { order } = await surveyOf(tx, token);
    if (order.customerEmail) {
      const already = await isOptedOut(tx, normalizeEmail(order.customerEmail));
      await insertOptOut(tx, normalizeEmail(order.customerEmail), order.id);
      if (!already) await recordOrderEvent(tx, order.id, 'feedback_opted_out', customer, {});
    }
    return { optedOut: true as const };
  });
}
