/** Parties: who is handed an order besides the sales desk. Input schemas and the party as it is read. Pure. */
import { z } from 'zod';
import { ADDABLE_PARTY_KINDS, type PartyKind } from './party-vocabulary.ts';
import { webhookUrlProblem, type UrlPolicy } from '../webhooks/webhook-url.ts';

/** The party's webhook address, under the SSRF rule of webhooks/webhook-url.ts (the policy comes from the configuration). */
export const webhookUrlSchema = (policy: UrlPolicy) =>
  z
    .string()
    .trim()
    .max(2000)
    .describe('https:// only; never a private, loopback or link-local address (docs/webhooks.md)')
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url, policy);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const fieldsFor = (policy: UrlPolicy) => ({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  email: z.email('Enter a valid e-mail address').max(254).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  leadTimeDays: z.number().int().min(0).max(3650).default(0),
  webhookUrl: webhookUrlSchema(policy).nullable().optional(),
  active: z.boolean().default(true),
});

/** A new party: a supplier or a manufacturer (the warehouse and accounts receivable exist from the start). */
export const partyInputSchemaFor = (policy: UrlPolicy) => z.strictObject({ kind: z.enum(ADDABLE_PARTY_KINDS), ...fieldsFor(policy) });

export const partyPatchSchemaFor = (policy: UrlPolicy) => {
  const fields = fieldsFor(policy);
  return z.strictObject({
    name: fields.name.optional(),
    email: fields.email,
    phone: fields.phone,
    leadTimeDays: z.number().int().min(0).max(3650).optional(),
    webhookUrl: fields.webhookUrl,
    active: z.boolean().optional(),
  });
};
export type PartyInput = z.output<ReturnType<typeof partyInputSchemaFor>>;
export type PartyPatch = z.output<ReturnType<typeof partyPatchSchemaFor>>;

export type Party = {
  id: string;
  kind: PartyKind;
  name: string;
  email: string | null;
  phone: string | null;
  leadTimeDays: number;
  webhookUrl: string | null;
  /** Never answered by the API: shown once when made (see parties.use-cases.ts). */
  webhookSecret: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
