/** Money in the browser: integer minor units, formatted with the platform's currency table. Mirrors src/shared/money.ts. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/** "+€120.00" / "−€5.00" for a price change. */
export function formatDelta(deltaMinor: number, currency: string): string {
  return `${deltaMinor < 0 ? '−' : '+'}${formatMoney(Math.abs(deltaMinor), currency)}`;
}

/** "12.50" → 1250 (in the currency's minor units); undefined when it is not an amount. */
export function parseMoney(text: string, currency: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const digits = minorDigits(currency);
  return Math.round(Number(t) * 10 ** digits);
}

export function toMajor(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}

/** amount × basis points, half away from zero (as the server rounds). */
export function applyRate(amountMinor: number, rateBp: number): number {
  const raw = (Math.abs(amountMinor) * rateBp) / 10_000;
  const q = Math.floor(raw);
  const rounded = raw - q >= 0.5 ? q + 1 : q;
  return amountMinor < 0 ? -rounded : rounded;
}

export type PricedLine = { quantity: number; unitPriceMinor: number; optionsPriceMinor: number; taxRateBp: number };

/** The order total as the server will compute it (src/orders/order.ts computeTotals); shown live while the form is filled. */
export function estimateTotals(lines: PricedLine[], deliveryFeeMinor: number, deliveryTaxRateBp: number) {
  const subtotals = lines.map((l) => (l.unitPriceMinor + l.optionsPriceMinor) * l.quantity);
  const linesTotalMinor = subtotals.reduce((s, v) => s + v, 0);
  const taxTotalMinor = lines.reduce((s, l, i) => s + applyRate(subtotals[i] ?? 0, l.taxRateBp), 0) + applyRate(deliveryFeeMinor, deliveryTaxRateBp);
  return { linesTotalMinor, taxTotalMinor, deliveryFeeMinor, grandTotalMinor: linesTotalMinor + deliveryFeeMinor + taxTotalMinor };
}
