/**
 * Placing an order: validate the whole form (every problem at once), find or
 * create the customer, reserve stock, take a number, and record the order, its
 * lines with frozen prices and its first timeline event — in one transaction,
 * or none of it. Submitting a draft runs the same path.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../shared/sql.ts';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, pointer, zodProblems, type FieldProblem } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import { cachedSettings, getSettings, seedSettings } from '../settings/settings.service.ts';
import type { Settings } from '../settings/settings.ts';
import { formatOrderNumber, ORDER_NUMBER_DIGITS, orderNumberPrefix } from '../settings/settings.ts';
import { customerSnapshot, getCustomer, resolveOrderCustomer, type CustomerMatch, type CustomerSnapshot } from '../customers/customers.use-cases.ts';
import { normalisePhone, type Customer } from '../customers/customer.ts';
import { reserveStock } from '../inventory/stock.ts';
import { buildLines, type BuiltLine, type LineRequest } from './build-lines.ts';
import type { z } from 'zod';
import { computeTotals, deliveryInputSchema, expectedCompletion, placeOrderInputSchema, totalProblems, type DeliveryInput, type OrderLineInput, type PlaceOrderInput } from './order.ts';
import { appendEvent, findIdempotencyKey, findLines, findOrder, insertIdempotencyKey, insertLines, insertPlacedOrder, updateOrderIf, type OrderLineRow, type OrderRow } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';

/** A placement that passed every check; `customer` is the existing customer it names by id. */
type Prepared = { lines: BuiltLine[]; input: PlaceOrderInput; customer: Customer | undefined };

/** Every problem with a placement that can be known without writing anything. */
export async function checkPlacement(conn: Conn, input: PlaceOrderInput, settings: Settings): Promise<{ lines: BuiltLine[]; problems: FieldProblem[]; customer?: Customer | undefined }> {
  const { lines, problems } = await buildLines(conn, input.lines, settings.currency);
  problems.push(...deliveryProblems(input.delivery));
  const c = input.customer;
  let customer: Customer | undefined;
  if (c.id) {
    customer = await getCustomer(conn, c.id).catch(() => undefined);
    if (!customer) problems.push({ pointer: '/customer/id', code: 'not_found', message: 'No customer with this id' });
  } else if (c.phone && !normalisePhone(c.phone, settings.defaultCountry)) {
    problems.push({ pointer: '/customer/phone', code: 'invalid_phone', message: `"${c.phone}" is not a phone number we can read; include the country code` });
  }
  problems.push(...totalProblems(lines, settings.deliveryFeesMinor[input.delivery.method], settings.deliveryTaxRateBp, settings.currency));
  return { lines, problems, customer };
}

function deliveryProblems(d: DeliveryInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ((d.method === 'shipping' || d.method === 'local_delivery') && !d.address) {
    problems.push({ pointer: '/delivery/address', code: 'required', message: `Enter the address for ${d.method === 'shipping' ? 'shipping' : 'local delivery'}` });
  }
  if (d.requestedDate && d.requestedDate < new Date().toISOString().slice(0, 10)) {
    problems.push({ pointer: '/delivery/requestedDate', code: 'in_past', message: 'The requested date is in the past' });
  }
  return problems;
}

async function prepare(conn: Conn, input: PlaceOrderInput, settings: Settings): Promise<Prepared> {
  const { lines, problems, customer } = await checkPlacement(conn, input, settings);
  if (problems.length) {
    throw new AppError('validation_failed', `The order is incomplete: ${problems.length} field${problems.length === 1 ? ' needs' : 's need'} attention`, problems);
  }
  return { lines, input, customer };
}

async function reserve(tx: Conn, lines: BuiltLine[], orderId: string, actor: Actor) {
  const stocked = lines.filter((l) => l.product.fulfilmentMode === 'stock');
  const grants = await reserveStock(
    tx,
    stocked.map((l) => ({ productId: l.product.id, quantity: l.quantity, allowBackorder: l.product.allowBackorder })),
    orderId,
    actor,
  );
  const left = new Map([...grants.values()].map((g) => [g.productId, g.granted]));
  const problems: FieldProblem[] = [];
  const allocation = new Map<number, { reserved: number; backordered: number }>();
  for (const l of stocked) {
    const g = grants.get(l.product.id);
    const have = left.get(l.product.id) ?? 0;
    const reserved = Math.min(have, l.quantity);
    left.set(l.product.id, have - reserved);
    if (reserved < l.quantity && !l.product.allowBackorder) {
      const available = g?.availableAfter ?? 0;
      problems.push({
        pointer: pointer('lines', l.position, 'quantity'),
        code: 'out_of_stock',
        message: available > 0 ? `Only ${available} ${l.product.name} left` : `${l.product.name} is out of stock`,
      });
    }
    allocation.set(l.position, { reserved, backordered: l.quantity - reserved });
  }
  if (problems.length) throw new AppError('out_of_stock', 'Not enough stock for this order', problems);
  return allocation;
}

