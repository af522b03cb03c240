/** The business's own settings: who it is, how it numbers orders, its currency and delivery fees. Pure. */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../shared/money.ts';
import { verificationPolicySchema } from './verification-policy.ts';
import { DEFAULT_PAYMENT_SETTINGS, paymentSettingsSchema } from '../payments/payment-settings.ts';
import { DEFAULT_STOREFRONT_SETTINGS, storefrontSettingsSchema } from './storefront-settings.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsSchema } from './notification-settings.ts';
import { carriersSchema, DEFAULT_CARRIERS } from './carriers.ts';
import { DEFAULT_CALENDAR, workingCalendarSchema } from './working-calendar.ts';
import { DEFAULT_FEEDBACK_SETTINGS, feedbackSettingsSchema } from './feedback-settings.ts';

export const DELIVERY_METHODS = ['shipping', 'pickup', 'local_delivery'] as const;

export const settingsSchema = z.strictObject({
  businessName: z.string().trim().min(1).max(200),
  contactEmail: z.email().max(254),
  contactPhone: z.string().trim().max(40),
  address: z.string().trim().max(500),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code'),
  /** ISO country used to read phone numbers written without a +country code. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  defaultLanguage: z.enum(['en', 'tr']),
  orderNumberPrefix: z.string().regex(/^[A-Z0-9]{1,8}$/, 'Use 1–8 capital letters or digits'),
  orderNumberIncludesYear: z.boolean(),
  deliveryFeesMinor: z.strictObject({
    shipping: z.number().int().min(0).max(MAX_AMOUNT_MINOR),
    pickup: z.number().int().min(0).max(MAX_AMOUNT_MINOR),
    local_delivery: z.number().int().min(0).max(MAX_AMOUNT_MINOR),
  }),
  deliveryTaxRateBp: z.number().int().min(0).max(10_000),
  verification: verificationPolicySchema,
  payments: paymentSettingsSchema,
  storefront: storefrontSettingsSchema,
  notifications: notificationSettingsSchema,
  /** The carriers shipments name, each with its tracking link template. */
  carriers: carriersSchema,
  /** Working weekdays, closed dates and the dispatch time: the expected completion date counts working days. */
  calendar: workingCalendarSchema,
  /** The feedback survey sent after delivery, and when a low rating asks staff to call back. */
  feedback: feedbackSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  businessName: 'My Business',
  contactEmail: 'orders@example.com',
  contactPhone: '',
  address: '',
  currency: 'EUR',
  defaultCountry: 'GB',
  defaultLanguage: 'en',
  orderNumberPrefix: 'SO',
  orderNumberIncludesYear: true,
  deliveryFeesMinor: { shipping: 0, pickup: 0, local_delivery: 0 },
  deliveryTaxRateBp: 0,
  verification: { mode: 'never' },
  payments: DEFAULT_PAYMENT_SETTINGS,
  storefront: DEFAULT_STOREFRONT_SETTINGS,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
  carriers: DEFAULT_CARRIERS,
  calendar: DEFAULT_CALENDAR,
  feedback: DEFAULT_FEEDBACK_SETTINGS,
};

/** An order number is this prefix ("SO-2026-") and the sequence value padded to this many digits. */
export const ORDER_NUMBER_DIGITS = 6;
export function orderNumberPrefix(s: Pick<Settings, 'orderNumberPrefix' | 'orderNumberIncludesYear'>, at: Date): string {
  return s.orderNumberIncludesYear ? `${s.orderNumberPrefix}-${at.getUTCFullYear()}-` : `${s.orderNumberPrefix}-`;
}

/** "SO-2026-000123" from a sequence value and the settings. */
export function formatOrderNumber(s: Pick<Settings, 'orderNumberPrefix' | 'orderNumberIncludesYear'>, seq: number, at: Date): string {
  return orderNumberPrefix(s, at) + String(seq).padStart(ORDER_NUMBER_DIGITS, '0');
}
