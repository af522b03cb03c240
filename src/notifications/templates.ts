/**
 * Every e-mail Orderly sends, in one place: the data each template needs (frozen
 * on the message when it is queued) and its rendering to a subject, plain text
 * and HTML. All text that comes from people — names, options, the business's own
 * details — is HTML-escaped. Pure.
 */
import { money, longDate, WORDS, type Language } from './i18n.ts';
import type { BusinessContact } from '../settings/business-contact.ts';
import type { PaymentMethod } from '../payments/payment-settings.ts';
import type { WorkItemKind } from '../fulfilment/work-vocabulary.ts';

export type { BusinessContact };

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

/** A party is handed its work item for an order: what to do, by when, and the lines with their form answers (the fabric, the finish). */
export type WorkItemHandOffData = {
  orderNumber: string;
  partyName: string;
  kind: WorkItemKind;
  dueDate: string | null;
  expectedCompletionDate: string | null;
  lines: { quantity: number; sku: string; name: string; options: { label: string; value: string }[] }[];
  business: BusinessContact;
};

/** A party's open work item is cancelled with its order. */
export type WorkItemCancelledData = { orderNumber: string; partyName: string; kind: WorkItemKind; reason: string; business: BusinessContact };

export type TemplateData = {
  order_confirmation: ConfirmationData;
  verification_request: VerificationData;
  order_link: OrderLinkData;
  work_item_handoff: WorkItemHandOffData;
  work_item_cancelled: WorkItemCancelledData;
};
export type TemplateName = keyof TemplateData;
export const TEMPLATE_NAMES = ['order_confirmation', 'verification_request', 'order_link', 'work_item_handoff', 'work_item_cancelled'] as const satisfies readonly TemplateName[];

