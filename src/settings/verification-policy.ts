/**
 * The business's verification policy, as a setting: never (the default), always,
 * for some channels, or above an amount. orders/verification.ts applies it.
 */
import { z } from 'zod';
import { CHANNELS } from '../orders/order-vocabulary.ts';
import { MAX_AMOUNT_MINOR } from '../shared/money.ts';

export const verificationPolicySchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('never') }),
    z.strictObject({ mode: z.literal('always') }),
    z.strictObject({ mode: z.literal('by_channel'), channels: z.array(z.enum(CHANNELS)).min(1) }),
    z.strictObject({ mode: z.literal('above_amount'), amountMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).describe('Orders whose grand total is above this (minor units) need verifying') }),
  ])
  .describe('When an order must be verified before it can be confirmed');

export type VerificationPolicy = z.infer<typeof verificationPolicySchema>;
