/** HTTP for parties: the warehouse, accounts receivable, suppliers and manufacturers. */
import { z } from 'zod';
import { ifMatchVersion, problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { partyInputSchemaFor, partyPatchSchemaFor } from './party.ts';
import { PARTY_KINDS } from './party-vocabulary.ts';
import { partySchema, savedPartySchema, toPartyView } from './parties.schemas.ts';
import { changeParty, createParty, getParty, listParties, rotatePartySecret } from './parties.use-cases.ts';

export function partyRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  const policy = { allowPrivate: ctx.config.webhooks.allowPrivateTargets };

  app.get(
    '/api/v1/parties',
    {
      config: { permission: 'parties.read' },
      schema: {
        tags: ['parties'],
        summary: 'The parties orders are handed to: the warehouse, accounts receivable, then suppliers and manufacturers by name',
        querystring: z.strictObject({ kind: z.enum(PARTY_KINDS).optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(partySchema) }), ...problems(422) },
      },
    },
    async (req) => ({ items: (await listParties(db, { kind: req.query.kind, active: req.query.active === undefined ? undefined : req.query.active === 'true' })).map((p) => toPartyView(p)) }),
  );

  app.post(
    '/api/v1/parties',
    {
      config: { permission: 'parties.write' },
      schema: {
        tags: ['parties'],
        summary: 'Add a supplier or a manufacturer',
        description: 'With a webhook address, the answer carries its signing secret once: its hand-offs and cancellations are POSTed there, signed (docs/webhooks.md).',
        body: partyInputSchemaFor(policy),
        response: { 201: savedPartySchema, ...problems(422) },
      },
    },
    async (req, reply) => {
      const { party, webhookSecret } = await createParty(db, req.body, policy);
      return reply.status(201).header('etag', `"${party.version}"`).send(toPartyView(party, webhookSecret));
    },
  );

  app.get(
    '/api/v1/parties/:id',
    { config: { permission: 'parties.read' }, schema: { tags: ['parties'], summary: 'Read a party', params: uuidParam, response: { 200: partySchema, ...problems(404) } } },
    async (req, reply) => {
      const party = await getParty(db, req.params.id);
      return reply.header('etag', `"${party.version}"`).send(toPartyView(party));
    },
  );

  app.patch(
    '/api/v1/parties/:id',
    {
      config: { permission: 'parties.write' },
      schema: {
        tags: ['parties'],
        summary: 'Change a party (send If-Match with its version to guard against concurrent edits)',
        params: uuidParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: partyPatchSchemaFor(policy),
        response: { 200: savedPartySchema, ...problems(404, 412, 422) },
      },
    },
    async (req, reply) => {
      const { party, webhookSecret } = await changeParty(db, req.params.id, req.body, policy, ifMatchVersion(req.headers['if-match']));
      return reply.header('etag', `"${party.version}"`).send(toPartyView(party, webhookSecret));
    },
  );

  app.post(
    '/api/v1/parties/:id/webhook-secret',
    {
      config: { permission: 'parties.write' },
      schema: {
        tags: ['parties'],
        summary: "Rotate a party's webhook signing secret (answered once; the old one stops working at once)",
        params: uuidParam,
        body: z.strictObject({}).optional(),
        response: { 200: savedPartySchema, ...problems(404, 409) },
      },
    },
    async (req, reply) => {
      const { party, webhookSecret } = await rotatePartySecret(db, req.params.id);
      return reply.header('etag', `"${party.version}"`).send(toPartyView(party, webhookSecret));
    },
  );
}
