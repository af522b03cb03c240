/**
 * The business's bank account as customers copy it into a transfer: the IBAN
 * checked by its ISO 13616 mod-97 checksum and its country's length, the BIC by
 * its ISO 9362 shape. People type both with spaces and in lower case; they are
 * stored without spaces, in capitals. Pure.
 */

/** IBAN lengths by country (ISO 13616 registry, SWIFT release 2024): a wrong length is a typo. */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
};

/** "gb82 west 1234 5698 7654 32" → "GB82WEST12345698765432": no spaces, capitals. */
export const compactAccountCode = (s: string): string => s.replace(/[\s-]+/g, '').toUpperCase();

/** "GB82WEST12345698765432" → "GB82 WEST 1234 5698 7654 32", as printed for people. */
export const printIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ');

function mod97(s: string): number {
  let r = 0;
  for (const c of s) {
    const digits = /[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55);
    for (const d of digits) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}

/** Why an IBAN (already compacted) is not valid, or null when it is. */
export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return 'Enter an IBAN: two letters for the country, two check digits, then the account (like GB82 WEST 1234 5698 7654 32)';
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTH[country];
  if (length !== undefined && iban.length !== length) return `A ${country} IBAN has ${length} characters; this one has ${iban.length}`;
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return 'This IBAN is mistyped: its check digits do not match (compare it with your bank statement)';
  return null;
}

/** Why a BIC (already compacted) is not valid, or null when it is. */
export function bicProblem(bic: string): string | null {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? null : 'Enter a BIC of 8 or 11 characters: bank (4 letters), country (2 letters), place, and branch (like NWBKGB2L)';
}
