import { describe, expect, it } from 'vitest';
import { backoffMs } from './outbox.ts';

describe('outbox retry backoff', () => {
  it('doubles from the base, stays under the cap, and spreads retries by ±20 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 5_000, 3_600_000, mid))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(30, 5_000, 3_600_000, mid)).toBe(3_600_000);
    expect(backoffMs(1, 5_000, 3_600_000, () => 0)).toBe(4_000);
    expect(backoffMs(1, 5_000, 3_600_000, () => 0.999_999)).toBe(6_000);
  });
});
