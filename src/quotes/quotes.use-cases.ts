/**
 * Quotes: prepare one for a customer (the order form's own checks), send it by e-mail
 * with its PDF and a link, withdraw it, and — through the customer's link — accept it,
 * which places an order through the orders' placement path with the quote's prices.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import { createdAtCursor } from '../shared/cursor.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import type { Settings } from '../settings/settings.ts';
import { customerSnapshot, resolveOrderCustomer, type CustomerSnapshot } from '../customers/customers.use-cases.ts';
import { customerLanguage } from '../customers/customer-language.ts';
import { checkPlacement } from '../orders/order-problems.ts';
import { placeOrder } from '../orders/place-order.ts';
import type { PlaceOrderInput } from '../orders/order.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { issueAccessLink, issueQuoteLink, resolveQuoteLink } from '../access/access-links.ts';
import { DAY_MS } from '../access/access-link.ts';
import { render } from '../documents/print-documents.ts';
import { queueMail } from '../notifications/mail.ts';
import { linkSlot, sameAddress } from '../notifications/mail-links.ts';
import { isLanguage, type Language } from '../notifications/i18n.ts';
import { addDays, DEFAULT_VALIDITY_DAYS, formatQuoteNumber, isoDay, QUOTE_SERIES, quoteState, quoteTotals, type CreateQuoteInput, type QuoteLine, type QuoteState, type QuoteStatus } from './quote.ts';
import { inquiryExists, quoteHappened } from '../inquiries/inquiries.use-cases.ts';
import { quoteModel } from './quote-document.ts';
import { takeNumber } from '../shared/number-series.ts';
import { findQuote, insertQuote, listQuotes, markAccepted, updateQuote, type QuoteRow } from './quotes.repository.ts';

export type QuoteView = {
  id: string;
  number: string;
  status: QuoteStatus;
  state: QuoteState;
  customer: CustomerSnapshot;
  delivery: Record<string, unknown>;
  notes: string;
  language: Language | null;
  currency: string;
  lines: QuoteLine[];
  totals: { linesTotalMinor: number; taxTotalMinor: number; deliveryFeeMinor: number; grandTotalMinor: number };
  validUntil: string;
  orderId: string | null;
  orderNumber: string | null;
  inquiryId: string | null;
  createdBy: Actor;
  createdAt: Date;
  sentAt: Date | null;
  acceptedAt: Date | null;
  withdrawnAt: Date | null;
};

const today = () => isoDay(new Date());
const linesOf = (q: QuoteRow) => q.lines as unknown as QuoteLine[];

async function view(conn: Conn, q: QuoteRow): Promise<QuoteView> {
  const order = q.orderId ? await getOrder(conn, q.orderId).catch(() => undefined) : undefined;
  return {
    id: q.id,
    number: q.number,
    status: q.status,
    state: quoteState(q, today()),
    customer: q.customer as CustomerSnapshot,
    delivery: q.delivery,
    notes: q.notes,
    language: isLanguage(q.language) ? q.language : null,
    currency: q.currency,
    lines: linesOf(q),
    totals: { linesTotalMinor: q.linesTotalMinor, taxTotalMinor: q.taxTotalMinor, deliveryFeeMinor: q.deliveryFeeMinor, grandTotalMinor: q.grandTotalMinor },
    validUntil: q.validUntil,
    orderId: q.orderId,
    orderNumber: order?.number ?? null,
    inquiryId: q.inquiryId,
    createdBy: q.createdBy,
    createdAt: q.createdAt,
    sentAt: q.sentAt,
    acceptedAt: q.acceptedAt,
    withdrawnAt: q.withdrawnAt,
  };
}

async function loadQuote(conn: Conn, ref: string, lock = false): Promise<QuoteRow> {
  const q = await findQuote(conn, ref, lock);
  if (!q) throw new AppError('not_found', `There is no quote ${ref}`);
  return q;
}

/** The order form a quote stands for: what creating it checks and accepting it places. */
function orderInput(input: Pick<CreateQuoteInput, 'customer' | 'delivery' | 'notes' | 'language'> & { lines: { productId?: string | undefined; sku?: string | undefined; quantity: number; fields: QuoteLine['fields'] }[] }): PlaceOrderInput {
  return {
    customer: input.customer,
    lines: input.lines.map((l) => ({ ...(l.productId ? { productId: l.productId } : l.sku ? { sku: l.sku } : {}), quantity: l.quantity, fields: l.fields })),
    delivery: input.delivery,
    notes: input.notes,
    // A quote is sent and accepted by e-mail and its link.
    channel: 'email',
    ...(input.language ? { language: input.language } : {}),
  };
}

