/**
 * A quote as data: what staff send to create one, its lines with their prices, its
 * number, its state and its totals (computed by the orders' one totals function). Pure.
 */
import { z } from 'zod';
import { answersSchema } from '../catalog/form-definition.schemas.ts';
import type { FrozenAnswer } from '../catalog/form-definition.ts';
import { deliveryInputSchema, orderCustomerInputSchema, orderLanguageSchema } from '../orders/order.ts';
import { computeTotals, type OrderTotals } from '../orders/totals.ts';
import { MAX_AMOUNT_MINOR } from '../shared/money.ts';
import type { QUOTE_STATES, QUOTE_STATUSES } from './quote-vocabulary.ts';

export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export type QuoteState = (typeof QUOTE_STATES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31');

export const quoteLineInputSchema = z.strictObject({
  productId: z.uuid().optional(),
  sku: z.string().trim().min(1).max(64).optional(),
  quantity: z.number().int().min(1).max(100_000),
  fields: answersSchema.default({}),
  /** A unit price agreed with the customer (net, before the options' surcharges and tax), instead of the catalogue's. */
  agreedUnitPriceMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
  /** Why the price differs from the catalogue's: required with an agreed price. */
  agreedPriceReason: z.string().trim().min(1).max(500).optional(),
});

export const createQuoteInputSchema = z.strictObject({
  customer: orderCustomerInputSchema,
  lines: z.array(quoteLineInputSchema).min(1, 'A quote needs at least one line').max(200),
  delivery: deliveryInputSchema,
  notes: z.string().max(5000).default(''),
  language: orderLanguageSchema.optional(),
  /** The last day the customer may accept it; default: 30 days from today. */
  validUntil: isoDate.optional(),
  /** The inquiry this quote answers: sending the quote marks it quoted, accepting it won. */
  inquiryId: z.uuid().optional(),
});
export type CreateQuoteInput = z.output<typeof createQuoteInputSchema>;

/** A quote's line as stored: the request acceptance validates again, and the prices it offers. */
export type QuoteLine = {
  position: number;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** The answers as typed (what acceptance runs through the product's form again). */
  fields: z.output<typeof answersSchema>;
  /** The answers as the form understood them (labels and display values, for the page, the mail and the PDF). */
  answers: FrozenAnswer[];
  /** The catalogue's unit price when the quote was made. */
  catalogUnitPriceMinor: number;
  /** What the line is charged per unit before options: the agreed price, else the catalogue's. */
  unitPriceMinor: number;
  optionsPriceMinor: number;
  taxRateBp: number;
  agreedPriceReason: string | null;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
};

export const DEFAULT_VALIDITY_DAYS = 30;

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Q-2026-0001: the year and a gap-free sequence (document_counters, series 'quote'). */
export const QUOTE_SERIES = 'quote';
export const formatQuoteNumber = (year: number, seq: number): string => `Q-${year}-${String(seq).padStart(4, '0')}`;

/** What a quote is now: a sent quote past its last valid day is expired. */
export function quoteState(q: { status: QuoteStatus; validUntil: string }, today: string): QuoteState {
  if (q.status === 'sent' && q.validUntil < today) return 'expired';
  return q.status;
}

/** Totals with the orders' function: the same arithmetic (tax per line, delivery fee and its tax). */
export function quoteTotals(lines: readonly Pick<QuoteLine, 'quantity' | 'unitPriceMinor' | 'optionsPriceMinor' | 'taxRateBp'>[], deliveryFeeMinor: number, deliveryTaxRateBp: number): OrderTotals {
  return computeTotals(lines, deliveryFeeMinor, deliveryTaxRateBp);
}