/** The order's line rows as they are stored (with their ids, so they need not be read back). */
function lineRows(orderId: string, lines: BuiltLine[], allocation: Map<number, { reserved: number; backordered: number }>, totals: ReturnType<typeof computeTotals>): OrderLineRow[] {
  return lines.map((l, i) => {
    const t = totals.lines[i];
    if (!t) throw new Error('totals out of step with lines');
    const a = allocation.get(l.position) ?? { reserved: 0, backordered: 0 };
    return {
      id: randomUUID(),
      orderId,
      position: l.position,
      productId: l.product.id,
      sku: l.product.sku,
      name: l.product.name,
      fulfilmentMode: l.product.fulfilmentMode,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      optionsPriceMinor: l.optionsPriceMinor,
      taxRateBp: l.taxRateBp,
      subtotalMinor: t.subtotalMinor,
      taxMinor: t.taxMinor,
      totalMinor: t.totalMinor,
      answers: Object.fromEntries(l.answers.map((a) => [a.key, a])),
      reservedQty: a.reserved,
      backorderedQty: a.backordered,
    };
  });
}

/** The order's columns that follow from a prepared placement (customer, delivery, totals, dates). */
function orderColumns(p: Prepared, customer: CustomerSnapshot, settings: Settings, now: Date) {
  const fee = settings.deliveryFeesMinor[p.input.delivery.method];
  const totals = computeTotals(p.lines, fee, settings.deliveryTaxRateBp);
  const leadTimes = p.lines.map((l) => l.product.leadTimeDays);
  return {
    totals,
    columns: {
      customerId: customer.id,
      customerName: customer.name,
      customerEmail: customer.email,
      customer,
      delivery: p.input.delivery,
      notes: p.input.notes,
      currency: settings.currency,
      linesTotalMinor: totals.linesTotalMinor,
      optionsTotalMinor: totals.optionsTotalMinor,
      taxTotalMinor: totals.taxTotalMinor,
      deliveryFeeMinor: totals.deliveryFeeMinor,
      grandTotalMinor: totals.grandTotalMinor,
      expectedCompletionDate: expectedCompletion(now, leadTimes, p.input.delivery.requestedDate),
    },
  };
}

const searchText = (number: string | null, c: CustomerSnapshot) => [number, c.name, c.email, c.phone, c.company].filter(Boolean).join(' ').toLowerCase();

export type Idempotency = { scope: string; key: string; requestHash: string };

/**
 * How a channel's placement differs: `customerMatch` (see CustomerMatch), and a
 * step that runs in the placement's transaction once the order is recorded (the
 * storefront's per-address limit); if it throws, nothing is placed.
 */
export type PlacementOptions = { customerMatch?: CustomerMatch; inTransaction?: (tx: Conn, order: OrderRow) => Promise<void> };

async function replay(db: Db, reactions: OrderReactions, idem: Idempotency): Promise<OrderView | undefined> {
  const existing = await findIdempotencyKey(db, idem.scope, idem.key);
  if (!existing) return undefined;
  if (existing.requestHash !== idem.requestHash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different order; use a new key for a new order', [
      { pointer: 'Idempotency-Key', code: 'reused', message: 'Already used with another request body' },
    ]);
  }
  const order = existing.orderId ? await findOrder(db, existing.orderId) : undefined;
  if (!order) return undefined;
  return presentOrder(db, reactions, order, await findLines(db, order.id));
}

