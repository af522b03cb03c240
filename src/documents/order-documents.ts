/**
 * The documents printed from an order: the pick list (warehouse), the delivery note
 * (with the goods) and the purchase / production order (a supplier or manufacturer),
 * each built as a document model from the order and the lines it covers. Pure.
 *
 * The seams: a caller decides which lines a document covers — a shipment's lines and
 * quantities for a delivery note, one party's lines for a purchase order — and passes
 * them as `DocumentLine`s with the party or shipment it is for.
 */
import type { Address } from '../shared/address.ts';
import type { OrderLineRow, OrderRow } from '../orders/order-facts.ts';
import { longDate, type Language } from '../notifications/i18n.ts';
import type { Settings } from '../settings/settings.ts';
import type { DocumentModel, DocumentRow } from './document-model.ts';
import { DOCUMENT_WORDS } from './document-words.ts';

/** A line a document covers, and how many of it (a shipment may carry part of a line). */
export type DocumentLine = { line: OrderLineRow; quantity: number };
/** Who a purchase order goes to (a supplier or manufacturer party). */
export type DocumentParty = { name: string; email?: string | null | undefined; phone?: string | null | undefined; address?: string | null | undefined };
/** What a delivery note says about the shipment it goes with. */
export type DocumentShipment = { reference?: string | undefined; carrier?: string | undefined; trackingNumber?: string | undefined };

export const addressLines = (a: Address | null | undefined): string[] =>
  a ? [a.name, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter((x): x is string => Boolean(x)) : [];

export const answerLines = (line: Pick<OrderLineRow, 'answers'>): string[] => Object.values(line.answers).map((a) => `${a.label}: ${a.display}`);

type Delivery = { method?: 'shipping' | 'pickup' | 'local_delivery'; address?: Address; instructions?: string; requestedDate?: string };
type CustomerSnap = { name?: string; phone?: string | null; email?: string | null; company?: string | null };

const orderNumber = (o: OrderRow) => o.number ?? o.id;

function common(order: OrderRow, settings: Settings, lang: Language) {
  const w = DOCUMENT_WORDS[lang];
  const delivery = (order.delivery ?? {}) as Delivery;
  const customer = (order.customer ?? {}) as CustomerSnap;
  const deliverTo = {
    heading: w.deliverTo,
    lines: [
      ...(delivery.method ? [w.method[delivery.method]] : []),
      customer.company ?? '',
      order.customerName ?? customer.name ?? '',
      ...addressLines(delivery.address),
      customer.phone ?? '',
    ].filter(Boolean),
  };
  const meta: [string, string][] = [[w.order, orderNumber(order)]];
  if (order.placedAt) meta.push([w.orderDate, longDate(lang, order.placedAt.toISOString())]);
  if (order.expectedCompletionDate) meta.push([w.dueDate, longDate(lang, order.expectedCompletionDate)]);
  const instructions = delivery.instructions ? [{ heading: w.instructions, lines: [delivery.instructions] }] : [];
  return { w, delivery, deliverTo, meta, instructions, issuer: settings.businessName, from: { heading: w.from, lines: [settings.businessName, settings.address, settings.contactPhone, settings.contactEmail].filter(Boolean) } };
}

const row = (l: DocumentLine, extra: string[] = []): DocumentRow => ({ cells: [l.line.sku, l.line.name, String(l.quantity), ...extra], details: answerLines(l.line) });

/** The warehouse's pick list: the stock lines, their quantities and answers, where they go and by when. */
export function pickListModel(order: OrderRow, lines: readonly DocumentLine[], settings: Settings, lang: Language): DocumentModel {
  const c = common(order, settings, lang);
  const w = c.w;
  return {
    language: lang,
    title: w.title.pickList,
    issuer: c.issuer,
    meta: c.meta,
    blocks: [c.deliverTo],
    intro: [],
    columns: [
      { label: w.sku, align: 'left', width: 2 },
      { label: w.item, align: 'left', width: 6 },
      { label: w.quantity, align: 'right', width: 1 },
      { label: w.picked, align: 'right', width: 1.2 },
    ],
    rows: lines.length
      ? lines.map((l) => {
          const r = row(l, ['☐']);
          return l.line.backorderedQty > 0 ? { ...r, details: [...r.details, w.backordered(l.line.backorderedQty)] } : r;
        })
      : [{ cells: ['', w.noLines, '', ''], details: [] }],
    totals: [],
    footer: [...c.instructions, ...(order.notes ? [{ heading: w.notes, lines: [order.notes] }] : [])],
    fileName: `pick-list-${orderNumber(order)}`,
  };
}

/** The delivery note that goes with the goods: no prices. */
export function deliveryNoteModel(order: OrderRow, lines: readonly DocumentLine[], settings: Settings, lang: Language, shipment?: DocumentShipment): DocumentModel {
  const c = common(order, settings, lang);
  const w = c.w;
  const meta: [string, string][] = [...c.meta];
  if (shipment?.carrier) meta.push([w.carrier, shipment.carrier]);
  if (shipment?.trackingNumber) meta.push([w.tracking, shipment.trackingNumber]);
  return {
    language: lang,
    title: w.title.deliveryNote,
    issuer: c.issuer,
    meta,
    blocks: [c.from, c.deliverTo],
    intro: [],
    columns: [
      { label: w.sku, align: 'left', width: 2 },
      { label: w.item, align: 'left', width: 7 },
      { label: w.quantity, align: 'right', width: 1 },
    ],
    rows: lines.length ? lines.map((l) => row(l)) : [{ cells: ['', w.noLines, ''], details: [] }],
    totals: [],
    footer: [...c.instructions, { heading: w.receivedBy, lines: ['', '______________________________________'] }],
    fileName: `delivery-note-${orderNumber(order)}${shipment?.reference ? `-${shipment.reference}` : ''}`,
  };
}

/** The purchase / production order to a supplier or manufacturer: its lines with every answer, so it makes exactly what was ordered. No sale prices. */
export function purchaseOrderModel(order: OrderRow, lines: readonly DocumentLine[], settings: Settings, lang: Language, party?: DocumentParty): DocumentModel {
  const c = common(order, settings, lang);
  const w = c.w;
  const to = party ? [{ heading: w.supplier, lines: [party.name, party.address ?? '', party.phone ?? '', party.email ?? ''].filter(Boolean) }] : [];
  return {
    language: lang,
    title: w.title.purchaseOrder,
    issuer: c.issuer,
    meta: c.meta,
    blocks: [c.from, ...to, c.deliverTo],
    intro: [w.makeExactly],
    columns: [
      { label: w.sku, align: 'left', width: 2 },
      { label: w.item, align: 'left', width: 7 },
      { label: w.quantity, align: 'right', width: 1 },
    ],
    rows: lines.length ? lines.map((l) => row(l)) : [{ cells: ['', w.noLines, ''], details: [] }],
    totals: [],
    footer: c.instructions,
    fileName: `purchase-order-${orderNumber(order)}`,
  };
}
