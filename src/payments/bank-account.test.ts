import { describe, expect, it } from 'vitest';
import { bicProblem, compactAccountCode, ibanProblem, printIban } from './bank-account.ts';

describe('bank account details as people type them', () => {
  it('accepts valid IBANs however they are spaced or cased', () => {
    for (const iban of ['GB82 WEST 1234 5698 7654 32', 'gb82west12345698765432', 'DE89 3704 0044 0532 0130 00', 'TR33 0006 1005 1978 6457 8413 26', 'NL91ABNA0417164300']) {
      expect(ibanProblem(compactAccountCode(iban)), iban).toBeNull();
    }
  });
  it('refuses a mistyped IBAN (one digit changed or two swapped), a wrong length for the country, and a non-IBAN', () => {
    expect(ibanProblem(compactAccountCode('GB82 WEST 1234 5698 7654 33'))).toMatch(/check digits/);
    expect(ibanProblem(compactAccountCode('GB82 WEST 1234 5698 7654 23'))).toMatch(/check digits/);
    expect(ibanProblem(compactAccountCode('GB82 WEST 1234 5698 7654 3'))).toMatch(/22 characters/);
    expect(ibanProblem(compactAccountCode('12345678'))).toMatch(/Enter an IBAN/);
  });
  it('checks a BIC by its shape', () => {
    expect(bicProblem('NWBKGB2L')).toBeNull();
    expect(bicProblem('DEUTDEFF500')).toBeNull();
    expect(bicProblem('NWBK GB')).not.toBeNull();
    expect(bicProblem('1WBKGB2L')).not.toBeNull();
  });
  it('prints an IBAN in groups of four', () => {
    expect(printIban('GB82WEST12345698765432')).toBe('GB82 WEST 1234 5698 7654 32');
  });
});
