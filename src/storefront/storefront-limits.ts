/**
 * Limits on anonymous storefront orders: how many units one order may take
 * (checked with the form), and how many orders one client address may place in
 * an hour (checked inside the placement's transaction, so concurrent requests
 * from one address cannot race past it, and a refused order leaves nothing behind).
 */
import type { Conn } from '../shared/db.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import { recordOrderEvent, type OrderRow } from '../orders/order-facts.ts';
import type { StorefrontSettings } from '../settings/storefront-settings.ts';
import { insertStorefrontOrder, lockClient, ordersOfClientSince } from './storefront.repository.ts';

const HOUR_MS = 3_600_000;

/** Every line above the per-line cap, and the order's total above the per-order cap. Reads raw bodies too (for the all-problems-at-once answer). */
export function quantityProblems(rawLines: unknown, limits: StorefrontSettings): FieldProblem[] {
  if (!Array.isArray(rawLines)) return [];
  const problems: FieldProblem[] = [];
  let total = 0;
  rawLines.forEach((l: unknown, i) => {
    const q = l && typeof l === 'object' ? (l as { quantity?: unknown }).quantity : undefined;
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 1) return;
    total += q;
    if (q > limits.maxQuantityPerLine) {
      problems.push({ pointer: pointer('lines', i, 'quantity'), code: 'too_many', message: `At most ${limits.maxQuantityPerLine} per line online; contact us for larger orders` });
    }
  });
  if (total > limits.maxUnitsPerOrder) {
    problems.push({ pointer: '/lines', code: 'too_many', message: `At most ${limits.maxUnitsPerOrder} items in one online order; contact us for larger orders` });
  }
  return problems;
}

/**
 * The step the storefront adds to the placement's transaction: refuses the order
 * (429) when this client already placed its hourly allowance, otherwise records
 * where it came from, and puts a suggested customer match on the timeline.
 */
export function admitStorefrontOrder(key: string, limits: StorefrontSettings, now: () => Date = () => new Date()) {
  return async (tx: Conn, order: OrderRow): Promise<void> => {
    const at = now();
    await lockClient(tx, key);
    const { n, oldest } = await ordersOfClientSince(tx, key, new Date(at.getTime() - HOUR_MS));
    if (n >= limits.ordersPerAddressPerHour) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((oldest?.getTime() ?? at.getTime()) + HOUR_MS - at.getTime()) / 1000));
      throw new AppError('rate_limited', `At most ${limits.ordersPerAddressPerHour} online orders an hour from one address; try again later or contact us`, [], { retryAfterSeconds });
    }
    await insertStorefrontOrder(tx, { orderId: order.id, clientKey: key, createdAt: at });
    if (order.suggestedCustomerId) {
      await recordOrderEvent(tx, order.id, 'customer_match_suggested', { kind: 'system', name: 'storefront' }, { customerId: order.suggestedCustomerId });
    }
  };
}
