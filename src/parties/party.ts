/** Parties: who is handed an order besides the sales desk. Input schemas and the party as it is read. Pure. */
import { z } from 'zod';
import { ADDABLE_PARTY_KINDS, type PartyKind } from './party-vocabulary.ts';

/** An https address without credentials in it: where the party's hand-offs are also posted. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && !u.username && !u.password && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'Use an https:// address (without a user name or password in it)');

const fields = {
  name: z.string().trim().min(1, 'Enter a name').max(200),
  email: z.email('Enter a valid e-mail address').max(254).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  leadTimeDays: z.number().int().min(0).max(3650).default(0),
  webhookUrl: webhookUrlSchema.nullable().optional(),
  active: z.boolean().default(true),
};

/** A new party: a supplier or a manufacturer (the warehouse and accounts receivable exist from the start). */
export const partyInputSchema = z.strictObject({ kind: z.enum(ADDABLE_PARTY_KINDS), ...fields });
export type PartyInput = z.output<typeof partyInputSchema>;

export const partyPatchSchema = z.strictObject({
  name: fields.name.optional(),
  email: fields.email,
  phone: fields.phone,
  leadTimeDays: z.number().int().min(0).max(3650).optional(),
  webhookUrl: fields.webhookUrl,
  active: z.boolean().optional(),
});
export type PartyPatch = z.output<typeof partyPatchSchema>;

export type Party = {
  id: string;
  kind: PartyKind;
  name: string;
  email: string | null;
  phone: string | null;
  leadTimeDays: number;
  webhookUrl: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