export async function createQuote(db: Db, input: CreateQuoteInput, actor: Actor, now = new Date()): Promise<QuoteView> {
  const settings = await getSettings(db);
  const { lines, problems, customer } = await checkPlacement(db, orderInput(input), settings);
  input.lines.forEach((l, i) => {
    if (l.agreedUnitPriceMinor !== undefined && !l.agreedPriceReason) problems.push({ pointer: pointer('lines', i, 'agreedPriceReason'), code: 'required', message: 'Say why the price differs from the catalogue (the customer sees it)' });
    if (l.agreedUnitPriceMinor === undefined && l.agreedPriceReason) problems.push({ pointer: pointer('lines', i, 'agreedUnitPriceMinor'), code: 'required', message: 'Enter the agreed unit price, or remove the reason' });
  });
  const validUntil = input.validUntil ?? addDays(isoDay(now), DEFAULT_VALIDITY_DAYS);
  if (validUntil < isoDay(now)) problems.push({ pointer: '/validUntil', code: 'in_past', message: 'The quote must be valid until today or later' });
  if (input.inquiryId && !(await inquiryExists(db, input.inquiryId))) problems.push({ pointer: '/inquiryId', code: 'not_found', message: 'There is no such inquiry' });
  if (problems.length) throw new AppError('validation_failed', `The quote is incomplete: ${problems.length} field${problems.length === 1 ? ' needs' : 's need'} attention`, problems);

  return db.transaction(async (tx) => {
    let snapshot: CustomerSnapshot | undefined = customer ? customerSnapshot(customer) : undefined;
    if (!snapshot) {
      const c = input.customer;
      const resolved = await resolveOrderCustomer(tx, { name: c.name ?? '', email: c.email, phone: c.phone, company: c.company }, settings.defaultCountry, '/customer', 'link');
      if (!resolved.snapshot?.id) throw new AppError('validation_failed', 'The customer details are invalid', resolved.problems);
      snapshot = resolved.snapshot;
    }
    const customerId = snapshot.id;
    if (!customerId) throw new AppError('validation_failed', 'Choose a customer');
    const fee = settings.deliveryFeesMinor[input.delivery.method];
    const priced = lines.map((l) => ({ ...l, unitPriceMinor: input.lines[l.position]?.agreedUnitPriceMinor ?? l.unitPriceMinor }));
    const totals = quoteTotals(priced, fee, settings.deliveryTaxRateBp);
    const quoteLines: QuoteLine[] = priced.map((l, i) => {
      const t = totals.lines[i];
      if (!t) throw new Error('totals out of step with lines');
      const req = input.lines[l.position];
      return {
        position: l.position,
        productId: l.product.id,
        sku: l.product.sku,
        name: l.product.name,
        quantity: l.quantity,
        fields: req?.fields ?? {},
        answers: l.answers,
        catalogUnitPriceMinor: l.product.priceMinor,
        unitPriceMinor: l.unitPriceMinor,
        optionsPriceMinor: l.optionsPriceMinor,
        taxRateBp: l.taxRateBp,
        agreedPriceReason: req?.agreedUnitPriceMinor !== undefined ? (req.agreedPriceReason ?? null) : null,
        ...t,
      };
    });
    const year = now.getUTCFullYear();
    const seq = await takeNumber(tx, QUOTE_SERIES, year);
    const row = await insertQuote(tx, {
      number: formatQuoteNumber(year, seq),
      year,
      seq,
      status: 'draft',
      customerId,
      customerName: snapshot.name,
      customerEmail: snapshot.email,
      customer: snapshot,
      delivery: input.delivery,
      notes: input.notes,
      language: input.language ?? null,
      currency: settings.currency,
      lines: quoteLines as unknown as Record<string, unknown>[],
      linesTotalMinor: totals.linesTotalMinor,
      taxTotalMinor: totals.taxTotalMinor,
      deliveryFeeMinor: totals.deliveryFeeMinor,
      grandTotalMinor: totals.grandTotalMinor,
      validUntil,
      inquiryId: input.inquiryId ?? null,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    });
    return view(tx, row);
  });
}

