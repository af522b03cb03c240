/** HTTP for orders: schemas and thin handlers over the use cases. */
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { canonicalJson, sha256 } from '../shared/hash.ts';
import { CHANNELS, ORDER_STATUSES } from './order-vocabulary.ts';
import { actorOf } from '../http/actor.ts';
import { ifMatchVersion, problems, uuidParam, type App, type AppContext, orderRefParam } from '../http/types.ts';
import type { Actor } from '../shared/actor.ts';
import { TRANSITION_COMMANDS, type OrderStatus } from './lifecycle.ts';
import { can, timelineEntryPermission } from '../auth/permissions.ts';
import { draftInputSchema, placeOrderInputSchema } from './order.ts';
import { placeOrder } from './place-order.ts';
import { submitDraft } from './submit-draft.ts';
import { refuseIncompleteOrder } from './refuse-incomplete-order.ts';
import { COMMAND_PERMISSION } from './command-permissions.ts';
import { VERIFICATION_METHODS } from './verification.ts';
import { createDraft, editOrder, orderPatchSchema, viewOrder } from './edit-order.ts';
import { transitionOrder } from './transition-order.ts';
import { recordDelay } from './record-delay.ts';
import { findAtRiskOrders, recordNewlyAtRisk } from './at-risk.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { countByStatus, findOrders } from './list-orders.ts';
import { deliveryAddressesOf, findEvents } from './orders.repository.ts';
import { getOrder } from './order-facts.ts';
import { addressSchema } from '../shared/address.ts';
import { toTimeline } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';
import { atRiskOrderSchema, orderSchema, orderSummarySchema, timelineEntrySchema } from './orders.schemas.ts';

const versionOf = ifMatchVersion;
const actorKey = (a: Actor) => ('id' in a ? `${a.kind}:${a.id}` : `${a.kind}:${a.name}`);

