/**
 * Each e-mail's data (frozen when the message is queued) and the values its
 * template may print (`viewOf`: money, dates and the business's contact line
 * formatted in the message's language). The wording is a Mustache template per
 * language (default-templates.ts, or the business's own edit); the engine
 * (template-engine.ts) escapes every value in the HTML part. Pure.
 */
import { money, longDate, WORDS, type Language } from './i18n.ts';
import type { BusinessContact } from '../settings/business-contact.ts';
import type { PaymentMethod } from '../payments/payment-settings.ts';
import { DEFAULT_TEMPLATES, TEMPLATE_NAMES, type TemplateName } from './default-templates.ts';
import { renderSubject, renderTemplate, type RenderedMail, type TemplateSource } from './template-engine.ts';
import type { WorkItemKind } from '../fulfilment/work-vocabulary.ts';

export type { BusinessContact, TemplateName, TemplateSource };
export { TEMPLATE_NAMES };
export { escapeHtml } from './template-engine.ts';

export type ConfirmationData = {
  orderNumber: string;
  customerName: string;
  currency: string;
  lines: { name: string; quantity: number; options: { label: string; value: string }[]; totalMinor: number }[];
  totals: { linesTotalMinor: number; taxTotalMinor: number; deliveryFeeMinor: number; grandTotalMinor: number };
  expectedCompletionDate: string | null;
  payment: {
    method: PaymentMethod;
    reference: string;
    amountDueMinor: number;
    dueDate: string | null;
    bank: { accountName: string; iban: string; bic: string; bankName: string } | null;
  } | null;
  business: BusinessContact;
  /**
   * Relative path of the customer's order page (an access link). Stored as a link slot
   * (see mail-links.ts), never as a token; filled when the message is delivered; null: no link.
   */
  orderPagePath: string | null;
};

export type VerificationData = {
  orderNumber: string;
  customerName: string;
  business: BusinessContact;
  /** The verify link (a slot while stored); null: the message carries no link. */
  verifyPath: string | null;
  orderPagePath: string | null;
};

/** A fresh order-page link the customer asked for (POST /api/v1/public/order-links). */
export type OrderLinkData = {
  orderNumber: string;
  customerName: string;
  business: BusinessContact;
  orderPagePath: string | null;
  validDays: number;
};

/** The acknowledgement sent as soon as an order comes in. */
export type ReceivedData = {
  orderNumber: string;
  customerName: string;
  currency: string;
  lines: { name: string; quantity: number }[];
  grandTotalMinor: number;
  expectedCompletionDate: string | null;
  business: BusinessContact;
  orderPagePath: string | null;
};

/** A message staff wrote from the order page. */
export type StaffMessageData = { orderNumber: string; customerName: string; message: string; sender: string; business: BusinessContact };

/** A delay staff recorded: the date promised before, the new one, and the reason written for the customer. */
export type DelayData = { orderNumber: string; customerName: string; previousDate: string | null; newDate: string; reason: string; business: BusinessContact; orderPagePath: string | null };

/** A shipment as the customer hears of it (frozen when it left or was delivered). */
export type ShipmentData = {
  orderNumber: string;
  customerName: string;
  business: BusinessContact;
  method: 'carrier' | 'local_delivery' | 'pickup';
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  expectedDeliveryOn: string | null;
  deliveredOn: string | null;
  slot: string | null;
  lines: { name: string; quantity: number }[];
  isLast: boolean;
  orderPagePath: string | null;
};

/** A party is handed its work item for an order: what to do, by when, and the lines with their form answers (the fabric, the finish). */
export type WorkItemHandOffData = {
  orderNumber: string;
  partyName: string;
  /** The party, so the attached purchase or production order holds only its lines (absent in mails queued before it was kept). */
  partyId?: string | null | undefined;
  kind: WorkItemKind;
  dueDate: string | null;
  expectedCompletionDate: string | null;
  lines: { quantity: number; sku: string; name: string; options: { label: string; value: string }[] }[];
  business: BusinessContact;
};

