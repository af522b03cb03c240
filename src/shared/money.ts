/**
 * Money is an integer count of minor units (cents, kuruş) with its currency.
 * Rounding happens here and nowhere else.
 */

/**
 * The largest amount Orderly handles: any price, payment, line total or order
 * total (10^12 minor units, 10 billion in a two-digit currency). Far inside
 * Number.MAX_SAFE_INTEGER, so sums of amounts stay exact integers.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** Tax rates are basis points: 2000 = 20 %. */
export type BasisPoints = number;

/** amount × rate, rounded half away from zero to a whole minor unit. */
export function applyRate(amountMinor: number, rateBp: BasisPoints): number {
  if (!Number.isSafeInteger(amountMinor) || !Number.isInteger(rateBp)) {
    throw new RangeError(`applyRate needs integers, got ${amountMinor} and ${rateBp}`);
  }
  const product = BigInt(amountMinor) * BigInt(rateBp);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  const q = abs / 10_000n;
  const r = abs % 10_000n;
  const rounded = r * 2n >= 10_000n ? q + 1n : q;
  return Number(rounded * sign);
}

/** Decimal places of a currency's minor unit (ISO 4217), from the platform's own table. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
}
