/** Response schemas of customers (the OpenAPI document names them). */
import { z } from 'zod';
import { addressSchema } from '../shared/address.ts';

export const customerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    addresses: z.object({ billing: addressSchema.optional(), shipping: addressSchema.optional() }),
    notes: z.string(),
    language: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Customer' });
