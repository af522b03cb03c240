/** Response schemas of quotes (the OpenAPI document names them). */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { QUOTE_STATES, QUOTE_STATUSES } from './quote-vocabulary.ts';

const totalsSchema = z.object({ linesTotalMinor: z.number().int(), taxTotalMinor: z.number().int(), deliveryFeeMinor: z.number().int(), grandTotalMinor: z.number().int() });

export const quoteLineSchema = z.object({
  position: z.number().int(),
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  fields: z.record(z.string(), z.unknown()).describe('The answers as typed: what acceptance checks against the product form again'),
  answers: z.array(z.object({ key: z.string(), label: z.string(), value: z.unknown(), display: z.string(), priceDeltaMinor: z.number().int() })),
  catalogUnitPriceMinor: z.number().int().describe("The catalogue's unit price when the quote was made"),
  unitPriceMinor: z.number().int().describe('The unit price offered (the agreed one, else the catalogue’s), before options and tax'),
  optionsPriceMinor: z.number().int(),
  taxRateBp: z.number().int(),
  agreedPriceReason: z.string().nullable(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});

export const quoteSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    status: z.enum(QUOTE_STATUSES).describe('As stored'),
    state: z.enum(QUOTE_STATES).describe('What it is now: a sent quote past validUntil is expired'),
    customer: z.object({ id: z.uuid().nullable(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), company: z.string().nullable() }),
    delivery: z.record(z.string(), z.unknown()),
    notes: z.string(),
    language: z.enum(LANGUAGES).nullable(),
    currency: z.string(),
    lines: z.array(quoteLineSchema),
    totals: totalsSchema,
    validUntil: z.string().describe('The last day it can be accepted (YYYY-MM-DD)'),
    orderId: z.uuid().nullable(),
    orderNumber: z.string().nullable(),
    inquiryId: z.uuid().nullable().describe('The inquiry it answers, if it was prepared from one'),
    createdBy: actorSchema,
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    acceptedAt: z.date().nullable(),
    withdrawnAt: z.date().nullable(),
  })
  .meta({ id: 'Quote' });

export const customerQuoteSchema = z
  .object({
    number: z.string(),
    state: z.enum(QUOTE_STATES),
    customerName: z.string(),
    currency: z.string(),
    lines: z.array(
      z.object({
        name: z.string(),
        sku: z.string(),
        quantity: z.number().int(),
        options: z.array(z.object({ label: z.string(), value: z.string() })),
        unitPriceMinor: z.number().int().describe('Per unit with the options, before tax'),
        subtotalMinor: z.number().int(),
        agreedPriceReason: z.string().nullable(),
      }),
    ),
    totals: totalsSchema,
    validUntil: z.string(),
    business: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    language: z.enum(LANGUAGES),
    orderNumber: z.string().nullable().describe('The order it became, once accepted'),
  })
  .meta({ id: 'CustomerQuote' });

export const acceptanceSchema = z
  .object({
    quote: customerQuoteSchema,
    orderNumber: z.string(),
    orderPagePath: z.string().describe("A fresh link to the order's page (relative to the public URL)"),
    alreadyAccepted: z.boolean().describe('The quote had been accepted before: this is the order it became'),
  })
  .meta({ id: 'QuoteAcceptance' });
