/**
 * The order's next step in its lifecycle, given the business's verification policy:
 * the one action shown as the primary button. A placed order is verified first only
 * when the policy asks for it (src/orders/verification.ts, imported, not copied); otherwise
 * it is confirmed. Pure.
 */
import type { Channel, Command, OrderStatus, Settings } from '../../api/client';
import { verificationRequired } from '@server/orders/verification.ts';

type Policy = Settings['verification'];

/** The forward move from each state (hold, cancel and notes are never the main action). */
export function nextStep(order: { status: OrderStatus; channel: Channel; grandTotalMinor: number }, policy: Policy | undefined): Command | null {
  switch (order.status) {
    case 'placed':
      // Until the policy is known, no guess: neither is primary.
      return policy === undefined ? null : verificationRequired(policy, order) ? 'verify' : 'confirm';
    case 'verified':
      return 'confirm';
    case 'confirmed':
      return 'start_fulfilment';
    case 'in_fulfilment':
      return 'ship';
    case 'shipped':
      return 'deliver';
    case 'delivered':
      return 'complete';
    case 'on_hold':
      return 'release';
    default:
      return null;
  }
}
