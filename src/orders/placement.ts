/**
 * The write path placing an order and submitting a draft share: check everything
 * (or refuse with every problem), reserve stock, and the order's line rows and
 * columns as they are stored. Used inside the caller's transaction.
 */
import { foldForSearch } from '../shared/search-text.ts';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import type { Settings } from '../settings/settings.ts';
import type { CustomerSnapshot } from '../customers/customers.use-cases.ts';
import type { Customer } from '../customers/customer.ts';
import { reserveStock } from '../inventory/stock.ts';
import type { BuiltLine } from './build-lines.ts';
import { computeTotals, type PlaceOrderInput } from './order.ts';
import { completionDate } from './completion.ts';
import type { OrderLineRow } from './orders.repository.ts';
import { checkPlacement } from './order-problems.ts';

/** A placement that passed every check; `customer` is the existing customer it names by id. */
export type Prepared = { lines: BuiltLine[]; input: PlaceOrderInput; customer: Customer | undefined };

export async function prepare(conn: Conn, input: PlaceOrderInput, settings: Settings): Promise<Prepared> {
  const { lines, problems, customer } = await checkPlacement(conn, input, settings);
  if (problems.length) {
    throw new AppError('validation_failed', `The order is incomplete: ${problems.length} field${problems.length === 1 ? ' needs' : 's need'} attention`, problems);
  }
  return { lines, input, customer };
}

/** Per line position: units reserved from stock and units back-ordered. */
export type Allocation = Map<number, { reserved: number; backordered: number }>;

export async function reserve(tx: Conn, lines: BuiltLine[], orderId: string, actor: Actor): Promise<Allocation> {
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
export function lineRows(orderId: string, lines: BuiltLine[], allocation: Map<number, { reserved: number; backordered: number }>, totals: ReturnType<typeof computeTotals>): OrderLineRow[] {
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
export async function orderColumns(tx: Conn, p: Prepared, allocation: Allocation, customer: CustomerSnapshot, settings: Settings, now: Date) {
  const fee = settings.deliveryFeesMinor[p.input.delivery.method];
  const totals = computeTotals(p.lines, fee, settings.deliveryTaxRateBp);
  const expectedCompletionDate = await completionDate(tx, p.lines, allocation, settings, now, p.input.delivery.requestedDate);
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
      expectedCompletionDate,
      language: p.input.language ?? null,
    },
  };
}

export const searchText = (number: string | null, c: CustomerSnapshot) => foldForSearch([number, c.name, c.email, c.phone, c.company].filter(Boolean).join(' '));