export type Rendered = { subject: string; text: string; html: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const contactLine = (b: BusinessContact) => [b.name, b.email, b.phone].filter((x) => x.trim()).join(', ');

const page = (lang: Language, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
  `<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;max-width:640px;margin:0 auto;padding:16px">${body}</body></html>`;

const para = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
const link = (url: string) => `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;

function renderConfirmation(lang: Language, d: ConfirmationData, publicUrl: string): Rendered {
  const w = WORDS[lang];
  const c = w.confirmation;
  const m = (n: number) => money(lang, n, d.currency);
  const url = d.orderPagePath === null ? null : `${publicUrl}${d.orderPagePath}`;
  const subject = c.subject(d.orderNumber);
  const contact = contactLine(d.business);

  const text: string[] = [c.greeting(d.customerName), '', c.intro(d.orderNumber), '', `${c.lines}:`];
  for (const l of d.lines) {
    text.push(`- ${l.quantity} × ${l.name}  ${m(l.totalMinor)}`);
    for (const o of l.options) text.push(`    ${o.label}: ${o.value}`);
  }
  text.push('', `${c.subtotal}: ${m(d.totals.linesTotalMinor)}`);
  if (d.totals.deliveryFeeMinor) text.push(`${c.delivery}: ${m(d.totals.deliveryFeeMinor)}`);
  text.push(`${c.tax}: ${m(d.totals.taxTotalMinor)}`, `${c.total}: ${m(d.totals.grandTotalMinor)}`, '');
  if (d.expectedCompletionDate) text.push(c.expected(longDate(lang, d.expectedCompletionDate)), '');

  let paymentHtml = '';
  if (d.payment) {
    const p = d.payment;
    // Messages queued before the business set an IBAN carry empty bank details: none to show.
    const bank = p.bank?.iban ? p.bank : null;
    const how = p.amountDueMinor > 0 ? w.howToPay[p.method]({ amount: m(p.amountDueMinor), reference: p.reference, dueDate: p.dueDate ? longDate(lang, p.dueDate) : null, bankDetails: bank !== null }) : c.paid;
    text.push(`${c.payment} (${w.method[p.method]}):`, how);
    paymentHtml = `<h3>${escapeHtml(c.payment)} — ${escapeHtml(w.method[p.method])}</h3>${para(how)}`;
    if (bank && p.amountDueMinor > 0) {
      const all: [string, string][] = [
        [w.bank.accountName, bank.accountName],
        [w.bank.bankName, bank.bankName],
        [w.bank.iban, bank.iban],
        [w.bank.bic, bank.bic],
        [w.bank.reference, p.reference],
        [w.bank.amount, m(p.amountDueMinor)],
      ];
      const rows = all.filter(([, v]) => v.trim() !== '');
      for (const [k, v] of rows) text.push(`  ${k}: ${v}`);
      paymentHtml += `<table>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td><strong>${escapeHtml(v)}</strong></td></tr>`).join('')}</table>`;
    }
    text.push('');
  }
  if (url) text.push(c.viewOrder, url, '');
  text.push(c.contactIfWrong(contact), '', c.signature(d.business.name));
  if (d.business.address.trim()) text.push(d.business.address);

  const lineRows = d.lines
    .map(
      (l) =>
        `<tr><td style="padding:4px 8px 4px 0;vertical-align:top">${l.quantity} ×</td><td style="padding:4px 8px 4px 0"><strong>${escapeHtml(l.name)}</strong>` +
        l.options.map((o) => `<br><span style="color:#555">${escapeHtml(o.label)}: ${escapeHtml(o.value)}</span>`).join('') +
        `</td><td style="padding:4px 0;text-align:right;vertical-align:top">${escapeHtml(m(l.totalMinor))}</td></tr>`,
    )
    .join('');
  const totalRow = (label: string, v: number, strong = false) =>
    `<tr><td></td><td style="padding:2px 8px 2px 0">${strong ? '<strong>' : ''}${escapeHtml(label)}${strong ? '</strong>' : ''}</td><td style="text-align:right">${strong ? '<strong>' : ''}${escapeHtml(m(v))}${strong ? '</strong>' : ''}</td></tr>`;
  const html = page(
    lang,
    para(c.greeting(d.customerName)) +
      para(c.intro(d.orderNumber)) +
      `<h3>${escapeHtml(c.lines)}</h3><table style="border-collapse:collapse;width:100%">${lineRows}` +
      totalRow(c.subtotal, d.totals.linesTotalMinor) +
      (d.totals.deliveryFeeMinor ? totalRow(c.delivery, d.totals.deliveryFeeMinor) : '') +
      totalRow(c.tax, d.totals.taxTotalMinor) +
      totalRow(c.total, d.totals.grandTotalMinor, true) +
      `</table>` +
      (d.expectedCompletionDate ? para(c.expected(longDate(lang, d.expectedCompletionDate))) : '') +
      paymentHtml +
      (url ? para(c.viewOrder) + link(url) : '') +
      para(c.contactIfWrong(contact)) +
      para(c.signature(d.business.name)) +
      (d.business.address.trim() ? para(d.business.address) : ''),
  );
  return { subject, text: text.join('\n'), html };
}

function renderVerification(lang: Language, d: VerificationData, publicUrl: string): Rendered {
  const v = WORDS[lang].verification;
  const url = d.verifyPath === null ? null : `${publicUrl}${d.verifyPath}`;
  const contact = contactLine(d.business);
  const action = url ? [v.action, url] : [v.noLink(contact)];
  const text = [v.greeting(d.customerName), '', v.intro(d.orderNumber), '', ...action, '', v.contact(contact), '', WORDS[lang].confirmation.signature(d.business.name)].join('\n');
  const html = page(
    lang,
    para(v.greeting(d.customerName)) + para(v.intro(d.orderNumber)) + (url ? para(v.action) + link(url) : para(v.noLink(contact))) + para(v.contact(contact)) + para(WORDS[lang].confirmation.signature(d.business.name)),
  );
  return { subject: v.subject(d.orderNumber), text, html };
}

