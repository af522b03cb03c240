/**
 * Placing an order: validate the whole form (every problem at once), find or
 * create the customer, reserve stock, take a number, and record the order, its
 * lines with frozen prices and its first timeline event — in one transaction,
 * or none of it. Submitting a draft
 * (submit-draft.ts) runs the same write path (placement.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import { cachedSettings, seedSettings } from '../settings/settings.use-cases.ts';
import { ORDER_NUMBER_DIGITS, orderNumberPrefix } from '../settings/settings.ts';
import { customerSnapshot, resolveOrderCustomer, type CustomerMatch, type CustomerSnapshot } from '../customers/customers.use-cases.ts';
import type { PlaceOrderInput } from './order.ts';
import { findIdempotencyKey, findLines, findOrder, insertIdempotencyKey, insertPlacedOrder, type OrderRow } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';
import { lineRows, orderColumns, prepare, reserve, searchText, type Prepared } from './placement.ts';

export type Idempotency = { scope: string; key: string; requestHash: string };

/**
 * How a channel's placement differs: `customerMatch` (see CustomerMatch), and a
 * step that runs in the placement's transaction once the order is recorded (the
 * storefront's per-address limit); if it throws, nothing is placed.
 */
export type PlacementOptions = {
  customerMatch?: CustomerMatch;
  inTransaction?: (tx: Conn, order: OrderRow) => Promise<void>;
  /**
   * Prices agreed beforehand (an accepted quote), by line position: the line is charged
   * these instead of the catalogue's current prices. Everything else is checked as usual.
   */
  linePrices?: ReadonlyMap<number, { unitPriceMinor: number; optionsPriceMinor: number }>;
};

function withPrices(p: Prepared, prices: PlacementOptions['linePrices']): Prepared {
  if (!prices) return p;
  return { ...p, lines: p.lines.map((l) => ({ ...l, ...(prices.get(l.position) ?? {}) })) };
}

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
      const prepared = withPrices(await prepare(tx, input, settings), opts.linePrices);
      const orderId = randomUUID();
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
      // Stock last before the order itself: its rows stay locked from here to the commit, so the shorter the better.
      const allocation = await reserve(tx, prepared.lines, orderId, actor);
      const now = new Date();
      const { totals, columns } = await orderColumns(tx, prepared, allocation, snapshot, settings, now);
      const lines = lineRows(orderId, prepared.lines, allocation, totals);
      const row = await insertPlacedOrder(tx, {
        order: { id: orderId, status: 'placed', channel: input.channel, createdBy: actor, placedAt: now, createdAt: now, updatedAt: now, ...columns, suggestedCustomerId },
        numberPrefix: orderNumberPrefix(settings, now),
        numberDigits: ORDER_NUMBER_DIGITS,
        searchText: searchText(null, snapshot),
        lines,
        event: { type: 'placed', actor, channel: input.channel, toStatus: 'placed', data: { grandTotalMinor: totals.grandTotalMinor } },
      });
      await reactions.emit({ type: 'placed', from: 'new', order: row, lines, actor }, tx);
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
