/**
 * The feedback request: when an order is delivered, a job is written to the outbox for
 * `settings.feedback.delayDays` later, keyed by the order (`feedback-request:<order id>`, unique),
 * so however often delivery is announced there is one job. The job runs in the transaction that
 * settles its outbox row (see feedback.worker.ts): it writes the order's feedback request (one
 * per order) and queues the `feedback_request` e-mail with a survey link slot — unless feedback
 * is off, the order has no e-mail address, or the address asked for no more requests; each of
 * those goes on the order's timeline instead.
 */
import type { Conn } from '../shared/db.ts';
import { systemActor } from '../shared/actor.ts';
import { enqueue } from '../shared/outbox.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import type { OrderEventOf, OrderReaction } from '../orders/order-events.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { linkSlot } from '../notifications/mail-links.ts';
import { queueMail } from '../notifications/mail.ts';
import { languageOf } from '../notifications/order-confirmed.ts';
import { insertRequest, isOptedOut } from './feedback.repository.ts';

export const FEEDBACK_TOPIC = 'feedback.request';
export const feedbackJobKey = (orderId: string) => `feedback-request:${orderId}`;
export const DAY_MS = 86_400_000;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * delivered → feedback: the request job, `delayDays` × `dayMs` from now (`dayMs` is a day,
 * except in tests: ORDERLY_FEEDBACK_DAY_MS). Nothing when feedback is off.
 */
export function scheduleFeedbackRequest(dayMs: number = DAY_MS): OrderReaction<'delivered'> {
  return async (e: OrderEventOf<'delivered'>, tx: Conn) => {
    const { feedback } = await getSettings(tx);
    if (!feedback.enabled) return;
    await enqueue(tx, { topic: FEEDBACK_TOPIC, key: feedbackJobKey(e.order.id), payload: { orderId: e.order.id }, delayMs: Math.max(1, feedback.delayDays * dayMs) });
  };
}

export type RequestOutcome = 'queued' | 'already_requested' | 'feedback_off' | 'no_email' | 'opted_out';

/** The job: in the transaction that finishes its outbox row, so it happens once. */
export async function sendFeedbackRequest(tx: Conn, orderId: string): Promise<RequestOutcome> {
  const actor = systemActor('feedback');
  const settings = await getSettings(tx);
  const order = await getOrder(tx, orderId);
  const skip = async (reason: string, outcome: RequestOutcome) => {
    await recordOrderEvent(tx, order.id, 'feedback_not_requested', actor, { reason });
    return outcome;
  };
  if (!settings.feedback.enabled) return skip('Feedback requests are turned off in the settings', 'feedback_off');
  if (!order.customerEmail) return skip('The order has no customer e-mail address', 'no_email');
  if (await isOptedOut(tx, normalizeEmail(order.customerEmail))) return skip('The customer asked for no feedback requests', 'opted_out');
  const fresh = await insertRequest(tx, { orderId: order.id, questions: settings.feedback.questions });
  if (!fresh) return 'already_requested';
  await queueMail(
    tx,
    {
      orderId: order.id,
      template: 'feedback_request',
      language: await languageOf(tx, order, settings),
      to: order.customerEmail,
      toName: order.customerName,
      data: { orderNumber: order.number ?? order.id, customerName: order.customerName ?? '', business: businessContact(settings), surveyPath: linkSlot('survey') },
    },
    actor,
  );
  return 'queued';
}
