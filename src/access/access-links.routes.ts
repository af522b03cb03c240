/** Staff HTTP for access links and verification: list, issue and revoke links; the "to verify" queue. (Asking the customer to verify is a mail: notifications/customer-mail.routes.ts.) */
import { z } from 'zod';
import { ACCESS_PURPOSES } from './access-vocabulary.ts';
import { CHANNELS } from '../orders/order-vocabulary.ts';
import { problems, uuidParam, type App, type AppContext, orderRefParam } from '../http/types.ts';
import { actorOf } from '../http/actor.ts';
import { ordersToVerify } from '../orders/verification-queue.ts';
import { listAccessLinks } from './access-links.ts';
import { issueLinkByStaff, revokeLinkByStaff } from './staff-links.ts';
import { MAX_LINK_DAYS } from './access-link.ts';
import { linkSchema } from './access.schemas.ts';


export function accessRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/orders/:id/access-links',
    { config: { permission: 'orders.read' }, schema: { tags: ['access'], summary: "The order's customer links (never their tokens)", params: orderRefParam, response: { 200: z.object({ items: z.array(linkSchema) }), ...problems(404) } } },
    async (req) => ({ items: await listAccessLinks(db, req.params.id) }),
  );

  app.post(
    '/api/v1/orders/:id/access-links',
    {
      config: { permission: 'orders.edit' },
      schema: {
        tags: ['access'],
        summary: 'Make a customer link for the order (e.g. to send by hand)',
        description:
          'The token is shown once, in this answer; only its hash is kept. Every link expires: by default after its purpose\'s lifetime ' +
          `(order page ORDERLY_ORDER_LINK_DAYS, verify ORDERLY_VERIFY_LINK_DAYS, complete 30 days, survey 60 days), at most ${MAX_LINK_DAYS} days ahead.`,
        params: orderRefParam,
        body: z.strictObject({ purpose: z.enum(ACCESS_PURPOSES), expiresAt: z.iso.datetime({ offset: true }).optional().describe("Default: the purpose's lifetime") }),
        response: { 201: z.object({ id: z.uuid(), purpose: z.enum(ACCESS_PURPOSES), token: z.string(), path: z.string(), url: z.string(), expiresAt: z.date() }), ...problems(404, 422) },
      },
    },
    async (req, reply) => {
      const expiresAt = req.body.expiresAt === undefined ? undefined : new Date(req.body.expiresAt);
      const link = await issueLinkByStaff(db, req.params.id, { purpose: req.body.purpose, expiresAt, lifetimes: ctx.config.links }, actorOf(req));
      return reply.status(201).send({ ...link, url: `${ctx.config.publicUrl}${link.path}` });
    },
  );

  app.delete(
    '/api/v1/access-links/:id',
    { config: { permission: 'orders.edit' }, schema: { tags: ['access'], summary: 'Withdraw a customer link: it stops working at once', params: uuidParam, response: { 200: linkSchema, ...problems(404) } } },
    async (req) => ({ ...(await revokeLinkByStaff(db, req.params.id, actorOf(req))), usable: false }),
  );

  app.get(
    '/api/v1/orders/to-verify',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['orders'],
        summary: 'The "to verify" queue: placed orders the verification policy holds back, oldest first',
        response: {
          200: z.object({
            policy: z.record(z.string(), z.unknown()),
            items: z.array(
              z.object({
                id: z.uuid(),
                number: z.string().nullable(),
                status: z.string(),
                channel: z.enum(CHANNELS),
                customerName: z.string().nullable(),
                customerEmail: z.string().nullable(),
                currency: z.string(),
                grandTotalMinor: z.number().int(),
                placedAt: z.date().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async () => ordersToVerify(db),
  );
}
