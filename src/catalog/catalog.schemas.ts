/** The catalog's response schemas (the storefront shows a part of a product). */
import { z } from 'zod';
import { FULFILMENT_MODES } from './product.ts';
import { formFieldSchema } from './form-definition.schemas.ts';

export const productSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    priceMinor: z.number().int(),
    currency: z.string(),
    taxRateBp: z.number().int(),
    fulfilmentMode: z.enum(FULFILMENT_MODES),
    leadTimeDays: z.number().int(),
    allowBackorder: z.boolean(),
    partyId: z.uuid().nullable().describe('The supplier or manufacturer that makes or supplies it'),
    active: z.boolean(),
    formFields: z.array(formFieldSchema),
    version: z.number().int(),
    stock: z.object({ onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() }).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Product' });
