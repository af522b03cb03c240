/** What the API answers about webhook endpoints and deliveries. */
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from './webhook-vocabulary.ts';
import type { AttemptRow, DeliveryRow, EndpointRow } from './webhooks.repository.ts';

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const createdEndpointSchema = endpointSchema.extend({ secret: z.string().describe('The signing secret: shown now and never again') }).meta({ id: 'WebhookEndpointCreated' });

export const deliverySchema = z
  .object({
    id: z.uuid().describe('Sent as Orderly-Webhook-Id'),
    endpointId: z.uuid().nullable().describe("The owner's endpoint it went to; null for a party's webhook"),
    partyId: z.uuid().nullable().describe("The party whose webhook address it went to (a work item handed off or cancelled); null for an owner's endpoint"),
    event: z.string(),
    orderId: z.uuid().nullable(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).describe('pending: queued or waiting to retry; delivered: answered 2xx; failed: gave up (replay sends it again)'),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    replayOf: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryDetailSchema = deliverySchema
  .extend({
    body: z.string().describe('The JSON body exactly as signed and sent'),
    attemptLog: z.array(z.object({ attempt: z.number().int(), at: z.iso.datetime(), statusCode: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() })),
  })
  .meta({ id: 'WebhookDeliveryDetail' });

type EventName = (typeof WEBHOOK_EVENTS)[number];
const knownEvents = (events: string[]): EventName[] => events.filter((e): e is EventName => (WEBHOOK_EVENTS as readonly string[]).includes(e));

export const toEndpointView = (r: EndpointRow) => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: knownEvents(r.events),
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toDeliveryView = (d: DeliveryRow) => ({
  id: d.id,
  endpointId: d.endpointId,
  partyId: d.partyId,
  event: d.event,
  orderId: d.orderId,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  replayOf: d.replayOf,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
});

export const toDeliveryDetail = (d: DeliveryRow, attempts: AttemptRow[]) => ({
  ...toDeliveryView(d),
  body: d.body,
  attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
});
