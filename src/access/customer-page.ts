/**
 * The customer's view of their order, reached by an access link: the status in
 * plain words, the lines, totals, what is due and how to pay, the expected
 * completion date, the customer-visible part of the timeline and whom to
 * contact. In the customer's language. Nothing internal (notes, staff names,
 * reasons, other orders) is in it.
 */
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { getOrder, getOrderEvents, getOrderLines, recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import { transitionOrder } from '../orders/transition-order.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { verificationRequired } from '../orders/verification.ts';
import { canTakePayment } from '../orders/lifecycle.ts';
import { paymentInstructions, paymentSummary } from '../payments/payment-terms.ts';
import { CUSTOMER_VISIBLE_EVENTS, longDate, money, WORDS, type Language } from '../notifications/i18n.ts';
import { businessContact } from '../settings/business-contact.ts';
import { customerLanguage } from '../customers/customer-language.ts';
import type { Actor } from '../shared/actor.ts';
import { resolveAccessLink } from './access-links.ts';
import type { AccessPurpose } from './access-link.ts';

export async function customerView(conn: Conn, order: OrderRow, langOverride?: Language) {
  const settings = await getSettings(conn);
  const lang = langOverride ?? (await customerLanguage(conn, order.customerId, settings.defaultLanguage));
  const w = WORDS[lang];
  const m = (n: number) => money(lang, n, order.currency);
  const lines = await getOrderLines(conn, order.id);
  const events = await getOrderEvents(conn, order.id);
  const summary = await paymentSummary(conn, order);
  const pay = await paymentInstructions(conn, order, settings);
  const payable = canTakePayment(order.status);
  const verified = events.some((e) => e.type === 'verified');
  return {
    number: order.number,
    status: order.status,
    statusText: w.status[order.status],
    language: lang,
    placedAt: order.placedAt,
    expectedCompletionDate: order.expectedCompletionDate,
    expectedCompletionText: order.expectedCompletionDate ? longDate(lang, order.expectedCompletionDate) : null,
    currency: order.currency,
    lines: lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      options: Object.values(l.answers).map((a) => ({ label: a.label, value: a.display })),
      totalMinor: l.totalMinor,
      totalText: m(l.totalMinor),
    })),
    totals: {
      linesTotalMinor: order.linesTotalMinor,
      taxTotalMinor: order.taxTotalMinor,
      deliveryFeeMinor: order.deliveryFeeMinor,
      grandTotalMinor: order.grandTotalMinor,
      grandTotalText: m(order.grandTotalMinor),
    },
    payment: {
      state: summary.state,
      stateText: w.paymentState[summary.state],
      method: pay.method,
      methodText: w.method[pay.method],
      paidMinor: summary.paidMinor,
      dueMinor: summary.dueMinor,
      dueText: m(summary.dueMinor),
      reference: pay.printedReference,
      dueDate: pay.dueDate,
      howToPay: payable && summary.dueMinor > 0 ? w.howToPay[pay.method]({ amount: m(summary.dueMinor), reference: pay.printedReference, dueDate: pay.dueDate ? longDate(lang, pay.dueDate) : null, bankDetails: pay.bank !== null }) : null,
      bank: payable && summary.dueMinor > 0 ? pay.bank : null,
    },
    verification: { required: order.status === 'placed' && verificationRequired(settings.verification, order), verified },
    timeline: events
      .filter((e) => CUSTOMER_VISIBLE_EVENTS.has(e.type))
      .map((e) => {
        const amount = typeof e.data.amountMinor === 'number' ? money(lang, e.data.amountMinor, typeof e.data.currency === 'string' ? e.data.currency : order.currency) : null;
        return { at: e.at, type: e.type, text: (w.events[e.type] ?? (() => e.type))({ amount }) };
      }),
    business: businessContact(settings),
  };
}

export type CustomerView = Awaited<ReturnType<typeof customerView>>;

export async function orderPageByToken(db: Db, token: string, purpose: AccessPurpose, lang?: Language): Promise<CustomerView> {
  const { orderId } = await resolveAccessLink(db, token, purpose);
  return customerView(db, await getOrder(db, orderId), lang);
}

/**
 * The customer confirms that their order is right. Idempotent: a second click
 * (or a click after staff verified it) answers with the order as it is.
 */
export async function verifyByCustomer(db: Db, reactions: OrderReactions, token: string, lang?: Language): Promise<CustomerView> {
  const { orderId, linkId } = await resolveAccessLink(db, token, 'verify');
  const order = await getOrder(db, orderId);
  const actor: Actor = { kind: 'customer', id: order.customerId ?? linkId, name: order.customerName ?? 'customer' };
  if (order.status === 'placed') {
    try {
      await transitionOrder(db, reactions, order.id, { command: 'verify', data: { how: 'access_link', linkId } }, actor, 'web');
    } catch (e) {
      // Someone verified (or moved) it at the same moment: show where it is now.
      if (!(e instanceof AppError && (e.code === 'conflict' || e.code === 'invalid_transition'))) throw e;
    }
  } else if (order.status === 'on_hold' || order.status === 'cancelled') {
    await recordOrderEvent(db, order.id, 'customer_verification_ignored', actor, { status: order.status });
  }
  return customerView(db, await getOrder(db, orderId), lang);
}
