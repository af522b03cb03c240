import { z } from 'zod';

export const addressSchema = z.strictObject({
  name: z.string().trim().max(200).optional(),
  line1: z.string().trim().min(1, 'Enter the street address').max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1, 'Enter the city').max(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'Use a two-letter ISO country code, e.g. GB or TR'),
});

export type Address = z.infer<typeof addressSchema>;
