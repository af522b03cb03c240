/** The parties' response schemas. */
import { z } from 'zod';
import { PARTY_KINDS } from './party-vocabulary.ts';

export const partySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(PARTY_KINDS),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    leadTimeDays: z.number().int(),
    webhookUrl: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Party' });
