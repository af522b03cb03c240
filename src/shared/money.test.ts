import { describe, expect, it } from 'vitest';
import { applyRate, formatMoney } from './money.ts';
import { computeTotals } from '../orders/order.ts';

describe('money', () => {
  it('rounds half away from zero, once', () => {
    expect(applyRate(66_003, 2000)).toBe(13_201);
    expect(applyRate(25, 2000)).toBe(5);
    expect(applyRate(1, 5000)).toBe(1);
    expect(applyRate(-1, 5000)).toBe(-1);
    expect(applyRate(3, 1000)).toBe(0);
  });

  it('stays exact for large amounts', () => {
    expect(applyRate(9_007_199_254_740, 1)).toBe(900_719_925);
  });

  it('totals: lines, options, tax per line, delivery fee with its tax', () => {
    const t = computeTotals(
      [
        { quantity: 2, unitPriceMinor: 1000, optionsPriceMinor: 250, taxRateBp: 2000 },
        { quantity: 1, unitPriceMinor: 999, optionsPriceMinor: 0, taxRateBp: 800 },
      ],
      500,
      2000,
    );
    expect(t.lines).toEqual([
      { subtotalMinor: 2500, taxMinor: 500, totalMinor: 3000 },
      { subtotalMinor: 999, taxMinor: 80, totalMinor: 1079 },
    ]);
    expect(t).toMatchObject({ linesTotalMinor: 3499, optionsTotalMinor: 500, taxTotalMinor: 680, deliveryFeeMinor: 500, grandTotalMinor: 4679 });
  });

  it('formats by the currency\'s minor unit', () => {
    expect(formatMoney(123_456, 'EUR', 'en')).toBe('€1,234.56');
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
  });
});
