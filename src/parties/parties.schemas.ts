/** The parties' response schemas. */
import { z } from 'zod';
import { PARTY_KINDS } from './party-vocabulary.ts';
import type { Party } from './party.ts';

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

export const savedPartySchema = partySchema
  .extend({ webhookSecret: z.string().optional().describe('The signing secret of its webhook: answered only when it was just made (the address set for the first time, or rotated), never again') })
  .meta({ id: 'PartySaved' });

/** The party as the API shows it: never its secret. */
export function toPartyView(p: Party, secret?: string | null) {
  const { webhookSecret: _s, ...view } = p;
  return secret ? { ...view, webhookSecret: secret } : view;
}