export async function getQuote(conn: Conn, ref: string): Promise<QuoteView> {
  return view(conn, await loadQuote(conn, ref));
}

export async function findQuotes(conn: Conn, f: { status?: QuoteStatus | undefined; customerId?: string | undefined; inquiryId?: string | undefined; after?: string | undefined; limit: number }) {
  const rows = await listQuotes(conn, { ...f, after: f.after ? createdAtCursor.decode(f.after) : undefined });
  const last = rows.at(-1);
  return { items: await Promise.all(rows.map((r) => view(conn, r))), nextCursor: rows.length === f.limit && last ? createdAtCursor.encode(last) : null };
}

async function quoteLanguage(conn: Conn, q: QuoteRow, settings: Settings): Promise<Language> {
  return customerLanguage(conn, q.customerId, isLanguage(q.language) ? q.language : settings.defaultLanguage);
}

/** Sends (or sends again) a draft or sent quote that is still valid: an e-mail with its PDF and a link to accept it. */
export async function sendQuote(db: Db, ref: string, actor: Actor): Promise<{ quote: QuoteView; mailId: string }> {
  return db.transaction(async (tx) => {
    const q = await loadQuote(tx, ref, true);
    const state = quoteState(q, today());
    if (state !== 'draft' && state !== 'sent') throw new AppError('invalid_transition', `Quote ${q.number} is ${state}: only a draft or sent quote that is still valid can be sent`, [], { state });
    if (!q.customerEmail) throw new AppError('validation_failed', `The customer of quote ${q.number} has no e-mail address`, [{ pointer: '/customer/email', code: 'required', message: "Add the customer's e-mail address first" }]);
    const settings = await getSettings(tx);
    const lines = linesOf(q);
    const mail = await queueMail(
      tx,
      {
        orderId: null,
        template: 'quote_sent',
        language: await quoteLanguage(tx, q, settings),
        to: q.customerEmail,
        toName: q.customerName,
        data: {
          quoteId: q.id,
          quoteNumber: q.number,
          customerName: q.customerName,
          currency: q.currency,
          lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, options: l.answers.map((a) => ({ label: a.label, value: a.display })), totalMinor: l.subtotalMinor })),
          totals: { linesTotalMinor: q.linesTotalMinor, taxTotalMinor: q.taxTotalMinor, deliveryFeeMinor: q.deliveryFeeMinor, grandTotalMinor: q.grandTotalMinor },
          validUntil: q.validUntil,
          business: businessContact(settings),
          quotePagePath: linkSlot('quote'),
        },
      },
      actor,
    );
    const row = await updateQuote(tx, q.id, { status: 'sent', sentAt: new Date() });
    if (q.inquiryId) await quoteHappened(tx, q.inquiryId, 'quote_sent', actor, { quoteId: q.id, quoteNumber: q.number, mailId: mail.id });
    return { quote: await view(tx, row ?? q), mailId: mail.id };
  });
}

