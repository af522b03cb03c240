import { describe, expect, it } from 'vitest';
import { creditorReference, findCreditorReferences, holdsForPayment, isValidCreditorReference, parseAmount, printReference, summarisePayments, type PaymentFacts } from './payment.ts';

const p = (status: PaymentFacts['status'], amountMinor: number, refundedMinor = 0): PaymentFacts => ({ status, amountMinor, refundedMinor });

describe('the payment state of an order, from its payments', () => {
  it.each([
    ['nothing yet is unpaid', [], 'unpaid', 10_000],
    ['a pending transfer is still unpaid', [p('pending', 10_000)], 'unpaid', 10_000],
    ['a failed card payment is still unpaid', [p('failed', 10_000)], 'unpaid', 10_000],
    ['a deposit is a partial payment', [p('captured', 3_000)], 'partially_paid', 7_000],
    ['deposit and balance pay it', [p('captured', 3_000), p('captured', 7_000)], 'paid', 0],
    ['paying twice over-pays', [p('captured', 10_000), p('captured', 10_000)], 'over_paid', 0],
    ['a full refund is refunded', [p('refunded', 10_000, 10_000)], 'refunded', 10_000],
    ['a partial refund leaves part paid', [p('partially_refunded', 10_000, 2_500)], 'partially_paid', 2_500],
    ['refunding the over-payment makes it paid', [p('captured', 10_000), p('partially_refunded', 10_000, 10_000)], 'paid', 0],
    ['an authorisation is not money received', [p('authorised', 10_000)], 'unpaid', 10_000],
  ] as const)('%s', (_name, payments, state, due) => {
    const s = summarisePayments(10_000, payments);
    expect(s.state).toBe(state);
    expect(s.dueMinor).toBe(due);
  });

  it('an order of nothing is paid', () => expect(summarisePayments(0, []).state).toBe('paid'));

  it('holds card and transfer orders until paid, but a card authorisation releases', () => {
    const hold = ['card', 'bank_transfer'] as const;
    expect(holdsForPayment('bank_transfer', hold, summarisePayments(10_000, [p('captured', 9_999)]))).toBe(true);
    expect(holdsForPayment('bank_transfer', hold, summarisePayments(10_000, [p('captured', 10_000)]))).toBe(false);
    expect(holdsForPayment('card', hold, summarisePayments(10_000, [p('authorised', 10_000)]))).toBe(false);
    expect(holdsForPayment('invoice', hold, summarisePayments(10_000, []))).toBe(false);
    expect(holdsForPayment('cash_on_delivery', hold, summarisePayments(10_000, []))).toBe(false);
  });
});

describe('payment references', () => {
  it('are valid ISO 11649 creditor references made from the order number', () => {
    const ref = creditorReference('SO-2026-000123');
    expect(ref).toMatch(/^RF\d{2}SO2026000123$/);
    expect(isValidCreditorReference(ref)).toBe(true);
    expect(isValidCreditorReference('RF18539007547034')).toBe(true); // the standard's own example
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
  });
  it('catch a typo', () => {
    const ref = creditorReference('SO-2026-000123');
    expect(isValidCreditorReference(ref.replace('0123', '0132'))).toBe(false);
  });
  it('are found in a bank statement line however they were typed', () => {
    const ref = creditorReference('SO-2026-000123');
    expect(findCreditorReferences(`Payment ${printReference(ref).toLowerCase()} thanks`)).toContain(ref);
    expect(findCreditorReferences('no reference here RF00 x')).toEqual([]);
  });
});

describe('amounts as people and banks write them', () => {
  it.each([
    ['1234.50', 'EUR', 123_450],
    ['1.234,50', 'EUR', 123_450],
    ['1,234.50', 'EUR', 123_450],
    ['1234', 'EUR', 123_400],
    ['1.234', 'EUR', 123_400],
    ['-12.5', 'EUR', -1_250],
    ['€ 99,99', 'EUR', 9_999],
    ['1500', 'JPY', 1_500],
    ['abc', 'EUR', undefined],
  ] as const)('%s %s', (text, currency, minor) => expect(parseAmount(text, currency)).toBe(minor));
});
