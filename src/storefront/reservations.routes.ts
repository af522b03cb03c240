/** HTTP for storefront reservations: the owner sees what unpaid web orders hold, and releases them. */
import { z } from 'zod';
import { createdAtCursor } from '../shared/cursor.ts';
import { actorOf } from '../http/actor.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { orderSchema } from '../orders/orders.schemas.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { expireReservations, listReservations, releaseReservation } from './reservation-expiry.ts';
import { reservationSchema } from './storefront.schemas.ts';

export function reservationRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/reservations',
    {
      // Which orders are unpaid is payment information: the same permission as the unpaid list.
      config: { permission: 'payments.read' },
      schema: {
        tags: ['inventory'],
        summary: 'Open storefront reservations: unconfirmed web orders with no money in that hold stock, oldest first, with when each expires',
        querystring: z.strictObject({
          after: z.string().max(200).optional().describe('Cursor: nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(reservationSchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => {
      const after = req.query.after ? createdAtCursor.decode(req.query.after) : undefined;
      const { items, next } = await listReservations(db, req.query.limit, after ? { placedAt: after.createdAt, id: after.id } : undefined);
      return { items, nextCursor: next ? createdAtCursor.encode({ createdAt: next.placedAt, id: next.id }) : null };
    },
  );

  app.post(
    '/api/v1/reservations/:id/release',
    {
      config: { permission: 'orders.cancel', onTimeline: true },
      schema: {
        tags: ['inventory'],
        summary: 'Release a storefront reservation now: the unconfirmed web order is cancelled with your reason and its stock freed',
        params: z.strictObject({ id: z.string().min(1).max(64).describe('Order id or number') }),
        body: z.strictObject({ reason: z.string().trim().min(1, 'Say why the reservation is released').max(1000) }),
        response: { 200: orderSchema, ...problems(404, 409, 422) },
      },
    },
    async (req) => releaseReservation(db, reactions, req.params.id, req.body.reason, actorOf(req)),
  );

  app.post(
    '/api/v1/reservations/expire',
    {
      config: { permission: 'orders.cancel' },
      schema: {
        tags: ['inventory'],
        summary: 'Run the reservation sweep now (it also runs by itself): cancels every storefront order whose reservation has expired',
        body: z.strictObject({}).optional(),
        response: {
          200: z.object({ expired: z.array(z.object({ id: z.uuid(), number: z.string().nullable() })), failed: z.array(z.object({ id: z.uuid(), error: z.string() })) }),
        },
      },
    },
    async () => expireReservations(db, reactions),
  );
}
