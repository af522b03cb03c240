/**
 * A preview of a wording (saved or being edited) as a real order's customer
 * would read it — or with sample data when no order is chosen. Links show where
 * they go with a placeholder, never a working token. A wording that would not
 * render answers with its problems instead (the editor shows them as you type).
 */
import type { Conn } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import { getOrder, getOrderLines, type OrderRow } from '../orders/order-facts.ts';
import type { Settings } from '../settings/settings.ts';
import type { Language } from './i18n.ts';
import type { TemplateName } from './default-templates.ts';
import { fillLinks, linkSlot, placeholderPath } from './mail-links.ts';
import { confirmationData } from './order-confirmed.ts';
import { draftProblems } from '../orders/order-problems.ts';
import { questionsOf, splitProblems } from '../orders/draft-return.ts';
import { completeOrderLines } from './return-to-customer.ts';
import { receivedData } from './order-received.ts';
import { templateProblems } from './mail-templates.ts';
import { renderMail, SAMPLE_DATA, type Rendered, type TemplateData } from './templates.ts';
import type { TemplateProblem, TemplateSource } from './template-engine.ts';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function dataFromOrder(tx: Conn, template: TemplateName, order: OrderRow, settings: Settings): Promise<TemplateData[TemplateName]> {
  const who = { orderNumber: order.number ?? order.id, customerName: order.customerName ?? '', business: businessContact(settings) };
  switch (template) {
    case 'order_confirmation':
      return confirmationData(tx, order, await getOrderLines(tx, order.id), settings);
    case 'order_received':
      return receivedData(tx, order, settings);
    case 'verification_request':
      return { ...who, verifyPath: linkSlot('verify'), orderPagePath: null };
    case 'order_link':
      return { ...who, orderPagePath: linkSlot('order_status'), validDays: 30 };
    case 'staff_message':
      return { ...who, message: SAMPLE_DATA.staff_message.message, sender: settings.businessName };
    case 'order_delayed': {
      const previous = order.expectedCompletionDate;
      return { ...who, previousDate: previous, newDate: addDays(previous ?? new Date().toISOString(), 7), reason: SAMPLE_DATA.order_delayed.reason, orderPagePath: linkSlot('order_status') };
    }
    case 'shipment_shipped':
    case 'shipment_delivered': {
      // The order's own lines, as if all went in one shipment (the carrier and tracking are the sample's).
      const lines = (await getOrderLines(tx, order.id)).map((l) => ({ name: l.name, quantity: l.quantity }));
      return { ...SAMPLE_DATA[template], ...who, lines, isLast: true, orderPagePath: linkSlot('order_status') };
    }
    case 'work_item_handoff': {
      // The order's own lines and answers, as handed to the sample's party.
      const lines = (await getOrderLines(tx, order.id)).map((l) => ({ quantity: l.quantity, sku: l.sku, name: l.name, options: Object.values(l.answers).map((a) => ({ label: a.label, value: a.display })) }));
      return { ...SAMPLE_DATA.work_item_handoff, orderNumber: who.orderNumber, business: who.business, expectedCompletionDate: order.expectedCompletionDate, lines };
    }
    case 'work_item_cancelled':
      return { ...SAMPLE_DATA.work_item_cancelled, orderNumber: who.orderNumber, business: who.business };
    case 'inquiry_answer':
      // No order behind an inquiry: the order's customer and lines, with the sample's question and answer.
      return { ...SAMPLE_DATA.inquiry_answer, customerName: who.customerName, products: (await getOrderLines(tx, order.id)).map((l) => ({ name: l.name })), sender: settings.businessName, business: who.business };
    case 'feedback_request':
      return { ...who, surveyPath: linkSlot('survey') };
    case 'quote_sent':
      // A quote is not an order's: the sample's quote, addressed to this order's customer.
      return { ...SAMPLE_DATA.quote_sent, customerName: who.customerName, business: who.business };
    case 'complete_order':
    case 'complete_order_reminder':
      // A draft: what it misses now; any other order: the sample's lines.
      return { ...SAMPLE_DATA[template], ...who, orderNumber: order.number ?? '', ...(order.status === 'draft' ? { lines: await missingLines(tx, order, settings) } : {}) };
  }
}

async function missingLines(tx: Conn, order: OrderRow, settings: Settings) {
  const draft = order.draftInput ?? {};
  const { answers } = splitProblems((await draftProblems(tx, draft, settings)).problems);
  return completeOrderLines(await questionsOf(tx, draft, answers));
}

export type Preview = { rendered: Rendered | null; problems: TemplateProblem[]; orderNumber: string | null };

export async function previewTemplate(conn: Conn, a: { template: TemplateName; language: Language; source: TemplateSource; orderRef?: string | undefined; publicUrl: string }): Promise<Preview> {
  const problems = templateProblems(a.template, a.language, a.source);
  const order = a.orderRef ? await getOrder(conn, a.orderRef) : undefined;
  if (problems.length) return { rendered: null, problems, orderNumber: order?.number ?? null };
  const data = order ? await dataFromOrder(conn, a.template, order, await getSettings(conn)) : SAMPLE_DATA[a.template];
  const filled = fillLinks(data as unknown as Record<string, unknown>, placeholderPath);
  return { rendered: renderMail(a.template, a.language, filled as never, a.publicUrl, a.source), problems: [], orderNumber: order?.number ?? null };
}