export async function placeOrder(db: Db, reactions: OrderReactions, input: PlaceOrderInput, actor: Actor, idem?: Idempotency, opts: PlacementOptions = {}): Promise<{ order: OrderView; replayed: boolean }> {
  if (idem) {
    const earlier = await replay(db, reactions, idem);
    if (earlier) return { order: earlier, replayed: true };
  }
  try {
    const settings = await cachedSettings(db);
    const order = await db.transaction(async (tx) => {
      seedSettings(tx, settings);
      const prepared = await prepare(tx, input, settings);
      const orderId = randomUUID();
      const allocation = await reserve(tx, prepared.lines, orderId, actor);
      let snapshot: CustomerSnapshot | undefined;
      let suggestedCustomerId: string | null = null;
      if (prepared.customer) {
        snapshot = customerSnapshot(prepared.customer);
      } else {
        const c = input.customer;
        const resolved = await resolveOrderCustomer(tx, { name: c.name ?? '', email: c.email, phone: c.phone, company: c.company }, settings.defaultCountry, '/customer', opts.customerMatch);
        if (!resolved.snapshot) throw new AppError('validation_failed', 'The customer details are invalid', resolved.problems);
        snapshot = resolved.snapshot;
        suggestedCustomerId = resolved.suggestedCustomerId ?? null;
      }
      const now = new Date();
      const { totals, columns } = orderColumns(prepared, snapshot, settings, now);
      const lines = lineRows(orderId, prepared.lines, allocation, totals);
      const row = await insertPlacedOrder(tx, {
        order: { id: orderId, status: 'placed', channel: input.channel, createdBy: actor, placedAt: now, createdAt: now, updatedAt: now, ...columns, suggestedCustomerId },
        numberPrefix: orderNumberPrefix(settings, now),
        numberDigits: ORDER_NUMBER_DIGITS,
        searchText: searchText(null, snapshot),
        lines,
        event: { type: 'placed', actor, channel: input.channel, toStatus: 'placed', data: { grandTotalMinor: totals.grandTotalMinor } },
      });
      await reactions.emit({ type: 'placed', from: 'new', order: row, actor }, tx);
      await opts.inTransaction?.(tx, row);
      if (idem) await insertIdempotencyKey(tx, { ...idem, orderId });
      return presentOrder(tx, reactions, row, lines);
    });
    return { order, replayed: false };
  } catch (e) {
    if (idem && isUniqueViolation(e)) {
      // A concurrent request with the same key won; answer with its order.
      const earlier = await replay(db, reactions, idem);
      if (earlier) return { order: earlier, replayed: true };
    }
    throw e;
  }
}

/**
 * Submits a draft: the stored draft goes through the full placement checks; if
 * anything is missing the draft stays as it is and every problem is reported.
 */
export async function submitDraft(db: Db, reactions: OrderReactions, orderId: string, actor: Actor, expectedVersion?: number): Promise<OrderView> {
  return db.transaction(async (tx) => {
    const draft = await findOrder(tx, orderId, true);
    if (!draft) throw new AppError('not_found', 'The order was not found');
    if (draft.status !== 'draft') throw new AppError('invalid_transition', `The order is already ${draft.status}; only a draft can be submitted`);
    if (expectedVersion !== undefined && expectedVersion !== draft.version) throw new AppError('version_mismatch', `The draft changed since version ${expectedVersion}`);
    const settings = await getSettings(tx);
    seedSettings(tx, settings);
    const parsed = placeOrderInputSchema.safeParse(draft.draftInput ?? {});
    if (!parsed.success) {
      const { problems } = await draftProblems(tx, draft.draftInput ?? {}, settings);
      throw new AppError('validation_failed', 'The draft is incomplete', problems);
    }
    const prepared = await prepare(tx, parsed.data, settings);
    const allocation = await reserve(tx, prepared.lines, orderId, actor);
    const c = parsed.data.customer;
    const { snapshot, problems } = await resolveOrderCustomer(tx, c.id ? { id: c.id } : { name: c.name ?? '', email: c.email, phone: c.phone, company: c.company }, settings.defaultCountry, '/customer');
    if (!snapshot) throw new AppError('validation_failed', 'The customer details are invalid', problems);
    const now = new Date();
    const { totals, columns } = orderColumns(prepared, snapshot, settings, now);
    const number = await nextNumber(tx, settings, now);
    const row = await updateOrderIf(tx, orderId, { status: 'draft', version: draft.version }, {
      ...columns,
      number,
      status: 'placed',
      placedAt: now,
      draftInput: null,
      searchText: searchText(number, snapshot),
    });
    if (!row) throw new AppError('conflict', 'The draft was changed by someone else; reload it');
    await insertLines(tx, lineRows(orderId, prepared.lines, allocation, totals));
    await appendEvent(tx, { orderId, type: 'placed', actor, channel: draft.channel, fromStatus: 'draft', toStatus: 'placed', data: { number, grandTotalMinor: totals.grandTotalMinor } });
    await reactions.emit({ type: 'placed', from: 'draft', order: row, actor }, tx);
    return presentOrder(tx, reactions, row, await findLines(tx, orderId));
  });
}

