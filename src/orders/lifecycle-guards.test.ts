import { describe, expect, it } from 'vitest';
import { COMMANDS, decide, LIFECYCLE, NEEDS_REASON, RELEASES_TO_FULFILMENT, type Command, type OrderStatus } from './lifecycle.ts';
import { ORDER_STATUSES } from './order-vocabulary.ts';
import { verificationRequired } from './verification.ts';
import { guardApplies } from './order-reactions.ts';
import type { GuardRefusal } from './order-events.ts';

const allowed = (s: OrderStatus, c: Command) => c in LIFECYCLE[s];
const pairs = ORDER_STATUSES.flatMap((s) => COMMANDS.map((c) => [s, c] as const));
const withReason = (c: Command) => (NEEDS_REASON.has(c) ? 'because' : undefined);

describe('guards refuse only the moves they are about', () => {
  // The two guards registered today: orders' verification policy, and payments' hold until paid.
  const guardCases: [{ from: OrderStatus[]; commands: readonly Command[] }, GuardRefusal, string[]][] = [
    [{ from: ['placed'], commands: ['confirm'] }, { code: 'verification_required', message: 'verify first' }, ['placed/confirm']],
    [{ from: ['confirmed'], commands: RELEASES_TO_FULFILMENT }, { code: 'payment_outstanding', message: 'pay first' }, ['confirmed/start_fulfilment', 'confirmed/ship']],
  ];
  for (const [guard, refusal, refused] of guardCases) {
    it.each(pairs)(`${refusal.code}: %s + %s`, (status, command) => {
      const applies = guardApplies(guard, status, command);
      const d = decide({ status, heldFrom: status === 'on_hold' ? 'placed' : null }, command, withReason(command), applies ? refusal : undefined);
      if (refused.includes(`${status}/${command}`)) expect(d).toMatchObject({ ok: false, reason: 'refused', refusal });
      else expect(d.ok).toBe(allowed(status, command));
    });
  }

  it('a refusal counts only for a move the table allows, and after the reason it needs', () => {
    const refusal: GuardRefusal = { code: 'payment_outstanding', message: 'pay first' };
    expect(decide({ status: 'shipped', heldFrom: null }, 'ship', undefined, refusal)).toMatchObject({ ok: false, reason: 'not_allowed_in_state' });
    expect(decide({ status: 'placed', heldFrom: null }, 'cancel', undefined, refusal)).toMatchObject({ ok: false, reason: 'reason_required' });
  });

  it('an order placed and held comes back to placed, where confirmation is guarded again', () => {
    const back = decide({ status: 'on_hold', heldFrom: 'placed' }, 'release');
    expect(back).toMatchObject({ ok: true, to: 'placed' });
    expect(guardApplies({ from: ['placed'], commands: ['confirm'] }, 'placed', 'confirm')).toBe(true);
    expect(guardApplies({ from: ['placed'], commands: ['confirm'] }, 'verified', 'confirm')).toBe(false);
  });
});

describe('verification policy', () => {
  const phone500 = { channel: 'phone', grandTotalMinor: 50_000 } as const;
  it('never (the default) asks for nothing', () => expect(verificationRequired({ mode: 'never' }, phone500)).toBe(false));
  it('always asks for every order', () => expect(verificationRequired({ mode: 'always' }, phone500)).toBe(true));
  it('by channel asks for the listed channels only', () => {
    expect(verificationRequired({ mode: 'by_channel', channels: ['phone', 'email'] }, phone500)).toBe(true);
    expect(verificationRequired({ mode: 'by_channel', channels: ['web'] }, phone500)).toBe(false);
  });
  it('above an amount asks only for orders strictly above it', () => {
    expect(verificationRequired({ mode: 'above_amount', amountMinor: 50_000 }, phone500)).toBe(false);
    expect(verificationRequired({ mode: 'above_amount', amountMinor: 49_999 }, phone500)).toBe(true);
  });
});