export function orderRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;

  const load = (ref: string) => getOrder(db, ref);

  app.post(
    '/api/v1/orders',
    {
      config: { permission: 'orders.place', showsPrices: true, onTimeline: true },
      attachValidation: true,
      schema: {
        tags: ['orders'],
        summary: 'Place an order',
        description:
          'Validates the whole standard order form — every missing or invalid field is reported at once — then records the order with a number, frozen prices and reserved stock. Send an Idempotency-Key to make retries safe: the same key and body return the same order.',
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
        body: placeOrderInputSchema,
        response: { 201: orderSchema, ...problems(409, 422) },
      },
    },
    async (req, reply) => {
      await refuseIncompleteOrder(db, req, placeOrderInputSchema);
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const idem = key ? { scope: `orders:${actorKey(actor)}`, key, requestHash: sha256(canonicalJson(req.body)) } : undefined;
      const { order, replayed } = await placeOrder(db, reactions, req.body, actor, idem);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).header('location', `/api/v1/orders/${order.id}`).header('etag', `"${order.version}"`).send(order);
    },
  );

  app.post(
    '/api/v1/orders/drafts',
    {
      config: { permission: 'orders.place', showsPrices: true, onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Save an incomplete order as a draft',
        description: 'Anything may be missing; the answer lists what is still needed in `missing`. Submit it with POST /api/v1/orders/{id}/submit.',
        body: draftInputSchema,
        response: { 201: orderSchema, ...problems(422) },
      },
    },
    async (req, reply) => {
      const order = await createDraft(db, reactions, req.body, actorOf(req));
      return reply.status(201).header('location', `/api/v1/orders/${order.id}`).header('etag', `"${order.version}"`).send(order);
    },
  );

  app.get(
    '/api/v1/orders',
    {
      config: { permission: 'orders.read', showsPrices: true },
      schema: {
        tags: ['orders'],
        summary: 'List orders, newest first',
        querystring: z.strictObject({
          status: z
            .string()
            .regex(new RegExp(`^(${ORDER_STATUSES.join('|')})(,(${ORDER_STATUSES.join('|')}))*$`), `Comma-separated statuses: ${ORDER_STATUSES.join(', ')}`)
            .optional(),
          channel: z.enum(CHANNELS).optional(),
          customerId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          q: z.string().trim().min(2).max(200).optional().describe('Free text: order number, customer name, e-mail, phone'),
          after: z.string().max(200).optional().describe('Cursor: nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => {
      const q = req.query;
      return findOrders(db, {
        limit: q.limit,
        ...(q.status ? { status: q.status.split(',') as OrderStatus[] } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to) } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(q.after ? { after: q.after } : {}),
      });
    },
  );

  app.get(
    '/api/v1/orders/counts',
    { config: { permission: 'orders.read' }, schema: { tags: ['orders'], summary: 'How many orders are in each status', response: { 200: z.record(z.string(), z.number().int()) } } },
    async () => countByStatus(db),
  );

  app.get(
    '/api/v1/customers/:id/orders',
    {
      config: { permission: 'customers.read', showsPrices: true },
      schema: {
        tags: ['customers'],
        summary: "A customer's orders, newest first",
        params: uuidParam,
        querystring: z.strictObject({ after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() }), ...problems(404, 422) },
      },
    },
    async (req) => findOrders(db, { customerId: req.params.id, limit: req.query.limit, ...(req.query.after ? { after: req.query.after } : {}) }),
  );

  app.get(
    '/api/v1/customers/:id/delivery-addresses',
    {
      config: { permission: 'customers.read', showsPrices: true },
      schema: {
        tags: ['customers'],
        summary: "Where a customer's orders were delivered, each address once, most recently used first (to offer when taking their next order)",
        params: uuidParam,
        response: { 200: z.object({ items: z.array(z.object({ address: addressSchema, lastUsedAt: z.date() })) }), ...problems(404) },
      },
    },
    async (req) => {
      const found = await deliveryAddressesOf(db, req.params.id, 10);
      // Stored addresses were validated when the order was taken; one that no longer reads as an address is left out.
      return { items: found.flatMap((f) => { const a = addressSchema.safeParse(f.address); return a.success ? [{ address: a.data, lastUsedAt: f.lastUsedAt }] : []; }) };
    },
  );

  app.get(
    '/api/v1/orders/:id',
    { config: { permission: 'orders.read', showsPrices: true }, schema: { tags: ['orders'], summary: 'Read an order by id or number', params: orderRefParam, response: { 200: orderSchema, ...problems(404) } } },
    async (req, reply) => {
      const order = await viewOrder(db, reactions, await load(req.params.id));
      return reply.header('etag', `"${order.version}"`).send(order);
    },
  );

  app.get(
    '/api/v1/orders/:id/timeline',
    {
      config: { permission: 'orders.read', showsPrices: true },
      schema: {
        tags: ['orders'],
        summary: "The order's timeline: every change, who made it and when",
        description: 'Shows only the entries the reader may see: payment, card and refund entries need payments.read.',
        params: orderRefParam,
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...problems(404) },
      },
    },
    async (req) => {
      const events = await findEvents(db, (await load(req.params.id)).id);
      const role = req.identity?.role;
      return { items: toTimeline(events.filter((e) => role !== undefined && can(role, timelineEntryPermission(e.type)))) };
    },
  );

  app.patch(
    '/api/v1/orders/:id',
    {
      config: { permission: 'orders.edit', showsPrices: true, onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Change a draft, or the notes, delivery and (before confirmation) lines of a placed order',
        description: 'Requires If-Match with the version you read; a stale version gets 412. The change is recorded on the timeline.',
        params: orderRefParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: orderPatchSchema,
        response: { 200: orderSchema, ...problems(404, 409, 412, 422, 428) },
      },
    },
    async (req, reply) => {
      const version = versionOf(req.headers['if-match']);
      if (version === undefined) throw new AppError('precondition_required', 'Send If-Match with the order version you are changing (its ETag)');
      const order = await editOrder(db, reactions, (await load(req.params.id)).id, req.body, actorOf(req), version);
      return reply.header('etag', `"${order.version}"`).send(order);
    },
  );

  app.post(
    '/api/v1/orders/:id/submit',
    {
      config: { permission: 'orders.place', showsPrices: true, onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Submit a draft: full validation, then it is placed with a number',
        params: orderRefParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        response: { 200: orderSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const order = await submitDraft(db, reactions, (await load(req.params.id)).id, actorOf(req), versionOf(req.headers['if-match']));
      return reply.header('etag', `"${order.version}"`).send(order);
    },
  );

  const transitionBody = z.strictObject({
    reason: z.string().trim().max(1000).optional(),
    note: z.string().trim().max(5000).optional(),
    how: z.enum(VERIFICATION_METHODS).optional().describe('verify: how the order was verified (phone call, e-mail …)'),
  });
  // ship and deliver go through shipments: src/fulfilment/fulfilment.routes.ts serves those two commands.
  for (const command of TRANSITION_COMMANDS.filter((c) => c !== 'ship' && c !== 'deliver')) {
    app.post(
      `/api/v1/orders/:id/${command.replace('_', '-')}`,
      {
        config: { permission: COMMAND_PERMISSION[command], showsPrices: true, onTimeline: true },
        schema: {
          tags: ['orders'],
          summary: `${command.replace('_', ' ')} the order`,
          description: 'Allowed only in the states the lifecycle table names (see allowedCommands on the order). hold and cancel need a reason.',
          params: orderRefParam,
          headers: z.object({ 'if-match': z.string().optional() }),
          body: transitionBody.optional(),
          response: { 200: orderSchema, ...problems(404, 409, 412, 422) },
        },
      },
      async (req, reply) => {
        const order = await transitionOrder(
          db,
          reactions,
          (await load(req.params.id)).id,
          { command, reason: req.body?.reason, note: req.body?.note, expectedVersion: versionOf(req.headers['if-match']), data: command === 'verify' ? { how: req.body?.how ?? 'other' } : undefined },
          actorOf(req),
        );
        return reply.header('etag', `"${order.version}"`).send(order);
      },
    );
  }

  app.post(
    '/api/v1/orders/:id/notes',
    {
      config: { permission: 'orders.note', showsPrices: true, onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Add a note to the timeline',
        params: orderRefParam,
        body: z.strictObject({ note: z.string().trim().min(1).max(5000) }),
        response: { 200: orderSchema, ...problems(404, 422) },
      },
    },
    async (req) => transitionOrder(db, reactions, (await load(req.params.id)).id, { command: 'add_note', note: req.body.note }, actorOf(req)),
  );

  app.post(
    '/api/v1/orders/:id/delays',
    {
      config: { permission: 'orders.edit', onTimeline: true },
      schema: {
        tags: ['orders'],
        summary: 'Record a delay: a later expected completion date and the reason, written for the customer',
        description:
          'The expected completion date moves to newDate; the timeline records it (the customer sees the new date on their order page); the customer is e-mailed at once (order_delayed, in their language) ' +
          'and the `delayed` order event is announced with { previousDate, newDate, reason }.',
        params: orderRefParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: z.strictObject({
          newDate: z.iso.date().describe('The new expected completion date (YYYY-MM-DD): today or later, after the current one'),
          reason: z.string().trim().min(1).max(1000).describe('Why, in words for the customer: it goes in the e-mail'),
        }),
        response: { 201: orderSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const order = await recordDelay(db, reactions, req.params.id, { ...req.body, expectedVersion: versionOf(req.headers['if-match']) }, actorOf(req));
      ctx.nudgeMail?.();
      return reply.status(201).header('etag', `"${order.version}"`).send(order);
    },
  );

  const today = () => new Date().toISOString().slice(0, 10);

  app.get(
    '/api/v1/orders/at-risk',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['orders'],
        summary: 'Orders at risk of being late, most urgent first, each with its reason',
        description:
          'Open orders whose expected completion date has passed without shipping, or that are due within settings.notifications.atRiskWithinDays days with goods still back-ordered ' +
          'or due that soon while one of its work items is overdue or blocked. Detected now; a scheduled scan also records newly at-risk orders on their timeline.',
        response: { 200: z.object({ today: z.string(), withinDays: z.number().int(), items: z.array(atRiskOrderSchema) }) },
      },
    },
    async () => {
      const withinDays = (await getSettings(db)).notifications.atRiskWithinDays;
      return { today: today(), withinDays, items: await findAtRiskOrders(db, reactions, today(), withinDays) };
    },
  );

  app.post(
    '/api/v1/orders/at-risk/scan',
    {
      config: { permission: 'orders.edit' },
      schema: {
        tags: ['orders'],
        summary: 'Run the at-risk scan now: each newly at-risk order goes on its timeline (once per expected date)',
        response: { 200: z.object({ recorded: z.array(z.string()).describe('Numbers of the orders recorded now') }) },
      },
    },
    async () => recordNewlyAtRisk(db, reactions, today()),
  );
}
