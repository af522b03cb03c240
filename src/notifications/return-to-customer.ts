/**
 * Sending an incomplete draft back to its customer (issue 14): one e-mail (complete_order, the
 * customer's language) that lists exactly what is missing, line by line, with a `complete` link
 * made when it is delivered; the return recorded (draft_returns) and on the timeline; one
 * reminder scheduled through the outbox (`delayMs` + a unique key per sending), which sends
 * complete_order_reminder only if the draft still waits on the customer then.
 */
import type { Actor } from '../shared/actor.ts';
import { systemActor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { enqueue, type OutboxHandler } from '../shared/outbox.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import { getOrder, recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { draftToReturn, questionsOf, splitProblems, type LineQuestions } from '../orders/draft-return.ts';
import { findReturn, markReminded, upsertReturn } from '../orders/draft-returns.repository.ts';
import { draftProblems } from '../orders/order-problems.ts';
import { linkSlot } from './mail-links.ts';
import { queueMail } from './mail.ts';
import { languageOf } from './order-confirmed.ts';
import type { CompleteOrderData } from './templates.ts';

export const RETURN_REMINDER_TOPIC = 'orders.complete_reminder';
const HOUR_MS = 3_600_000;

/** The mail's lines: product, quantity, the labels of the answers missing on it. */
export const completeOrderLines = (questions: readonly LineQuestions[]): CompleteOrderData['lines'] =>
  questions.map((q) => ({ name: q.productName, quantity: q.quantity, missing: q.missing.map((m) => ({ label: m.label })) }));

export type DraftReturnView = {
  orderId: string;
  sentTo: string;
  sentAt: Date;
  reminderDueAt: Date;
  remindedAt: Date | null;
  completedAt: Date | null;
  missing: { line: number; product: string; field: string; pointer: string }[];
};

const missingView = (questions: readonly LineQuestions[]): DraftReturnView['missing'] =>
  questions.flatMap((q) => q.missing.map((m) => ({ line: q.line, product: q.productName, field: m.label, pointer: `/lines/${q.line}/fields/${m.key}` })));

async function mailData(tx: Conn, order: OrderRow, questions: readonly LineQuestions[], validDays: number): Promise<CompleteOrderData> {
  const settings = await getSettings(tx);
  return { orderNumber: '', customerName: order.customerName ?? '', business: businessContact(settings), lines: completeOrderLines(questions), validDays, completePath: linkSlot('complete') };
}

/** Staff send a draft to its customer to complete. `linkDays`: how long the link works (ORDERLY_COMPLETE_LINK_DAYS). */
export async function returnDraftToCustomer(db: Db, orderRef: string, a: { email?: string | undefined; linkDays: number }, actor: Actor): Promise<DraftReturnView> {
  return db.transaction(async (tx) => {
    const { id } = await getOrder(tx, orderRef);
    const { order, email, answers, questions } = await draftToReturn(tx, id, a.email, actor);
    const settings = await getSettings(tx);
    const now = new Date();
    const delayMs = settings.notifications.completeReminderHours * HOUR_MS;
    const row = await upsertReturn(tx, {
      orderId: order.id,
      sentTo: email,
      missing: answers.map(({ pointer, line, key }) => ({ pointer, line, key })),
      sentBy: actor,
      sentAt: now,
      reminderDueAt: new Date(now.getTime() + delayMs),
    });
    await queueMail(
      tx,
      { orderId: order.id, template: 'complete_order', language: await languageOf(tx, order, settings), to: email, toName: order.customerName, data: await mailData(tx, order, questions, a.linkDays) },
      actor,
    );
    await enqueue(tx, { topic: RETURN_REMINDER_TOPIC, key: `complete-reminder:${order.id}:${now.getTime()}`, payload: { orderId: order.id, sentAt: now.toISOString(), linkDays: a.linkDays }, delayMs });
    const missing = missingView(questions);
    await recordOrderEvent(tx, order.id, 'returned_to_customer', actor, { to: email, missing: missing.map((m) => `${m.product}: ${m.field}`), reminderDueAt: row.reminderDueAt.toISOString() });
    return { orderId: order.id, sentTo: row.sentTo, sentAt: row.sentAt, reminderDueAt: row.reminderDueAt, remindedAt: row.remindedAt, completedAt: row.completedAt, missing };
  });
}

/**
 * The reminder, when it falls due: sent once, only for the sending it was scheduled by, and only
 * when the draft still waits on the customer (not completed, still a draft, something still missing).
 */
export async function sendReturnReminder(db: Db, orderId: string, sentAt: Date, linkDays: number): Promise<'sent' | 'not_needed'> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderId, true).catch(() => undefined);
    const ret = await findReturn(tx, orderId, true);
    if (!order || order.status !== 'draft' || !ret || ret.completedAt || ret.remindedAt || ret.sentAt.getTime() !== sentAt.getTime()) return 'not_needed';
    const settings = await getSettings(tx);
    const draft = order.draftInput ?? {};
    const { answers } = splitProblems((await draftProblems(tx, draft, settings)).problems);
    const questions = await questionsOf(tx, draft, answers.filter((m) => ret.missing.some((r) => r.pointer === m.pointer)));
    if (!questions.length) return 'not_needed';
    if (!(await markReminded(tx, orderId, ret.sentAt, new Date()))) return 'not_needed';
    const actor = systemActor('reminder');
    await queueMail(tx, { orderId, template: 'complete_order_reminder', language: await languageOf(tx, order, settings), to: ret.sentTo, toName: order.customerName, data: await mailData(tx, order, questions, linkDays) }, actor);
    await recordOrderEvent(tx, orderId, 'customer_reminded', actor, { to: ret.sentTo, missing: missingView(questions).map((m) => `${m.product}: ${m.field}`) });
    return 'sent';
  });
}

export function returnReminderHandler(db: Db): OutboxHandler {
  return {
    async deliver(row) {
      try {
        const orderId = String(row.payload.orderId);
        const sentAt = new Date(String(row.payload.sentAt));
        const linkDays = Number(row.payload.linkDays) || 14;
        await sendReturnReminder(db, orderId, sentAt, linkDays);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e), permanent: false };
      }
    },
    async settle() {
      // Nothing to record beyond what sendReturnReminder wrote.
    },
  };
}
