/**
 * When an order needs verifying before it proceeds: the business's policy.
 * Never (the default: the confirmation tells the customer whom to contact if
 * anything is wrong), always, for some channels, or above an amount. Pure.
 */
import { z } from 'zod';
import { CHANNELS } from '../shared/schema.ts';
import { MAX_AMOUNT_MINOR } from '../shared/money.ts';

export const VERIFICATION_METHODS = ['phone', 'email', 'in_person', 'access_link', 'other'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const verificationPolicySchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('never') }),
    z.strictObject({ mode: z.literal('always') }),
    z.strictObject({ mode: z.literal('by_channel'), channels: z.array(z.enum(CHANNELS)).min(1) }),
    z.strictObject({ mode: z.literal('above_amount'), amountMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).describe('Orders whose grand total is above this (minor units) need verifying') }),
  ])
  .describe('When an order must be verified before it can be confirmed');

export type VerificationPolicy = z.infer<typeof verificationPolicySchema>;

export type VerificationFacts = { channel: (typeof CHANNELS)[number]; grandTotalMinor: number };

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
