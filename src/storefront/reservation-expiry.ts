/**
 * Storefront reservations expire: an unconfirmed web order (placed or verified,
 * not yet accepted by staff) that holds stock and has no money pending,
 * authorised or received is cancelled `reservationHoldHours` after it was placed,
 * through the normal cancel path (lifecycle move and stock release in one
 * transaction, the move conditional on the status it was in), with the reason on
 * its timeline. Each order is claimed with FOR UPDATE SKIP LOCKED, so several app
 * processes may sweep at once and none cancels an order twice or waits on
 * another. The owner sees the open reservations and can release one by hand.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { getOrder } from '../orders/order-facts.ts';
import { transitionOrderIn } from '../orders/transition-order.ts';
import { listWebReservations, lockNextStaleWebOrder, UNCONFIRMED } from '../orders/web-reservations.repository.ts';
import type { OrderView } from '../orders/order-view.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import type { OrderStatus } from '../orders/lifecycle.ts';
import { ordersWithMoneyIn } from '../payments/money-in.ts';

const HOUR_MS = 3_600_000;
export const EXPIRY_ACTOR: Actor = { kind: 'system', name: 'reservation-expiry' };

export type SweepResult = { expired: { id: string; number: string | null }[]; failed: { id: string; error: string }[] };

/**
 * Cancels every expired storefront reservation (at most `max` per call). `now` is
 * the clock. An order that cannot be cancelled (its cancel throws) is reported in
 * `failed` and skipped, so it cannot stall the sweep behind it.
 */
export async function expireReservations(db: Db, reactions: OrderReactions, now: Date = new Date(), max = 500): Promise<SweepResult> {
  const hold = (await getSettings(db)).storefront.reservationHoldHours;
  const placedBefore = new Date(now.getTime() - hold * HOUR_MS);
  const skip: string[] = [];
  const result: SweepResult = { expired: [], failed: [] };
  while (result.expired.length + result.failed.length < max) {
    let current: string | undefined;
    try {
      const step = await db.transaction(async (tx) => {
        const order = await lockNextStaleWebOrder(tx, placedBefore, skip);
        if (!order) return 'done' as const;
        current = order.id;
        if ((await ordersWithMoneyIn(tx, [order.id])).size > 0) return { paid: order.id };
        await transitionOrderIn(
          tx,
          reactions,
          order.id,
          {
            command: 'cancel',
            reason: `Not paid or confirmed within ${hold} hours of being placed online: the reservation expired and the stock was released`,
            data: { expired: true, reservationHoldHours: hold },
          },
          EXPIRY_ACTOR,
        );
        return { id: order.id, number: order.number };
      });
      if (step === 'done') break;
      if ('paid' in step) skip.push(step.paid);
      else result.expired.push(step);
    } catch (e) {
      if (!current) throw e;
      skip.push(current);
      result.failed.push({ id: current, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

export type ReservationView = {
  orderId: string;
  number: string | null;
  status: OrderStatus;
  customerName: string | null;
  customerEmail: string | null;
  currency: string;
  grandTotalMinor: number;
  placedAt: Date | null;
  expiresAt: Date | null;
  lines: { sku: string; name: string; reservedQty: number }[];
};

/** Open storefront reservations with no money in: what an unpaying shopper holds, and when it lapses. */
export async function listReservations(db: Db, limit: number, after?: { placedAt: Date; id: string }): Promise<{ items: ReservationView[]; next: { placedAt: Date; id: string } | null }> {
  const hold = (await getSettings(db)).storefront.reservationHoldHours;
  const rows = await listWebReservations(db, limit, after);
  const paid = await ordersWithMoneyIn(db, rows.map((r) => r.id));
  const items = rows
    .filter((r) => !paid.has(r.id))
    .map((r) => ({
      orderId: r.id,
      number: r.number,
      status: r.status,
      customerName: r.customerName,
      customerEmail: r.customerEmail,
      currency: r.currency,
      grandTotalMinor: r.grandTotalMinor,
      placedAt: r.placedAt,
      expiresAt: r.placedAt ? new Date(r.placedAt.getTime() + hold * HOUR_MS) : null,
      lines: r.lines,
    }));
  const last = rows.at(-1);
  return { items, next: rows.length === limit && last?.placedAt ? { placedAt: last.placedAt, id: last.id } : null };
}

/** The owner releases a storefront reservation now: the order is cancelled with their reason and its stock freed. */
export async function releaseReservation(db: Db, reactions: OrderReactions, orderRef: string, reason: string, actor: Actor): Promise<OrderView> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef, true);
    if (order.channel !== 'web' || !UNCONFIRMED.includes(order.status)) {
      throw new AppError('invalid_transition', `Only an unconfirmed storefront order is released here; this one is a ${order.channel} order, ${order.status}. Cancel it from the order instead.`, [], { status: order.status });
    }
    return transitionOrderIn(tx, reactions, order.id, { command: 'cancel', reason, data: { released: true } }, actor);
  });
}
