/**
 * What the business allows an anonymous shopper: how long an unpaid storefront
 * order may hold stock, how much one order may take, how many orders one
 * address may place, and how many verification e-mails one recipient may be
 * sent, per hour. Pure.
 */
import { z } from 'zod';

export const storefrontSettingsSchema = z
  .strictObject({
    /**
     * An unconfirmed web order with no money received or authorised is cancelled,
     * and its stock released, this many hours after it was placed.
     */
    reservationHoldHours: z.number().int().min(1).max(24 * 60),
    /** At most this many units on one line of a storefront order. */
    maxQuantityPerLine: z.number().int().min(1).max(1_000_000),
    /** At most this many units in one storefront order, all lines together. */
    maxUnitsPerOrder: z.number().int().min(1).max(10_000_000),
    /** Storefront orders one client address (an IPv6 /64) may place in an hour. */
    ordersPerAddressPerHour: z.number().int().min(1).max(100_000),
    /** Verification e-mails one recipient may be sent for web orders in an hour; beyond it the order waits for staff to verify. */
    verificationMailsPerRecipientPerHour: z.number().int().min(0).max(1_000),
  })
  .describe('Limits for anonymous storefront orders');

export type StorefrontSettings = z.infer<typeof storefrontSettingsSchema>;

/**
 * 72 hours: an order placed on a Friday evening still holds its stock when staff
 * look on Monday morning, and a bank transfer started the next day has time to
 * arrive; a shopper who never pays holds stock for three days at most.
 */
export const DEFAULT_STOREFRONT_SETTINGS: StorefrontSettings = {
  reservationHoldHours: 72,
  maxQuantityPerLine: 20,
  maxUnitsPerOrder: 50,
  ordersPerAddressPerHour: 10,
  verificationMailsPerRecipientPerHour: 3,
};