/** Withdraws a quote not yet accepted: its link then shows it withdrawn and it cannot be accepted. */
export async function withdrawQuote(db: Db, ref: string): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const q = await loadQuote(tx, ref, true);
    if (q.status === 'accepted') throw new AppError('invalid_transition', `Quote ${q.number} was accepted (order placed): cancel the order instead`, [], { state: 'accepted' });
    if (q.status === 'withdrawn') return view(tx, q);
    const row = await updateQuote(tx, q.id, { status: 'withdrawn', withdrawnAt: new Date() });
    return view(tx, row ?? q);
  });
}

/** The quote's PDF (what the e-mail carries), in the customer's language. */
export async function quotePdf(conn: Conn, ref: string) {
  const q = await loadQuote(conn, ref);
  const settings = await getSettings(conn);
  return render(quoteModel(q, await quoteLanguage(conn, q, settings), businessContact(settings)), 'pdf');
}

// --- the customer's side, through the link ---

export type PublicQuote = {
  number: string;
  state: QuoteState;
  customerName: string;
  currency: string;
  lines: { name: string; sku: string; quantity: number; options: { label: string; value: string }[]; unitPriceMinor: number; subtotalMinor: number; agreedPriceReason: string | null }[];
  totals: QuoteView['totals'];
  validUntil: string;
  business: { name: string; email: string; phone: string };
  language: Language;
  orderNumber: string | null;
};

async function publicView(conn: Conn, q: QuoteRow): Promise<PublicQuote> {
  const settings = await getSettings(conn);
  const order = q.orderId ? await getOrder(conn, q.orderId).catch(() => undefined) : undefined;
  return {
    number: q.number,
    state: quoteState(q, today()),
    customerName: q.customerName,
    currency: q.currency,
    lines: linesOf(q).map((l) => ({ name: l.name, sku: l.sku, quantity: l.quantity, options: l.answers.map((a) => ({ label: a.label, value: a.display })), unitPriceMinor: l.unitPriceMinor + l.optionsPriceMinor, subtotalMinor: l.subtotalMinor, agreedPriceReason: l.agreedPriceReason })),
    totals: { linesTotalMinor: q.linesTotalMinor, taxTotalMinor: q.taxTotalMinor, deliveryFeeMinor: q.deliveryFeeMinor, grandTotalMinor: q.grandTotalMinor },
    validUntil: q.validUntil,
    business: { name: settings.businessName, email: settings.contactEmail, phone: settings.contactPhone },
    language: await quoteLanguage(conn, q, settings),
    orderNumber: order?.number ?? null,
  };
}

export async function quotePageByToken(db: Db, token: string): Promise<PublicQuote> {
  const { quoteId } = await resolveQuoteLink(db, token);
  return publicView(db, await loadQuote(db, quoteId));
}

export type Acceptance = { quote: PublicQuote; orderNumber: string; orderPagePath: string; alreadyAccepted: boolean };

async function accepted(db: Db, q: QuoteRow, alreadyAccepted: boolean): Promise<Acceptance> {
  const orderId = q.orderId;
  if (!orderId) throw new Error('an accepted quote without its order');
  const link = await db.transaction((tx) => issueAccessLink(tx, { orderId, purpose: 'order_status' }));
  const quote = await publicView(db, q);
  return { quote, orderNumber: quote.orderNumber ?? '', orderPagePath: link.path, alreadyAccepted };
}

/** Why a quote can no longer be accepted as it stands: each line's problem, named by its product. */
function changedProblems(q: QuoteRow, problems: FieldProblem[]): FieldProblem[] {
  const lines = linesOf(q);
  return problems.map((p) => {
    const i = /^\/lines\/(\d+)\//.exec(p.pointer)?.[1];
    const line = i === undefined ? undefined : lines[Number(i)];
    return line ? { ...p, message: `${line.name} (line ${Number(i) + 1}): ${p.message}` } : p;
  });
}

/**
 * The customer accepts the quote: an order is placed with its lines, answers and prices
 * (validated again as any order is, stock reserved now), the quote records it. Accepting
 * again answers the same order. Withdrawn or expired: 410. No longer valid as it stands
 * (a product retired, a form changed): 409 listing each line's problem.
 */
