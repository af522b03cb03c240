/** HTTP for work items: the queues, an order's items, and the commands that move them. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { ifMatchVersion, orderRefParam, problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { AppError } from '../shared/errors.ts';
import type { Role } from '../auth/permissions.ts';
import { PARTY_KINDS } from '../parties/party-vocabulary.ts';
import { WORK_ITEM_STATES } from './work-vocabulary.ts';
import { workItemSchema } from './work-items.schemas.ts';
import { orderWorkItems, workQueue } from './work-queues.ts';
import { actOnWorkItem } from './act-on-work-item.ts';

const roleOf = (req: FastifyRequest): Role => {
  const role = req.identity?.role;
  if (!role) throw new AppError('unauthenticated', 'Log in, or send an API token');
  return role;
};

export function workItemRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get(
    '/api/v1/work-items',
    {
      config: { permission: 'work.read' },
      schema: {
        tags: ['work items'],
        summary: "A queue: work items by due date (earliest first; open ones unless `state` says otherwise), for one party or every party of a kind",
        querystring: z.strictObject({
          partyId: z.uuid().optional(),
          partyKind: z.enum(PARTY_KINDS).optional(),
          state: z
            .string()
            .max(100)
            .optional()
            .transform((s, c) => {
              if (s === undefined) return undefined;
              const parts = s.split(',').filter(Boolean);
              const bad = parts.filter((p) => !(WORK_ITEM_STATES as readonly string[]).includes(p));
              if (bad.length || !parts.length) {
                c.addIssue({ code: 'custom', message: `Use one or more of ${WORK_ITEM_STATES.join(', ')}, separated by commas` });
                return z.NEVER;
              }
              return parts as (typeof WORK_ITEM_STATES)[number][];
            })
            .describe('Comma-separated states; default: todo,in_progress,blocked'),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: z.object({ items: z.array(workItemSchema) }), ...problems(422) },
      },
    },
    async (req) => ({ items: await workQueue(db, { partyId: req.query.partyId, partyKind: req.query.partyKind, states: req.query.state, limit: req.query.limit }, roleOf(req)) }),
  );

  app.get(
    '/api/v1/orders/:id/work-items',
    {
      config: { permission: 'work.read' },
      schema: {
        tags: ['work items'],
        summary: "An order's work items: who must do what, by when, and in what state",
        params: orderRefParam,
        response: { 200: z.object({ items: z.array(workItemSchema) }), ...problems(404) },
      },
    },
    async (req) => ({ items: await orderWorkItems(db, req.params.id, roleOf(req)) }),
  );

  const reasonBody = z.strictObject({ reason: z.string().trim().max(1000).optional() });
  for (const command of ['start', 'done', 'block', 'unblock'] as const) {
    app.post(
      `/api/v1/work-items/:id/${command}`,
      {
        config: { permission: 'work.act', onTimeline: true },
        schema: {
          tags: ['work items'],
          summary: `${command === 'done' ? 'Mark done' : command[0]?.toUpperCase() + command.slice(1)} a work item${command === 'block' ? ' (a reason is required)' : ''}`,
          description: 'The warehouse works warehouse items, accounts works accounts items, owner and sales work every item (allowedCommands on the item says what the reader may do).',
          params: uuidParam,
          headers: z.object({ 'if-match': z.string().optional() }),
          body: reasonBody.optional(),
          response: { 200: workItemSchema, ...problems(403, 404, 409, 412, 422) },
        },
      },
      async (req, reply) => {
        const item = await actOnWorkItem(db, req.params.id, { command, reason: req.body?.reason }, { actor: actorOf(req), role: roleOf(req) }, ifMatchVersion(req.headers['if-match']));
        return reply.header('etag', `"${item.version}"`).send(item);
      },
    );
  }

  app.post(
    '/api/v1/work-items/:id/assign',
    {
      config: { permission: 'work.act', onTimeline: true },
      schema: {
        tags: ['work items'],
        summary: 'Assign a work item to a staff member (null: nobody)',
        params: uuidParam,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: z.strictObject({ userId: z.uuid().nullable() }),
        response: { 200: workItemSchema, ...problems(403, 404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const item = await actOnWorkItem(db, req.params.id, { command: 'assign', userId: req.body.userId }, { actor: actorOf(req), role: roleOf(req) }, ifMatchVersion(req.headers['if-match']));
      return reply.header('etag', `"${item.version}"`).send(item);
    },
  );
}
