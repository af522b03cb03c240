/** HTTP for shipments and delivery: thin handlers over the use cases. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { ifMatchVersion, problems, type App, type AppContext } from '../http/types.ts';
import { AppError } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { getOrder } from '../orders/order-facts.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { viewOrder } from '../orders/edit-order.ts';
import { orderSchema } from '../orders/orders.schemas.ts';
import { publicFulfilment, orderFulfilment } from './order-fulfilment.ts';
import { shipOrder } from './ship-order.ts';
import { deliverEverything, deliverShipment } from './deliver-shipment.ts';
import { deliveryBody, fulfilmentSchema, shipCommandBody, shipmentBody, shipmentSchema } from './fulfilment.schemas.ts';

const orderRef = z.strictObject({ id: z.string().min(1).max(64).describe('Order id or number') });

async function fulfilmentOf(db: Db, ref: string) {
  const order = await getOrder(db, ref);
  return { ...publicFulfilment(await orderFulfilment(db, order)), orderStatus: order.status, orderVersion: order.version };
}

/** The If-Match version, if sent, must be the order's current one (the bare commands kept that contract). */
async function checkVersion(db: Db, ref: string, header: string | undefined) {
  const v = ifMatchVersion(header);
  if (v === undefined) return;
  const order = await getOrder(db, ref);
  if (order.version !== v) throw new AppError('version_mismatch', `The order changed since version ${v}; reload it and try again`, [], { currentVersion: order.version });
}

export function fulfilmentRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/orders/:id/shipments',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['fulfilment'],
        summary: "The order's shipments, each line's progress and the fulfilment state derived from them",
        params: orderRef,
        response: { 200: fulfilmentSchema, ...problems(404) },
      },
    },
    async (req) => fulfilmentOf(db, req.params.id),
  );

  app.post(
    '/api/v1/orders/:id/shipments',
    {
      config: { permission: 'orders.fulfil', onTimeline: true },
      schema: {
        tags: ['fulfilment'],
        summary: 'Ship some or all of the lines: by carrier (with tracking), local delivery (a slot) or pickup (a time)',
        description:
          'Partial shipments are allowed; a line never ships more than was ordered less what already shipped, and a stocked line ships only units reserved for it (409 naming the line). The first shipment of a confirmed order releases it to fulfilment (refused with 409 payment_outstanding while a payment hold applies); the shipment that leaves nothing to ship moves the order to shipped.',
        params: orderRef,
        body: shipmentBody,
        response: { 201: z.object({ shipment: shipmentSchema, fulfilment: fulfilmentSchema }), ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { shipment, order } = await shipOrder(db, reactions, req.params.id, req.body, actorOf(req));
      return reply.status(201).send({ shipment, fulfilment: await fulfilmentOf(db, order.id) });
    },
  );

  app.post(
    '/api/v1/orders/:id/shipments/:shipmentId/deliver',
    {
      config: { permission: 'orders.fulfil', onTimeline: true },
      schema: {
        tags: ['fulfilment'],
        summary: 'Mark a shipment delivered (or picked up); cash on delivery records what was collected',
        description: 'The delivery that leaves nothing undelivered (and nothing to ship) moves the order to delivered.',
        params: z.strictObject({ id: orderRef.shape.id, shipmentId: z.uuid() }),
        body: deliveryBody.optional(),
        response: { 200: fulfilmentSchema, ...problems(404, 409, 422) },
      },
    },
    async (req) => {
      const order = await deliverShipment(db, reactions, req.params.id, req.params.shipmentId, req.body ?? {}, actorOf(req));
      return fulfilmentOf(db, order.id);
    },
  );

  // The bare lifecycle commands, kept for API compatibility: `ship` is one shipment of everything left; `deliver` delivers every open shipment.
  app.post(
    '/api/v1/orders/:id/ship',
    {
      config: { permission: 'orders.fulfil', onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'ship the order',
        description:
          'Without lines: one shipment of everything that is left (refused with 409 while any of it is back-ordered). With lines: the same as POST /orders/{id}/shipments. The method defaults to the order\'s delivery method (pickup, local delivery, otherwise carrier).',
        params: orderRef,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: shipCommandBody.optional(),
        response: { 200: orderSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      await checkVersion(db, req.params.id, req.headers['if-match']);
      const current = await getOrder(db, req.params.id);
      const { reason: _r, method, ...rest } = req.body ?? {};
      const delivery = typeof current.delivery?.method === 'string' ? current.delivery.method : 'shipping';
      const chosen = method ?? (delivery === 'pickup' ? 'pickup' : delivery === 'local_delivery' ? 'local_delivery' : 'carrier');
      const { order } = await shipOrder(db, reactions, current.id, { ...rest, method: chosen }, actorOf(req));
      const view = await viewOrder(db, reactions, order);
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/api/v1/orders/:id/deliver',
    {
      config: { permission: 'orders.fulfil', onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'deliver the order',
        description: 'Marks every shipment not yet delivered as delivered today; the order moves to delivered.',
        params: orderRef,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: z.strictObject({ note: z.string().trim().max(5000).optional(), reason: z.string().trim().max(1000).optional() }).optional(),
        response: { 200: orderSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      await checkVersion(db, req.params.id, req.headers['if-match']);
      const order = await deliverEverything(db, reactions, req.params.id, actorOf(req), req.body?.note);
      const view = await viewOrder(db, reactions, order);
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );
}
