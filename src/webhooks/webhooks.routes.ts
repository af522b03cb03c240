/** HTTP for the owner's outgoing webhooks: endpoints, the delivery log, replay. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { createdAtCursor } from '../shared/cursor.ts';
import { WEBHOOK_EVENTS } from './webhook-vocabulary.ts';
import { changeEndpoint, createEndpoint, removeEndpoint, webhookEndpoints } from './webhook-endpoints.ts';
import { deliveryLog, deliveryWithAttempts } from './webhook-deliveries.ts';
import { replayDelivery } from './queue-webhooks.ts';
import { createdEndpointSchema, deliveryDetailSchema, deliverySchema, endpointSchema, toDeliveryDetail, toDeliveryView, toEndpointView } from './webhooks.schemas.ts';

const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'Choose at least one event').max(WEBHOOK_EVENTS.length);
const url = z.string().trim().min(1, 'Enter the URL').max(2000).describe('https:// only; never a private, loopback or link-local address (docs/webhooks.md)');

export function webhookRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;
  const policy = { allowPrivate: ctx.config.webhooks.allowPrivateTargets };

  app.get(
    '/api/v1/webhook-endpoints',
    { config: { permission: 'webhooks.manage' }, schema: { tags: ['webhooks'], summary: 'Your webhook endpoints (their secrets are never shown again)', response: { 200: z.object({ items: z.array(endpointSchema) }) } } },
    async () => ({ items: (await webhookEndpoints(db)).map(toEndpointView) }),
  );

  app.post(
    '/api/v1/webhook-endpoints',
    {
      config: { permission: 'webhooks.manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to order events',
        description: 'Answers the signing secret once. Each event is POSTed as JSON, signed: see docs/webhooks.md for checking the signature.',
        body: z.strictObject({ url, events, description: z.string().trim().max(200).optional() }),
        response: { 201: createdEndpointSchema, ...problems(422) },
      },
    },
    async (req, reply) => {
      const e = await createEndpoint(db, req.body, policy, actorOf(req));
      return reply.status(201).send({ ...toEndpointView(e), secret: e.secret });
    },
  );

  app.patch(
    '/api/v1/webhook-endpoints/:id',
    {
      config: { permission: 'webhooks.manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change an endpoint: disable or enable it, its events, URL or description',
        params: uuidParam,
        body: z.strictObject({ url: url.optional(), events: events.optional(), description: z.string().trim().max(200).optional(), active: z.boolean().optional() }),
        response: { 200: endpointSchema, ...problems(404, 422) },
      },
    },
    async (req) => toEndpointView(await changeEndpoint(db, req.params.id, req.body, policy)),
  );

  app.delete(
    '/api/v1/webhook-endpoints/:id',
    { config: { permission: 'webhooks.manage' }, schema: { tags: ['webhooks'], summary: 'Delete an endpoint and its delivery log', params: uuidParam, response: { 204: z.null(), ...problems(404) } } },
    async (req, reply) => {
      await removeEndpoint(db, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhook-deliveries',
    {
      config: { permission: 'webhooks.manage' },
      schema: {
        tags: ['webhooks'],
        summary: "The delivery log, newest first: owners' endpoints and parties' webhooks",
        querystring: z.strictObject({ endpointId: z.uuid().optional(), partyId: z.uuid().optional().describe("Only what went to this party's webhook"), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => {
      const q = req.query;
      const items = await deliveryLog(db, { endpointId: q.endpointId, partyId: q.partyId, before: q.after ? createdAtCursor.decode(q.after) : undefined, limit: q.limit + 1 });
      const page = items.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(toDeliveryView), nextCursor: items.length > q.limit && last ? createdAtCursor.encode(last) : null };
    },
  );

  app.get(
    '/api/v1/webhook-deliveries/:id',
    { config: { permission: 'webhooks.manage' }, schema: { tags: ['webhooks'], summary: 'One delivery: the body sent and every attempt', params: uuidParam, response: { 200: deliveryDetailSchema, ...problems(404) } } },
    async (req) => {
      const { delivery, attempts } = await deliveryWithAttempts(db, req.params.id);
      return toDeliveryDetail(delivery, attempts);
    },
  );

  app.post(
    '/api/v1/webhook-deliveries/:id/replay',
    {
      config: { permission: 'webhooks.manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again (a new delivery with the same body and event id)',
        params: uuidParam,
        body: z.strictObject({}).optional(),
        response: { 202: deliverySchema, ...problems(404, 409) },
      },
    },
    async (req, reply) => {
      const d = await replayDelivery(db, req.params.id, actorOf(req));
      ctx.nudgeWebhooks?.();
      return reply.status(202).send(toDeliveryView(d));
    },
  );
}
