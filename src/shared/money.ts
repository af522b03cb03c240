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

/**
 * One formatter per locale and currency, made once: making an Intl.NumberFormat costs far
 * more than formatting with it (it was a visible share of placing an order). Only formatters
 * that could be made are kept (an unknown currency throws each time, as before); bounded.
 */
const formatters = new Map<string, Intl.NumberFormat>();
const digitsOf = new Map<string, number>();
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (formatters.size >= 500) {
      formatters.clear();
      digitsOf.clear();
    }
    formatters.set(key, f);
  }
  return f;
}

/** Decimal places of a currency's minor unit (ISO 4217), from the platform's own table. */
export function minorDigits(currency: string): number {
  let d = digitsOf.get(currency);
  if (d === undefined) {
    d = currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, d);
  }
  return d;
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  return currencyFormat(locale, currency).format(amountMinor / 10 ** digits);
}
