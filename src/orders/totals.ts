/**
 * An order's totals: the one pure function the server stores and the web shows
 * live (the web imports this file). Imports only the money module; no I/O.
 */
import { applyRate } from '../shared/money.ts';

export type PricedLine = {
  quantity: number;
  unitPriceMinor: number;
  /** Option price changes per unit. */
  optionsPriceMinor: number;
  taxRateBp: number;
};

export type LineTotals = { subtotalMinor: number; taxMinor: number; totalMinor: number };
export type OrderTotals = {
  lines: LineTotals[];
  linesTotalMinor: number;
  optionsTotalMinor: number;
  taxTotalMinor: number;
  deliveryFeeMinor: number;
  grandTotalMinor: number;
};

/**
 * The one function that computes an order's totals. Prices are net; tax is
 * computed per line (and on the delivery fee) and rounded once per line.
 */
export function computeTotals(lines: readonly PricedLine[], deliveryFeeMinor: number, deliveryTaxRateBp: number): OrderTotals {
  const lineTotals = lines.map((l) => {
    const subtotalMinor = (l.unitPriceMinor + l.optionsPriceMinor) * l.quantity;
    const taxMinor = applyRate(subtotalMinor, l.taxRateBp);
    return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
  });
  const deliveryTax = applyRate(deliveryFeeMinor, deliveryTaxRateBp);
  const linesTotalMinor = lineTotals.reduce((s, l) => s + l.subtotalMinor, 0);
  const optionsTotalMinor = lines.reduce((s, l) => s + l.optionsPriceMinor * l.quantity, 0);
  const taxTotalMinor = lineTotals.reduce((s, l) => s + l.taxMinor, 0) + deliveryTax;
  return {
    lines: lineTotals,
    linesTotalMinor,
    optionsTotalMinor,
    taxTotalMinor,
    deliveryFeeMinor,
    grandTotalMinor: linesTotalMinor + deliveryFeeMinor + taxTotalMinor,
  };
}
