/**
 * When an order needs verifying before it proceeds: the business's policy
 * (its schema is a setting: src/settings/verification-policy.ts).
 * Never (the default: the confirmation tells the customer whom to contact if
 * anything is wrong), always, for some channels, or above an amount. Pure.
 */
import type { Channel } from './order-vocabulary.ts';
import type { VerificationPolicy } from '../settings/verification-policy.ts';

export const VERIFICATION_METHODS = ['phone', 'email', 'in_person', 'access_link', 'other'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export type { VerificationPolicy };
export type VerificationFacts = { channel: Channel; grandTotalMinor: number };

export function verificationRequired(policy: VerificationPolicy, order: VerificationFacts): boolean {
  switch (policy.mode) {
    case 'never':
      return false;
    case 'always':
      return true;
    case 'by_channel':
      return policy.channels.includes(order.channel);
    case 'above_amount':
      return order.grandTotalMinor > policy.amountMinor;
  }
}