function renderOrderLink(lang: Language, d: OrderLinkData, publicUrl: string): Rendered {
  const o = WORDS[lang].orderLink;
  const v = WORDS[lang].verification;
  const url = d.orderPagePath === null ? null : `${publicUrl}${d.orderPagePath}`;
  const contact = contactLine(d.business);
  const signature = WORDS[lang].confirmation.signature(d.business.name);
  const text = [v.greeting(d.customerName), '', o.intro(d.orderNumber), url ?? v.noLink(contact), '', o.validFor(d.validDays), o.notYou, '', signature].join('\n');
  const html = page(lang, para(v.greeting(d.customerName)) + para(o.intro(d.orderNumber)) + (url ? link(url) : para(v.noLink(contact))) + para(o.validFor(d.validDays)) + para(o.notYou) + para(signature));
  return { subject: o.subject(d.orderNumber), text, html };
}

function renderHandOff(lang: Language, d: WorkItemHandOffData): Rendered {
  const w = WORDS[lang].workItem;
  const kind = w.kind[d.kind];
  const signature = WORDS[lang].confirmation.signature(d.business.name);
  const head = [w.greeting(d.partyName), '', w.intro(kind, d.orderNumber)];
  const dates = [...(d.dueDate ? [w.due(longDate(lang, d.dueDate))] : []), ...(d.expectedCompletionDate ? [w.expected(longDate(lang, d.expectedCompletionDate))] : [])];
  const text: string[] = [...head, ...dates, '', `${w.lines}:`];
  for (const l of d.lines) {
    text.push(`- ${l.quantity} × ${l.name} (${l.sku})`);
    for (const o of l.options) text.push(`    ${o.label}: ${o.value}`);
  }
  text.push('', w.questions(contactLine(d.business)), '', signature);
  const rows = d.lines
    .map((l) => `<li>${escapeHtml(`${l.quantity} × ${l.name} (${l.sku})`)}${l.options.length ? `<ul>${l.options.map((o) => `<li>${escapeHtml(`${o.label}: ${o.value}`)}</li>`).join('')}</ul>` : ''}</li>`)
    .join('');
  const html = page(lang, para(w.greeting(d.partyName)) + para(w.intro(kind, d.orderNumber)) + dates.map(para).join('') + `<h3>${escapeHtml(w.lines)}</h3><ul>${rows}</ul>` + para(w.questions(contactLine(d.business))) + para(signature));
  return { subject: w.subject(kind, d.orderNumber), text: text.join('\n'), html };
}

function renderWorkCancelled(lang: Language, d: WorkItemCancelledData): Rendered {
  const w = WORDS[lang].workItem;
  const kind = w.kind[d.kind];
  const signature = WORDS[lang].confirmation.signature(d.business.name);
  const body = [w.greeting(d.partyName), '', w.cancelledIntro(kind, d.orderNumber), ...(d.reason ? [w.reason(d.reason)] : []), '', w.questions(contactLine(d.business)), '', signature];
  const html = page(lang, para(w.greeting(d.partyName)) + para(w.cancelledIntro(kind, d.orderNumber)) + (d.reason ? para(w.reason(d.reason)) : '') + para(w.questions(contactLine(d.business))) + para(signature));
  return { subject: w.cancelledSubject(kind, d.orderNumber), text: body.join('\n'), html };
}

export function renderMail<T extends TemplateName>(template: T, lang: Language, data: TemplateData[T], publicUrl: string): Rendered {
  switch (template) {
    case 'order_confirmation':
      return renderConfirmation(lang, data as ConfirmationData, publicUrl);
    case 'verification_request':
      return renderVerification(lang, data as VerificationData, publicUrl);
    case 'order_link':
      return renderOrderLink(lang, data as OrderLinkData, publicUrl);
    case 'work_item_handoff':
      return renderHandOff(lang, data as WorkItemHandOffData);
    case 'work_item_cancelled':
      return renderWorkCancelled(lang, data as WorkItemCancelledData);
    default:
      throw new Error(`No template ${String(template)}`);
  }
}
