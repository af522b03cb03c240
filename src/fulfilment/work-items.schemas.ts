/** The work items' response schema. */
import { z } from 'zod';
import { PARTY_KINDS } from '../parties/party-vocabulary.ts';
import { WORK_ITEM_COMMANDS, WORK_ITEM_KINDS, WORK_ITEM_STATES } from './work-vocabulary.ts';

export const workItemSchema = z
  .object({
    id: z.uuid(),
    order: z.object({ id: z.uuid(), number: z.string().nullable(), customerName: z.string().nullable(), status: z.string(), expectedCompletionDate: z.string().nullable() }),
    party: z.object({ id: z.uuid(), kind: z.enum(PARTY_KINDS), name: z.string(), email: z.string().nullable() }).nullable().describe('Null only for a blocked item whose product names no supplier'),
    kind: z.enum(WORK_ITEM_KINDS),
    state: z.enum(WORK_ITEM_STATES),
    blockedReason: z.string().nullable(),
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    dueDate: z.string().nullable(),
    overdue: z.boolean(),
    lines: z.array(
      z.object({
        orderLineId: z.uuid(),
        position: z.number().int(),
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        received: z.number().int().nullable().describe('A purchase or production order: units received against it so far (goods in; what is still outstanding is quantity − received). Null for other items'),
        answers: z.array(z.object({ label: z.string(), value: z.string() })),
      }),
    ),
    allowedCommands: z.array(z.enum([...WORK_ITEM_COMMANDS, 'assign'])).describe('What the reader may do now, by the state and their role'),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'WorkItem' });
