import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from './order-vocabulary.ts';
import { COMMANDS, LIFECYCLE, allowedCommands, decide, type Command, type OrderStatus } from './lifecycle.ts';

/** The expected moves, written out by hand: a change to the table must change this too. */
const EXPECTED: Record<OrderStatus, Partial<Record<Command, OrderStatus | 'back'>>> = {
  draft: { edit: 'draft', submit: 'placed', cancel: 'cancelled', add_note: 'draft' },
  placed: { edit: 'placed', verify: 'verified', confirm: 'confirmed', hold: 'on_hold', cancel: 'cancelled', add_note: 'placed' },
  verified: { edit: 'verified', confirm: 'confirmed', hold: 'on_hold', cancel: 'cancelled', add_note: 'verified' },
  confirmed: { edit: 'confirmed', start_fulfilment: 'in_fulfilment', ship: 'shipped', hold: 'on_hold', cancel: 'cancelled', add_note: 'confirmed' },
  in_fulfilment: { ship: 'shipped', hold: 'on_hold', cancel: 'cancelled', add_note: 'in_fulfilment' },
  shipped: { deliver: 'delivered', add_note: 'shipped' },
  delivered: { complete: 'completed', add_note: 'delivered' },
  completed: { add_note: 'completed' },
  on_hold: { release: 'back', cancel: 'cancelled', add_note: 'on_hold' },
  cancelled: { add_note: 'cancelled' },
};

describe('the order lifecycle', () => {
  const pairs = ORDER_STATUSES.flatMap((s) => COMMANDS.map((c) => [s, c] as const));
  it.each(pairs)('%s + %s', (status, command) => {
    const expected = EXPECTED[status][command];
    const d = decide({ status, heldFrom: status === 'on_hold' ? 'confirmed' : null }, command, 'because');
    if (expected === undefined) {
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toBe('not_allowed_in_state');
    } else {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.to).toBe(expected === 'back' ? 'confirmed' : expected);
    }
  });

  it('every state is in the table and every target is a state', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const s of ORDER_STATUSES) expect(allowedCommands(s).sort()).toEqual(Object.keys(EXPECTED[s]).sort());
  });

  it('hold remembers where the order was, and release goes back there', () => {
    const held = decide({ status: 'in_fulfilment', heldFrom: null }, 'hold', 'customer asked to wait');
    expect(held).toMatchObject({ ok: true, to: 'on_hold', heldFrom: 'in_fulfilment', event: 'held' });
    const released = decide({ status: 'on_hold', heldFrom: 'in_fulfilment' }, 'release');
    expect(released).toMatchObject({ ok: true, to: 'in_fulfilment', heldFrom: null });
  });

  it('hold and cancel need a reason', () => {
    expect(decide({ status: 'placed', heldFrom: null }, 'cancel')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(decide({ status: 'placed', heldFrom: null }, 'hold', '  ')).toMatchObject({ ok: false, reason: 'reason_required' });
  });

  it('a refusal says what is allowed instead', () => {
    const d = decide({ status: 'shipped', heldFrom: null }, 'cancel', 'too late');
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toContain('deliver');
  });
});
