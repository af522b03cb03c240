import { describe, expect, it } from 'vitest';
import { nextStep } from './next-step';

const placed = { status: 'placed' as const, channel: 'phone' as const, grandTotalMinor: 50_000 };

describe("an order's primary action follows the verification policy", () => {
  it('a placed order is confirmed next when the policy says never, verified next when it says always', () => {
    expect(nextStep(placed, { mode: 'never' })).toBe('confirm');
    expect(nextStep(placed, { mode: 'always' })).toBe('verify');
  });
  it('by channel and above an amount decide per order', () => {
    expect(nextStep(placed, { mode: 'by_channel', channels: ['web'] })).toBe('confirm');
    expect(nextStep({ ...placed, channel: 'web' }, { mode: 'by_channel', channels: ['web'] })).toBe('verify');
    expect(nextStep(placed, { mode: 'above_amount', amountMinor: 50_000 })).toBe('confirm');
    expect(nextStep(placed, { mode: 'above_amount', amountMinor: 49_999 })).toBe('verify');
  });
  it('later states move forward; finished ones have no primary action', () => {
    expect(nextStep({ ...placed, status: 'verified' }, { mode: 'always' })).toBe('confirm');
    expect(nextStep({ ...placed, status: 'confirmed' }, { mode: 'never' })).toBe('start_fulfilment');
    expect(nextStep({ ...placed, status: 'completed' }, { mode: 'never' })).toBeNull();
    expect(nextStep(placed, undefined)).toBeNull();
  });
});