/** A party's open work item is cancelled with its order. */
export type WorkItemCancelledData = { orderNumber: string; partyName: string; kind: WorkItemKind; reason: string; business: BusinessContact };

/** The answer to an inquiry (a question asked before ordering): no order yet, so no order number. */
export type InquiryAnswerData = { customerName: string; question: string; answer: string; products: { name: string }[]; sender: string; business: BusinessContact };

/** A quote sent to the customer: its lines and totals, how long it is valid, and the link to accept it. */
export type QuoteData = {
  quoteId: string;
  quoteNumber: string;
  customerName: string;
  currency: string;
  lines: { name: string; quantity: number; options: { label: string; value: string }[]; totalMinor: number }[];
  totals: { linesTotalMinor: number; taxTotalMinor: number; deliveryFeeMinor: number; grandTotalMinor: number };
  validUntil: string;
  business: BusinessContact;
  /** The quote's page (a slot while stored, filled when sent); null: no link. */
  quotePagePath: string | null;
};

/** A draft sent back to its customer to complete (and its one reminder): what is missing per line, and the link (a slot while stored). */
export type CompleteOrderData = {
  orderNumber: string;
  customerName: string;
  business: BusinessContact;
  lines: { name: string; quantity: number | null; missing: { label: string }[] }[];
  validDays: number;
  completePath: string | null;
};

/** A feedback request, a while after delivery: a link to the survey (which also offers to stop these requests). */
export type FeedbackRequestData = { orderNumber: string; customerName: string; business: BusinessContact; surveyPath: string | null };

export type TemplateData = {
  order_received: ReceivedData;
  order_confirmation: ConfirmationData;
  verification_request: VerificationData;
  order_link: OrderLinkData;
  staff_message: StaffMessageData;
  order_delayed: DelayData;
  shipment_shipped: ShipmentData;
  shipment_delivered: ShipmentData;
  work_item_handoff: WorkItemHandOffData;
  work_item_cancelled: WorkItemCancelledData;
  inquiry_answer: InquiryAnswerData;
  quote_sent: QuoteData;
  feedback_request: FeedbackRequestData;
  complete_order: CompleteOrderData;
  complete_order_reminder: CompleteOrderData;
};

export type Rendered = RenderedMail;

const contactLine = (b: BusinessContact) => [b.name, b.email, b.phone].filter((x) => x.trim()).join(', ');
const url = (publicUrl: string, path: string | null) => (path === null ? null : `${publicUrl}${path}`);
const base = (d: { orderNumber: string; customerName: string; business: BusinessContact }) => ({
  orderNumber: d.orderNumber,
  customerName: d.customerName,
  business: { name: d.business.name, contact: contactLine(d.business), email: d.business.email, phone: d.business.phone, address: d.business.address },
});

function confirmationView(lang: Language, d: ConfirmationData, publicUrl: string) {
  const w = WORDS[lang];
  const m = (n: number) => money(lang, n, d.currency);
  let payment = null;
  if (d.payment) {
    const p = d.payment;
    // Messages queued before the business set an IBAN carry empty bank details: none to show.
    const bank = p.bank?.iban ? p.bank : null;
    const instructions =
      p.amountDueMinor > 0 ? w.howToPay[p.method]({ amount: m(p.amountDueMinor), reference: p.reference, dueDate: p.dueDate ? longDate(lang, p.dueDate) : null, bankDetails: bank !== null }) : w.confirmation.paid;
    const rows: { label: string; value: string }[] =
      bank && p.amountDueMinor > 0
        ? [
            { label: w.bank.accountName, value: bank.accountName },
            { label: w.bank.bankName, value: bank.bankName },
            { label: w.bank.iban, value: bank.iban },
            { label: w.bank.bic, value: bank.bic },
            { label: w.bank.reference, value: p.reference },
            { label: w.bank.amount, value: m(p.amountDueMinor) },
          ].filter((r) => r.value.trim() !== '')
        : [];
    payment = { method: w.method[p.method], instructions, bank: rows };
  }
  return {
    ...base(d),
    lines: d.lines.map((l) => ({ quantity: l.quantity, name: l.name, total: m(l.totalMinor), options: l.options })),
    subtotal: m(d.totals.linesTotalMinor),
    delivery: d.totals.deliveryFeeMinor ? m(d.totals.deliveryFeeMinor) : null,
    tax: m(d.totals.taxTotalMinor),
    total: m(d.totals.grandTotalMinor),
    expectedDate: d.expectedCompletionDate ? longDate(lang, d.expectedCompletionDate) : null,
    payment,
    orderPageUrl: url(publicUrl, d.orderPagePath),
  };
}