async function nextNumber(tx: Conn, settings: Settings, now: Date): Promise<string> {
  const [r] = await rows<{ v: string | number }>(tx, sql`select nextval('order_number_seq') as v`);
  return formatOrderNumber(settings, Number(r?.v), now);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of raw, possibly malformed lines that are safe to look up. */
function readableLines(raw: unknown): LineRequest[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, 200).map((l) => {
    if (!isRecord(l)) return {};
    return {
      productId: typeof l.productId === 'string' && UUID.test(l.productId) ? l.productId : undefined,
      sku: typeof l.sku === 'string' && l.sku.length <= 64 ? l.sku : undefined,
      quantity: Number.isInteger(l.quantity) && (l.quantity as number) > 0 ? (l.quantity as number) : undefined,
      fields: isRecord(l.fields) ? l.fields : undefined,
    };
  });
}

/**
 * Every problem with an order form, even one that does not have the right shape:
 * the schema's complaints plus the product forms', stock-free checks of each line
 * and the delivery. Drafts use it for `missing`; placement uses it so a form with a
 * missing e-mail also hears about the missing fabric, all at once.
 */
export async function collectOrderProblems(
  conn: Conn,
  raw: unknown,
  settings: Settings,
  schema: z.ZodType<PlaceOrderInput> = placeOrderInputSchema,
): Promise<{ problems: FieldProblem[] }> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return checkPlacement(conn, parsed.data, settings);
  const problems: FieldProblem[] = zodProblems(parsed.error.issues);
  const body = isRecord(raw) ? raw : {};
  const more = (await buildLines(conn, readableLines(body.lines), settings.currency)).problems;
  const delivery = deliveryInputSchema.safeParse(body.delivery);
  if (delivery.success) more.push(...deliveryProblems(delivery.data));
  const seen = new Set(problems.map((p) => p.pointer));
  for (const p of more) {
    // A line the schema already faulted (e.g. no quantity) is not reported twice.
    if (!seen.has(p.pointer) && !(p.code === 'required' && seen.has(p.pointer.replace(/\/sku$/, '')))) problems.push(p);
  }
  return { problems };
}

export const draftProblems = (conn: Conn, draft: Record<string, unknown>, settings: Settings) => collectOrderProblems(conn, draft, settings);

/**
 * For an edit of a placed order: validates and reserves new lines (when given),
 * recomputes totals with the delivery as it now is, and returns the order
 * columns to store. The old lines' reservations must already be released.
 */
export async function rebuildLines(
  tx: Conn,
  a: { orderId: string; lines: OrderLineInput[] | null; delivery: DeliveryInput; settings: Settings; actor: Actor; placedAt: Date },
) {
  const problems = deliveryProblems(a.delivery);
  let priced: { quantity: number; unitPriceMinor: number; optionsPriceMinor: number; taxRateBp: number }[];
  let leadTimes: number[];
  if (a.lines) {
    const built = await buildLines(tx, a.lines, a.settings.currency);
    const fee = a.settings.deliveryFeesMinor[a.delivery.method];
    problems.push(...built.problems, ...totalProblems(built.lines, fee, a.settings.deliveryTaxRateBp, a.settings.currency));
    if (problems.length) throw new AppError('validation_failed', 'The change is incomplete', problems);
    const allocation = await reserve(tx, built.lines, a.orderId, a.actor);
    const totals = computeTotals(built.lines, fee, a.settings.deliveryTaxRateBp);
    await insertLines(tx, lineRows(a.orderId, built.lines, allocation, totals));
    priced = built.lines;
    leadTimes = built.lines.map((l) => l.product.leadTimeDays);
  } else {
    priced = await findLines(tx, a.orderId);
    problems.push(...totalProblems(priced, a.settings.deliveryFeesMinor[a.delivery.method], a.settings.deliveryTaxRateBp, a.settings.currency));
    if (problems.length) throw new AppError('validation_failed', 'The change is incomplete', problems);
    leadTimes = [];
  }
  const totals = computeTotals(priced, a.settings.deliveryFeesMinor[a.delivery.method], a.settings.deliveryTaxRateBp);
  return {
    delivery: a.delivery,
    linesTotalMinor: totals.linesTotalMinor,
    optionsTotalMinor: totals.optionsTotalMinor,
    taxTotalMinor: totals.taxTotalMinor,
    deliveryFeeMinor: totals.deliveryFeeMinor,
    grandTotalMinor: totals.grandTotalMinor,
    ...(a.lines ? { expectedCompletionDate: expectedCompletion(a.placedAt, leadTimes, a.delivery.requestedDate) } : {}),
  };
}
