import { describe, expect, it } from 'vitest';
import { COMMANDS, decide, LIFECYCLE, NEEDS_REASON, type Command, type Guards, type OrderStatus } from './lifecycle.ts';
import { ORDER_STATUSES } from '../shared/schema.ts';
import { verificationRequired } from './verification.ts';

const allowed = (s: OrderStatus, c: Command) => c in LIFECYCLE[s];
const pairs = ORDER_STATUSES.flatMap((s) => COMMANDS.map((c) => [s, c] as const));
const withReason = (c: Command) => (NEEDS_REASON.has(c) ? 'because' : undefined);

describe('guards refuse only the moves they are about', () => {
  const guardCases: [Guards, string, string[]][] = [
    [{ verificationRequired: true }, 'verification_required', ['placed/confirm']],
    [{ paymentOutstanding: true }, 'payment_outstanding', ['confirmed/start_fulfilment', 'confirmed/ship']],
  ];
  for (const [guards, reason, refused] of guardCases) {
    it.each(pairs)(`${reason}: %s + %s`, (status, command) => {
      const d = decide({ status, heldFrom: status === 'on_hold' ? 'placed' : null }, command, withReason(command), guards);
      if (refused.includes(`${status}/${command}`)) expect(d).toMatchObject({ ok: false, reason });
      else expect(d.ok).toBe(allowed(status, command));
    });
  }

  it('a verified order may be confirmed even when the policy wants verification', () => {
    expect(decide({ status: 'verified', heldFrom: null }, 'confirm', undefined, { verificationRequired: true })).toMatchObject({ ok: true, to: 'confirmed' });
  });

  it('an order placed and held comes back to placed, where confirmation is still guarded', () => {
    const back = decide({ status: 'on_hold', heldFrom: 'placed' }, 'release');
    expect(back).toMatchObject({ ok: true, to: 'placed' });
    expect(decide({ status: 'placed', heldFrom: null }, 'confirm', undefined, { verificationRequired: true }).ok).toBe(false);
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
