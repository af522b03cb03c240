/** Customers: who orders. Contact details are normalised so the same person is found again. Pure. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { foldForSearch } from '../shared/search-text.ts';
import { z } from 'zod';
import { addressSchema } from '../shared/address.ts';

export const customerInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Enter the customer\'s name').max(200),
  email: z.email('Enter a valid e-mail address').max(254).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  company: z.string().trim().max(200).optional(),
  addresses: z.strictObject({ billing: addressSchema.optional(), shipping: addressSchema.optional() }).default({}),
  notes: z.string().max(5000).default(''),
  language: z.enum(['en', 'tr']).optional(),
});
export type CustomerInput = z.output<typeof customerInputSchema>;
export const customerPatchSchema = customerInputSchema.partial();
export type CustomerPatch = z.output<typeof customerPatchSchema>;

export type Customer = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  addresses: CustomerInput['addresses'];
  notes: string;
  language: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** E-mail as typed for display, and a lower-cased form for matching. */
export function normaliseEmail(email: string): { display: string; key: string } {
  const display = email.trim();
  return { display, key: display.toLowerCase() };
}

/** A phone number in E.164 (+905551234567), reading local numbers in the business's country; undefined when it is not a phone number. */
export function normalisePhone(phone: string, defaultCountry: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, defaultCountry as CountryCode);
  return parsed && parsed.isPossible() ? parsed.number : undefined;
}

export function customerSearchText(c: { name: string; email?: string | null; phone?: string | null; company?: string | null }): string {
  return foldForSearch([c.name, c.email, c.phone, c.phone?.replace(/^\+/, ''), c.company].filter(Boolean).join(' '));
}
