/** Re-pricing a placed order for an edit: its lines (when they change) and totals. */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { Settings } from '../settings/settings.ts';
import { buildLines } from './build-lines.ts';
import { computeTotals, totalProblems, type DeliveryInput, type OrderLineInput } from './order.ts';
import { completionDate } from './completion.ts';
import { findLines, insertLines } from './orders.repository.ts';
import { lineRows, reserve } from './placement.ts';
import { deliveryProblems } from './order-problems.ts';

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
  let expectedCompletionDate: string | undefined;
  if (a.lines) {
    const built = await buildLines(tx, a.lines, a.settings.currency);
    const fee = a.settings.deliveryFeesMinor[a.delivery.method];
    problems.push(...built.problems, ...totalProblems(built.lines, fee, a.settings.deliveryTaxRateBp, a.settings.currency));
    if (problems.length) throw new AppError('validation_failed', 'The change is incomplete', problems);
    const allocation = await reserve(tx, built.lines, a.orderId, a.actor);
    const totals = computeTotals(built.lines, fee, a.settings.deliveryTaxRateBp);
    await insertLines(tx, lineRows(a.orderId, built.lines, allocation, totals));
    priced = built.lines;
    expectedCompletionDate = await completionDate(tx, built.lines, allocation, a.settings, a.placedAt, a.delivery.requestedDate);
  } else {
    priced = await findLines(tx, a.orderId);
    problems.push(...totalProblems(priced, a.settings.deliveryFeesMinor[a.delivery.method], a.settings.deliveryTaxRateBp, a.settings.currency));
    if (problems.length) throw new AppError('validation_failed', 'The change is incomplete', problems);
  }
  const totals = computeTotals(priced, a.settings.deliveryFeesMinor[a.delivery.method], a.settings.deliveryTaxRateBp);
  return {
    delivery: a.delivery,
    linesTotalMinor: totals.linesTotalMinor,
    optionsTotalMinor: totals.optionsTotalMinor,
    taxTotalMinor: totals.taxTotalMinor,
    deliveryFeeMinor: totals.deliveryFeeMinor,
    grandTotalMinor: totals.grandTotalMinor,
    ...(expectedCompletionDate ? { expectedCompletionDate } : {}),
  };
}
