/** The business's payment settings: which methods each channel offers, what holds an order until paid, bank details. Pure. */
import { z } from 'zod';
import type { CHANNELS } from '../orders/order-vocabulary.ts';
import { PAYMENT_METHODS } from './payment-vocabulary.ts';
import { bicProblem, compactAccountCode, ibanProblem } from './bank-account.ts';

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
  /** Where customers send a bank transfer; empty until the business sets it (then they are told the details will follow). */
  bank: z.strictObject({
    accountName: z.string().trim().max(200),
    iban: z
      .string()
      .max(50)
      .overwrite(compactAccountCode)
      .check((ctx) => {
        const problem = ctx.value === '' ? null : ibanProblem(ctx.value);
        if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem, params: { code: 'invalid_iban' } });
      })
      .describe('ISO 13616 IBAN, checked by its mod-97 check digits and its country\'s length; spaces allowed, stored without them; empty: not set'),
    bic: z
      .string()
      .max(20)
      .overwrite(compactAccountCode)
      .check((ctx) => {
        const problem = ctx.value === '' ? null : bicProblem(ctx.value);
        if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem, params: { code: 'invalid_bic' } });
      })
      .describe('ISO 9362 BIC (8 or 11 characters); empty: not set'),
    bankName: z.string().trim().max(200),
  }),
});

export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;
export type BankDetails = PaymentSettings['bank'];

/** Bank details a customer can pay to: at least an IBAN. Otherwise null (the business sends them itself). */
export const usableBankDetails = (bank: BankDetails): BankDetails | null => (bank.iban ? bank : null);

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  methodsByChannel: {
    // Bank transfer first: a method the business can collect with nothing configured (card needs a card provider).
    web: ['bank_transfer', 'card'],
    phone: ['bank_transfer', 'card', 'cash_on_delivery', 'invoice'],
    email: ['bank_transfer', 'invoice', 'card'],
    in_person: ['counter', 'card', 'bank_transfer', 'invoice'],
    api: ['bank_transfer', 'invoice', 'card'],
  },
  holdUntilPaid: ['card', 'bank_transfer'],
  invoiceNetDays: 30,
  bank: { accountName: '', iban: '', bic: '', bankName: '' },
};

/**
 * Without a card provider, card cannot be a channel's default (the first method): the
 * customer would be told to pay in a way nobody can take. One problem per channel.
 */
export function cardDefaultProblems(settings: Pick<PaymentSettings, 'methodsByChannel'>, cardAvailable: boolean): { pointer: string; code: string; message: string }[] {
  if (cardAvailable) return [];
  return (Object.entries(settings.methodsByChannel) as [Channel, PaymentMethod[]][])
    .filter(([, methods]) => methods[0] === 'card')
    .map(([channel]) => ({
      pointer: `/payments/methodsByChannel/${channel}/0`,
      code: 'card_not_set_up',
      message: 'Card payments are not set up on this server (no card provider), so card cannot be the default; put another method first',
    }));
}

/** The methods a channel offers right now: card only when a card provider is configured. */
export function availableMethods(methods: readonly PaymentMethod[], cardAvailable: boolean): PaymentMethod[] {
  return cardAvailable ? [...methods] : methods.filter((m) => m !== 'card');
}
