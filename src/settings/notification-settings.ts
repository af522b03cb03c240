/** What the business tells its customers by itself, beyond the confirmation. Pure. */
import { z } from 'zod';
import { CHANNELS } from '../orders/order-vocabulary.ts';

export const notificationSettingsSchema = z
  .strictObject({
    /**
     * Orders from these channels get an acknowledgement e-mail ("we have received your order")
     * the moment they are placed. Shop (web) orders by default: the caller on the phone already
     * heard it, and an e-mail or API order usually has its own reply.
     */
    acknowledgeChannels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default(['web']),
    /** The at-risk list also shows open orders due within this many days that have a reason to slip (back-ordered goods). */
    atRiskWithinDays: z.number().int().min(0).max(60).default(2),
    /** A draft sent back to the customer to complete and not completed within this many hours gets one reminder e-mail. */
    completeReminderHours: z.number().int().min(1).max(24 * 60).default(72),
  })
  .describe('Which e-mails the customer gets by themselves');

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { acknowledgeChannels: ['web'], atRiskWithinDays: 2, completeReminderHours: 72 };