export async function acceptQuoteByToken(db: Db, reactions: OrderReactions, token: string): Promise<Acceptance> {
  const { quoteId } = await resolveQuoteLink(db, token);
  const q = await loadQuote(db, quoteId);
  if (q.status === 'accepted') return accepted(db, q, true);
  const state = quoteState(q, today());
  if (state === 'withdrawn') throw new AppError('gone', `Quote ${q.number} was withdrawn and can no longer be accepted. Please contact us for a new quote.`, [], { state });
  if (state === 'expired') throw new AppError('gone', `Quote ${q.number} expired on ${q.validUntil} and can no longer be accepted. Please contact us for a new quote.`, [], { state, validUntil: q.validUntil });
  if (state !== 'sent') throw new AppError('invalid_transition', `Quote ${q.number} has not been sent yet`, [], { state });

  const settings = await getSettings(db);
  const lines = linesOf(q);
  // By product id (a quote's line names the product it was made for), with the answers as typed.
  const input = orderInput({ customer: { id: q.customerId }, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, fields: l.fields })), delivery: q.delivery as PlaceOrderInput['delivery'], notes: q.notes, ...(isLanguage(q.language) ? { language: q.language } : {}) });
  const { problems } = await checkPlacement(db, input, settings);
  if (problems.length) {
    throw new AppError('conflict', `Quote ${q.number} no longer matches what we sell: ${problems.length} thing${problems.length === 1 ? ' has' : 's have'} changed since it was made. Please contact us for an updated quote.`, changedProblems(q, problems), { state, reason: 'quote_changed' });
  }
  const actor: Actor = { kind: 'customer', id: q.customerId, name: q.customerName };
  const linePrices = new Map(lines.map((l) => [l.position, { unitPriceMinor: l.unitPriceMinor, optionsPriceMinor: l.optionsPriceMinor }]));
  let lost = false;
  try {
    const placed = await placeOrder(db, reactions, input, actor, { scope: 'quote', key: q.id, requestHash: q.id }, {
      customerMatch: 'link',
      linePrices,
      inTransaction: async (tx, order) => {
        const marked = await markAccepted(tx, q.id, order.id);
        if (!marked) {
          lost = true;
          throw new AppError('conflict', `Quote ${q.number} was accepted or withdrawn meanwhile`);
        }
        const agreed = lines.filter((l) => l.agreedPriceReason).map((l) => ({ position: l.position, name: l.name, unitPriceMinor: l.unitPriceMinor, catalogUnitPriceMinor: l.catalogUnitPriceMinor, reason: l.agreedPriceReason }));
        await recordOrderEvent(tx, order.id, 'quote_accepted', actor, { quoteId: q.id, quoteNumber: q.number, agreedPrices: agreed });
        if (q.inquiryId) await quoteHappened(tx, q.inquiryId, 'quote_accepted', actor, { quoteId: q.id, quoteNumber: q.number, orderId: order.id, orderNumber: order.number });
      },
    });
    lost = placed.replayed;
  } catch (e) {
    if (!(e instanceof AppError) || !lost) throw e;
  }
  const now = await loadQuote(db, q.id);
  if (now.status === 'accepted') return accepted(db, now, lost);
  throw new AppError('gone', `Quote ${q.number} was withdrawn and can no longer be accepted`, [], { state: quoteState(now, today()) });
}

/** When a quote's link stops working: a month after its last valid day (so an expired quote still says so). */
export const quoteLinkExpiry = (validUntil: string): Date => new Date(Date.parse(`${validUntil}T00:00:00Z`) + 31 * DAY_MS);

/** A fresh link to a quote's page, for a message going to the quote's own customer address (else none). */
export async function issueLinkForQuote(tx: Conn, quoteId: string, toAddress: string) {
  const q = await findQuote(tx, quoteId);
  if (!q || !sameAddress(q.customerEmail, toAddress)) return null;
  return issueQuoteLink(tx, { quoteId, expiresAt: quoteLinkExpiry(q.validUntil) });
}
