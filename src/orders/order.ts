/** Orders: what a placement request looks like, and the pure arithmetic of its totals. */
import { z } from 'zod';
import { addressSchema } from '../shared/address.ts';
import { formatMoney, MAX_AMOUNT_MINOR } from '../shared/money.ts';
import { computeTotals, type PricedLine } from './totals.ts';
import type { FieldProblem } from '../shared/errors.ts';
import { answersSchema } from '../catalog/form-definition.schemas.ts';
import { CHANNELS } from './order-vocabulary.ts';
import { DELIVERY_METHODS } from '../settings/settings.ts';
import { LANGUAGES } from '../notifications/i18n.ts';

/** The language to write to the customer in, when no linked customer has one of their own. */
export const orderLanguageSchema = z.enum(LANGUAGES, { error: `Choose a language: ${LANGUAGES.join(' or ')}` });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31');

export const orderLineInputSchema = z.strictObject({
  productId: z.uuid().optional(),
  sku: z.string().trim().min(1).max(64).optional(),
  quantity: z.number().int().min(1).max(100_000),
  fields: answersSchema.default({}),
});

/** An existing customer by id, or contact details that find (by e-mail, then phone) or create one. */
export const orderCustomerInputSchema = z
  .strictObject({
    id: z.uuid().optional(),
    name: z.string().trim().min(1, "Enter the customer's name").max(200).optional(),
    email: z.email('Enter a valid e-mail address').max(254).optional(),
    phone: z.string().trim().min(3, 'Enter a phone number').max(40).optional(),
    company: z.string().trim().max(200).optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.id && !c.name) ctx.addIssue({ code: 'custom', path: ['name'], message: "Enter the customer's name, or choose an existing customer (id)" });
  });

export const deliveryInputSchema = z.strictObject({
  method: z.enum(DELIVERY_METHODS),
  address: addressSchema.optional(),
  requestedDate: isoDate.optional(),
  instructions: z.string().max(1000).optional(),
});
export type DeliveryInput = z.output<typeof deliveryInputSchema>;

export const placeOrderInputSchema = z.strictObject({
  customer: orderCustomerInputSchema,
  lines: z.array(orderLineInputSchema).min(1, 'An order needs at least one line').max(200),
  delivery: deliveryInputSchema,
  notes: z.string().max(5000).default(''),
  channel: z.enum(CHANNELS),
  language: orderLanguageSchema.optional(),
});
export type PlaceOrderInput = z.output<typeof placeOrderInputSchema>;
export type OrderLineInput = z.output<typeof orderLineInputSchema>;

/**
 * A draft may be incomplete in any way; it is stored as given and checked in full
 * when submitted. Only the shape of what is there is checked now.
 */
export const draftInputSchema = z.strictObject({
  customer: z
    .strictObject({
      id: z.uuid().optional(),
      name: z.string().max(200).optional(),
      email: z.string().max(254).optional(),
      phone: z.string().max(40).optional(),
      company: z.string().max(200).optional(),
    })
    .optional(),
  lines: z
    .array(
      z.strictObject({
        productId: z.uuid().optional(),
        sku: z.string().max(64).optional(),
        quantity: z.number().int().min(1).max(100_000).optional(),
        fields: answersSchema.optional(),
      }),
    )
    .max(200)
    .optional(),
  delivery: z
    .strictObject({
      method: z.enum(DELIVERY_METHODS).optional(),
      address: addressSchema.partial().optional(),
      requestedDate: isoDate.optional(),
      instructions: z.string().max(1000).optional(),
    })
    .optional(),
  notes: z.string().max(5000).optional(),
  channel: z.enum(CHANNELS),
  language: orderLanguageSchema.optional(),
});
export type DraftInput = z.output<typeof draftInputSchema>;

export { computeTotals, type LineTotals, type OrderTotals, type PricedLine } from './totals.ts';

/** An order whose grand total would pass MAX_AMOUNT_MINOR is refused (each line is already bounded by buildLines). */
export function totalProblems(lines: readonly PricedLine[], deliveryFeeMinor: number, deliveryTaxRateBp: number, currency: string): FieldProblem[] {
  if (lines.length === 0) return [];
  const { grandTotalMinor } = computeTotals(lines, deliveryFeeMinor, deliveryTaxRateBp);
  if (grandTotalMinor <= MAX_AMOUNT_MINOR) return [];
  return [{ pointer: '/lines', code: 'amount_too_large', message: `The order would come to more than ${formatMoney(MAX_AMOUNT_MINOR, currency)}, the most one order can hold; split it` }];
}
