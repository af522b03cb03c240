/** The business's payment settings: which methods each channel offers, what holds an order until paid, bank details. Pure. */
import { z } from 'zod';
import type { CHANNELS} from '../shared/schema.ts';
import { PAYMENT_METHODS } from '../shared/schema.ts';

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type Channel = (typeof CHANNELS)[number];
export { PAYMENT_METHODS };

const methods = z.array(z.enum(PAYMENT_METHODS)).min(1).max(PAYMENT_METHODS.length);

export const paymentSettingsSchema = z.strictObject({
  /** The methods offered per channel; the first is the default when the order does not choose. */
  methodsByChannel: z.strictObject({ web: methods, phone: methods, email: methods, in_person: methods, api: methods }),
  /** Orders paid with these methods are not released to fulfilment until paid (card: authorised is enough). */
  holdUntilPaid: z.array(z.enum(PAYMENT_METHODS)),
  /** Invoice terms: days from confirmation to the due date. */
  invoiceNetDays: z.number().int().min(0).max(365),
  bank: z.strictObject({
    accountName: z.string().trim().max(200),
    iban: z.string().trim().max(50),
    bic: z.string().trim().max(20),
    bankName: z.string().trim().max(200),
  }),
});

export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  methodsByChannel: {
    web: ['card', 'bank_transfer'],
    phone: ['bank_transfer', 'card', 'cash_on_delivery', 'invoice'],
    email: ['bank_transfer', 'invoice', 'card'],
    in_person: ['counter', 'card', 'bank_transfer', 'invoice'],
    api: ['bank_transfer', 'invoice', 'card'],
  },
  holdUntilPaid: ['card', 'bank_transfer'],
  invoiceNetDays: 30,
  bank: { accountName: '', iban: '', bic: '', bankName: '' },
};