/** The values a template may print, from its stored data, in the message's language. */
export function viewOf<T extends TemplateName>(template: T, lang: Language, data: TemplateData[T], publicUrl: string): object {
  switch (template) {
    case 'order_confirmation':
      return confirmationView(lang, data as ConfirmationData, publicUrl);
    case 'verification_request': {
      const d = data as VerificationData;
      return { ...base(d), verifyUrl: url(publicUrl, d.verifyPath), orderPageUrl: url(publicUrl, d.orderPagePath) };
    }
    case 'order_link': {
      const d = data as OrderLinkData;
      return { ...base(d), validDays: d.validDays, orderPageUrl: url(publicUrl, d.orderPagePath) };
    }
    case 'order_received': {
      const d = data as ReceivedData;
      return {
        ...base(d),
        lines: d.lines.map((l) => ({ quantity: l.quantity, name: l.name })),
        total: money(lang, d.grandTotalMinor, d.currency),
        expectedDate: d.expectedCompletionDate ? longDate(lang, d.expectedCompletionDate) : null,
        orderPageUrl: url(publicUrl, d.orderPagePath),
      };
    }
    case 'staff_message': {
      const d = data as StaffMessageData;
      return { ...base(d), message: d.message, sender: d.sender };
    }
    case 'order_delayed': {
      const d = data as DelayData;
      return {
        ...base(d),
        previousDate: d.previousDate ? longDate(lang, d.previousDate) : WORDS[lang].delay.previouslyUnset,
        newDate: longDate(lang, d.newDate),
        reason: d.reason,
        orderPageUrl: url(publicUrl, d.orderPagePath),
      };
    }
    case 'shipment_shipped':
    case 'shipment_delivered': {
      const d = data as ShipmentData;
      return {
        ...base(d),
        isCarrier: d.method === 'carrier',
        isLocalDelivery: d.method === 'local_delivery',
        isPickup: d.method === 'pickup',
        carrier: d.carrier,
        trackingNumber: d.trackingNumber,
        trackingUrl: d.trackingUrl,
        slot: d.slot,
        expectedDelivery: d.expectedDeliveryOn ? longDate(lang, d.expectedDeliveryOn) : null,
        deliveredOn: d.deliveredOn ? longDate(lang, d.deliveredOn) : null,
        lines: d.lines.map((l) => ({ quantity: l.quantity, name: l.name })),
        isLast: d.isLast,
        orderPageUrl: url(publicUrl, d.orderPagePath),
      };
    }
    case 'work_item_handoff': {
      const d = data as WorkItemHandOffData;
      return {
        orderNumber: d.orderNumber,
        partyName: d.partyName,
        kind: WORDS[lang].workItem.kind[d.kind],
        kindLower: WORDS[lang].workItem.kind[d.kind].toLocaleLowerCase(lang === 'tr' ? 'tr-TR' : 'en'),
        attached: WORDS[lang].workItem.attached[d.kind],
        dueDate: d.dueDate ? longDate(lang, d.dueDate) : null,
        expectedDate: d.expectedCompletionDate ? longDate(lang, d.expectedCompletionDate) : null,
        lines: d.lines,
        business: base({ ...d, customerName: '' }).business,
      };
    }
    case 'work_item_cancelled': {
      const d = data as WorkItemCancelledData;
      return { orderNumber: d.orderNumber, partyName: d.partyName, kind: WORDS[lang].workItem.kind[d.kind], kindLower: WORDS[lang].workItem.kind[d.kind].toLocaleLowerCase(lang === 'tr' ? 'tr-TR' : 'en'), reason: d.reason, business: base({ ...d, customerName: '' }).business };
    }
    case 'inquiry_answer': {
      const d = data as InquiryAnswerData;
      const names = d.products.map((p) => p.name);
      return {
        customerName: d.customerName,
        question: d.question,
        answer: d.answer,
        sender: d.sender,
        hasProducts: names.length > 0,
        productNames: names.join(', '),
        business: base({ ...d, orderNumber: '' }).business,
      };
    }
    case 'quote_sent': {
      const d = data as QuoteData;
      const m = (n: number) => money(lang, n, d.currency);
      return {
        quoteNumber: d.quoteNumber,
        customerName: d.customerName,
        business: base({ orderNumber: '', customerName: d.customerName, business: d.business }).business,
        lines: d.lines.map((l) => ({ quantity: l.quantity, name: l.name, total: m(l.totalMinor), options: l.options })),
        subtotal: m(d.totals.linesTotalMinor),
        delivery: d.totals.deliveryFeeMinor ? m(d.totals.deliveryFeeMinor) : null,
        tax: m(d.totals.taxTotalMinor),
        total: m(d.totals.grandTotalMinor),
        validUntil: longDate(lang, d.validUntil),
        quotePageUrl: url(publicUrl, d.quotePagePath),
      };
    }
    case 'complete_order':
    case 'complete_order_reminder': {
      const d = data as CompleteOrderData;
      return { ...base(d), lines: d.lines, validDays: d.validDays, completeUrl: url(publicUrl, d.completePath) };
    }
    case 'feedback_request': {
      const d = data as FeedbackRequestData;
      const surveyUrl = url(publicUrl, d.surveyPath);
      return { ...base(d), surveyUrl, optOutUrl: surveyUrl ? `${surveyUrl}?stop=1` : null };
    }
    default:
      throw new Error(`No template ${String(template)}`);
  }
}

