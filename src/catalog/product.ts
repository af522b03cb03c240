/** Products: what is sold, at what price, how it is fulfilled, and the order form it needs. */
import { z } from 'zod';
import { checkFormDefinition, type FormField } from './form-definition.ts';
import { formDefinitionSchema } from './form-definition.schemas.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import type { Conn } from '../shared/db.ts';

export const FULFILMENT_MODES = ['stock', 'made_to_order', 'third_party'] as const;
export type FulfilmentMode = (typeof FULFILMENT_MODES)[number];

export const productInputSchema = z.strictObject({
  sku: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore'),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  priceMinor: z.number().int().min(0).max(1_000_000_000_00),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code'),
  taxRateBp: z.number().int().min(0).max(10_000).default(0),
  fulfilmentMode: z.enum(FULFILMENT_MODES).default('stock'),
  leadTimeDays: z.number().int().min(0).max(3650).default(0),
  allowBackorder: z.boolean().default(false),
  /** The supplier or manufacturer that makes or supplies it (a party's id); null: none named. */
  partyId: z.uuid().nullable().optional(),
  active: z.boolean().default(true),
  formFields: formDefinitionSchema.default([]),
  /** Units on hand when the product is created (stocked products only). */
  initialStock: z.number().int().min(0).max(10_000_000).optional(),
});
export type ProductInput = z.output<typeof productInputSchema>;

export const productPatchSchema = productInputSchema.omit({ initialStock: true }).partial();
export type ProductPatch = z.output<typeof productPatchSchema>;

/** Checks a named party (given by the composition root: parties sit beside the catalog). Returns the problems at `/partyId`. */
export type PartyCheck = (conn: Conn, partyId: string | null | undefined) => Promise<FieldProblem[]>;

export type Product = {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  taxRateBp: number;
  fulfilmentMode: FulfilmentMode;
  leadTimeDays: number;
  allowBackorder: boolean;
  partyId: string | null;
  active: boolean;
  formFields: FormField[];
  version: number;
  stock: { onHand: number; reserved: number; available: number } | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Refuses a form definition zod accepted but that breaks our rules, naming each field. */
export function assertValidForm(fields: FormField[]): void {
  const problems = checkFormDefinition(fields);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      'The order form definition is invalid',
      problems.map((p) => ({ pointer: pointer('formFields', ...p.path), code: p.code, message: p.message })),
    );
  }
}
