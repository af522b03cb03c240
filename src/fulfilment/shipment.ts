/**
 * Shipments, as pure rules: how many units of each line may still ship, whether
 * a requested shipment fits (every problem at once, each naming its line), and
 * the order's fulfilment state derived from its shipments.
 */
import type { FieldProblem } from '../shared/errors.ts';
import type { FulfilmentState } from './fulfilment-vocabulary.ts';

export type LineFacts = { id: string; sku: string; name: string; quantity: number; fulfilmentMode: 'stock' | 'made_to_order' | 'third_party'; reservedQty: number; backorderedQty: number };

export type LineProgress = { orderLineId: string; sku: string; name: string; quantity: number; shipped: number; remaining: number; shippable: number; backordered: number };

/**
 * Per line: shipped so far, what remains, and what can ship now. A stocked line
 * ships only reserved units (a shipment takes them out of the reservation); a
 * made-to-order or third-party line ships whatever remains.
 */
export function progress(lines: readonly LineFacts[], shippedByLine: ReadonlyMap<string, number>): LineProgress[] {
  return lines.map((l) => {
    const shipped = shippedByLine.get(l.id) ?? 0;
    const remaining = Math.max(0, l.quantity - shipped);
    return {
      orderLineId: l.id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      shipped,
      remaining,
      shippable: l.fulfilmentMode === 'stock' ? Math.min(remaining, l.reservedQty) : remaining,
      backordered: l.backorderedQty,
    };
  });
}

export type RequestedLine = { orderLineId: string; quantity: number };

/** Every reason the requested lines cannot ship, each naming the line (pointer /lines/i/…). */
export function shipmentProblems(lines: readonly LineProgress[], requested: readonly RequestedLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  requested.forEach((r, i) => {
    const line = lines.find((l) => l.orderLineId === r.orderLineId);
    if (!line) {
      problems.push({ pointer: `/lines/${i}/orderLineId`, code: 'unknown_line', message: 'This order has no such line' });
      return;
    }
    if (seen.has(r.orderLineId)) {
      problems.push({ pointer: `/lines/${i}/orderLineId`, code: 'duplicate_line', message: `${line.sku} is named twice; give its quantity once` });
      return;
    }
    seen.add(r.orderLineId);
    if (r.quantity > line.remaining) {
      problems.push({ pointer: `/lines/${i}/quantity`, code: 'more_than_remaining', message: `${line.sku} (${line.name}): ${r.quantity} asked, only ${line.remaining} of ${line.quantity} left to ship` });
    } else if (r.quantity > line.shippable) {
      problems.push({
        pointer: `/lines/${i}/quantity`,
        code: 'not_reserved',
        message: `${line.sku} (${line.name}): ${r.quantity} asked, only ${line.shippable} in stock for this order (${line.backordered} back-ordered)`,
      });
    }
  });
  if (!problems.length && requested.every((r) => r.quantity === 0)) problems.push({ pointer: '/lines', code: 'empty', message: 'Ship at least one unit' });
  return problems;
}

/** After shipping `requested`, is nothing left to ship? */
export const completesOrder = (lines: readonly LineProgress[], requested: readonly RequestedLine[]): boolean =>
  lines.every((l) => l.remaining === (requested.find((r) => r.orderLineId === l.orderLineId)?.quantity ?? 0));

/**
 * The order's fulfilment state from its lines' progress and its shipments. An
 * order shipped or delivered before shipments were recorded (no shipments) takes
 * it from its status.
 */
export function fulfilmentState(lines: readonly LineProgress[], shipments: readonly { deliveredOn: string | null }[], status: string): FulfilmentState {
  if (!shipments.length) {
    if (status === 'delivered' || status === 'completed') return 'delivered';
    return status === 'shipped' ? 'shipped' : 'unfulfilled';
  }
  if (lines.some((l) => l.remaining > 0)) return 'partially_shipped';
  return shipments.every((s) => s.deliveredOn !== null) ? 'delivered' : 'shipped';
}
