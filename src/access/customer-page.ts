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
import { orderLanguage } from '../customers/customer-language.ts';
import type { Actor } from '../shared/actor.ts';
import { resolveAccessLink } from './access-links.ts';
import { startCardCheckout } from '../payments/card-checkout.ts';
import type { PaymentProvider } from '../payments/provider.ts';
import type { AccessPurpose } from './access-link.ts';
import type { ShipmentMethod } from '../fulfilment/fulfilment-vocabulary.ts';

/** A shipment as the customer sees it: how it travels, its tracking link, its dates and what is in it. */
export type CustomerShipment = {
  number: number;
  method: ShipmentMethod;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  slot: string | null;
  shippedOn: string;
  expectedDeliveryOn: string | null;
  deliveredOn: string | null;
  lines: { name: string; quantity: number }[];
};

/** Reads an order's shipments (fulfilment, a layer above, is handed in by the composition root). */
export type ShipmentsReader = (conn: Conn, order: OrderRow) => Promise<CustomerShipment[]>;

/** `cardAvailable`: a card provider is configured (the Pay button is offered only then). */
export async function customerView(conn: Conn, order: OrderRow, shipmentsOf: ShipmentsReader, langOverride?: Language, cardAvailable = false) {
  const settings = await getSettings(conn);
  const lang = langOverride ?? (await orderLanguage(conn, order, settings.defaultLanguage));
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
      /** The customer may pay what is due by card on the provider's checkout page (POST …/card-checkout). */
      payByCard: cardAvailable && payable && pay.method === 'card' && summary.dueMinor - summary.authorisedMinor > 0,
    },
    verification: { required: order.status === 'placed' && verificationRequired(settings.verification, order), verified },
    shipments: order.status === 'draft' || order.status === 'cancelled' ? [] : await shipmentsOf(conn, order),
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

export async function orderPageByToken(db: Db, token: string, purpose: AccessPurpose, shipmentsOf: ShipmentsReader, lang?: Language, cardAvailable = false): Promise<CustomerView> {
  const { orderId } = await resolveAccessLink(db, token, purpose);
  return customerView(db, await getOrder(db, orderId), shipmentsOf, lang, cardAvailable);
}

/**
 * The customer starts paying by card from their order page: a hosted checkout at the card
 * provider. The return addresses carry no token (the provider never sees the customer's
 * link): the page keeps it in the tab and /my-order/return takes the customer back to it.
 */
export async function cardCheckoutByToken(db: Db, provider: PaymentProvider | undefined, token: string, publicUrl: string): Promise<{ url: string }> {
  const { orderId } = await resolveAccessLink(db, token, 'order_status');
  const order = await getOrder(db, orderId);
  const actor: Actor = { kind: 'customer', id: order.customerId ?? orderId, name: order.customerName ?? 'customer' };
  const back = `${publicUrl.replace(/\/$/, '')}/my-order/return`;
  const { url } = await startCardCheckout(db, provider, order.id, { successUrl: `${back}?paid=1`, cancelUrl: back }, actor);
  return { url };
}

/**
 * The customer confirms that their order is right. Idempotent: a second click
 * (or a click after staff verified it) answers with the order as it is.
 */
export async function verifyByCustomer(db: Db, reactions: OrderReactions, token: string, shipmentsOf: ShipmentsReader, lang?: Language): Promise<CustomerView> {
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
  return customerView(db, await getOrder(db, orderId), shipmentsOf, lang);
}