const business: BusinessContact = { name: 'Oak & Thread', email: 'hello@example.com', phone: '+44 20 7946 0000', address: '1 High Street, London' };

const sampleShipment: ShipmentData = {
  orderNumber: 'SO-2026-000123',
  customerName: 'Ada Lovelace',
  business,
  method: 'carrier',
  carrier: 'DHL',
  trackingNumber: 'JD0146 0001',
  trackingUrl: 'https://www.dhl.com/en/express/tracking.html?AWB=JD0146%200001',
  expectedDeliveryOn: '2026-12-18',
  deliveredOn: '2026-12-17',
  slot: 'Tuesday 14:00–16:00',
  lines: [{ name: 'Oak table', quantity: 1 }],
  isLast: false,
  orderPagePath: '/my-order/[personal-link-made-when-sent]',
};

const sampleComplete: CompleteOrderData = {
  orderNumber: '',
  customerName: 'Ada Lovelace',
  business,
  lines: [{ name: 'Three-seat sofa', quantity: 1, missing: [{ label: 'Fabric' }, { label: 'Colour' }] }],
  validDays: 14,
  completePath: '/complete/[personal-link-made-when-sent]',
};

/** Data with every optional part present: what a template is checked against when saved, and previewed with when no order is chosen. */
export const SAMPLE_DATA: TemplateData = {
  order_received: {
    orderNumber: 'SO-2026-000123',
    customerName: 'Ada Lovelace',
    currency: 'EUR',
    lines: [{ name: 'Oak table', quantity: 1 }],
    grandTotalMinor: 129_900,
    expectedCompletionDate: '2026-12-18',
    business,
    orderPagePath: '/my-order/[personal-link-made-when-sent]',
  },
  order_confirmation: {
    orderNumber: 'SO-2026-000123',
    customerName: 'Ada Lovelace',
    currency: 'EUR',
    lines: [{ name: 'Oak table', quantity: 1, options: [{ label: 'Finish', value: 'Oiled' }], totalMinor: 119_900 }],
    totals: { linesTotalMinor: 119_900, taxTotalMinor: 20_000, deliveryFeeMinor: 10_000, grandTotalMinor: 129_900 },
    expectedCompletionDate: '2026-12-18',
    payment: { method: 'bank_transfer', reference: 'RF18 SO20 2600 0123', amountDueMinor: 129_900, dueDate: '2026-12-14', bank: { accountName: 'Oak & Thread Ltd', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'WESTGB2L', bankName: 'West Bank' } },
    business,
    orderPagePath: '/my-order/[personal-link-made-when-sent]',
  },
  verification_request: { orderNumber: 'SO-2026-000123', customerName: 'Ada Lovelace', business, verifyPath: '/verify/[personal-link-made-when-sent]', orderPagePath: '/my-order/[personal-link-made-when-sent]' },
  order_link: { orderNumber: 'SO-2026-000123', customerName: 'Ada Lovelace', business, orderPagePath: '/my-order/[personal-link-made-when-sent]', validDays: 30 },
  staff_message: { orderNumber: 'SO-2026-000123', customerName: 'Ada Lovelace', message: 'Your table is being oiled today; it will be ready on Friday.', sender: 'Sam', business },
  order_delayed: {
    orderNumber: 'SO-2026-000123',
    customerName: 'Ada Lovelace',
    previousDate: '2026-12-18',
    newDate: '2026-12-23',
    reason: 'The oak for the table top arrives from the mill a week late.',
    business,
    orderPagePath: '/my-order/[personal-link-made-when-sent]',
  },
  shipment_shipped: sampleShipment,
  shipment_delivered: { ...sampleShipment, isLast: true },
  work_item_handoff: {
    orderNumber: 'SO-2026-000123',
    partyName: 'Hartley Joinery',
    kind: 'production_order',
    dueDate: '2026-12-16',
    expectedCompletionDate: '2026-12-18',
    lines: [{ quantity: 1, sku: 'WARDROBE-MTO', name: 'Made-to-measure wardrobe', options: [{ label: 'Width (cm)', value: '220' }, { label: 'Doors', value: 'Sliding' }] }],
    business,
  },
  work_item_cancelled: { orderNumber: 'SO-2026-000123', partyName: 'Hartley Joinery', kind: 'production_order', reason: 'The customer cancelled the order.', business },
  inquiry_answer: {
    customerName: 'Ada Lovelace',
    question: 'Does the oak table come in 200 cm, and with an oiled finish?',
    answer: 'Yes: we make it to 220 cm, oiled or lacquered; 200 cm is ready in three weeks.',
    products: [{ name: 'Oak table' }],
    sender: 'Sam',
    business,
  },
  quote_sent: {
    quoteId: '00000000-0000-4000-8000-000000000000',
    quoteNumber: 'Q-2026-0042',
    customerName: 'Ada Lovelace',
    currency: 'EUR',
    lines: [{ name: 'Oak table', quantity: 1, options: [{ label: 'Finish', value: 'Oiled' }], totalMinor: 119_900 }],
    totals: { linesTotalMinor: 99_900, taxTotalMinor: 20_000, deliveryFeeMinor: 10_000, grandTotalMinor: 129_900 },
    validUntil: '2026-12-31',
    business,
    quotePagePath: '/quote/[personal-link-made-when-sent]',
  },
  feedback_request: { orderNumber: 'SO-2026-000123', customerName: 'Ada Lovelace', business, surveyPath: '/survey/[personal-link-made-when-sent]' },
  complete_order: sampleComplete,
  complete_order_reminder: sampleComplete,
};


/** The subject line alone, as renderMail would render it. */
export function renderMailSubject<T extends TemplateName>(template: T, lang: Language, data: TemplateData[T], source?: TemplateSource): string {
  return renderSubject(source ?? DEFAULT_TEMPLATES[lang][template], viewOf(template, lang, data, ''));
}

/** Renders a message with the business's wording for it (`source`), else the default. */
export function renderMail<T extends TemplateName>(template: T, lang: Language, data: TemplateData[T], publicUrl: string, source?: TemplateSource): Rendered {
  return renderTemplate(source ?? DEFAULT_TEMPLATES[lang][template], viewOf(template, lang, data, publicUrl), lang);
}
