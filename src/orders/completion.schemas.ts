/** The expected-date preview: what the order forms send and get back. */
import { z } from 'zod';

export const completionPreviewRequestSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: z.uuid().optional(),
        sku: z.string().trim().min(1).max(64).optional(),
        quantity: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1, 'Add at least one line')
    .max(200),
  requestedDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31')
    .optional(),
});

export const completionPreviewSchema = z
  .object({
    expectedCompletionDate: z.string().describe('The date the order would be expected complete if placed now (working days from the business calendar)'),
    lines: z.array(
      z.object({
        position: z.number().int(),
        sku: z.string(),
        name: z.string(),
        workingDays: z.number().int(),
        basis: z.enum(['in_stock', 'product_lead_time', 'party_lead_time', 'no_lead_time']),
      }),
    ),
  })
  .meta({ id: 'CompletionPreview' });
