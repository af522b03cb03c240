/**
 * Money in the browser: formatting and typing amounts. Rounding, tax and totals
 * are the server's own pure modules (@server/shared/money.ts, @server/orders/totals.ts),
 * imported, never copied.
 */
import { minorDigits as serverMinorDigits } from '@server/shared/money.ts';

/** Decimal places of a currency's minor unit; 2 for a code the platform does not know. */
export function minorDigits(currency: string): number {
  try {
    return serverMinorDigits(currency);
  } catch {
    return 2;
  }
}

/** An amount in the browser's own locale. */
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
