/** HTTP for a storefront order's suggested customer: confirm or dismiss. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { ifMatchVersion, problems, type App, type AppContext, orderRefParam } from '../http/types.ts';
import { getOrder } from './order-facts.ts';
import { decideCustomerMatch, type MatchDecision } from './customer-match.ts';
import { orderSchema } from './orders.schemas.ts';
import type { OrderReactions } from './order-events.ts';


export function customerMatchRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;
  const summaries: Record<MatchDecision, string> = {
    confirm: "Confirm a storefront order's suggested customer: the order is filed under them (their stored details are not changed)",
    dismiss: "Dismiss a storefront order's suggested customer: the order keeps only the details the shopper typed",
  };
  for (const decision of ['confirm', 'dismiss'] as const) {
    app.post(
      `/api/v1/orders/:id/customer-match/${decision}`,
      {
        config: { permission: 'orders.edit', onTimeline: true },
        schema: {
          tags: ['orders'],
          summary: summaries[decision],
          params: orderRefParam,
          headers: z.object({ 'if-match': z.string().optional() }),
          body: z.strictObject({ customerId: z.uuid().optional().describe('The suggested customer you saw; refused with 409 if the suggestion changed') }).optional(),
          response: { 200: orderSchema, ...problems(404, 409, 412, 422) },
        },
      },
      async (req, reply) => {
        const order = await getOrder(db, req.params.id);
        const view = await decideCustomerMatch(db, reactions, order.id, decision, actorOf(req), { customerId: req.body?.customerId, version: ifMatchVersion(req.headers['if-match']) });
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );
  }
}
