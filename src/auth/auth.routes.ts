/** HTTP for log-in, users, API tokens and the audit log. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';
import { problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { ROLES, permissionsOf } from './permissions.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import {
  SESSION_TTL_MS,
  changePassword,
  changeUser,
  createApiToken,
  createUser,
  listApiTokens,
  listAudit,
  listUsers,
  login,
  logout,
  newUserSchema,
  passwordSchema,
  revokeApiToken,
  setUpOwner,
  type SetupToken,
  type Identity,
} from './auth.use-cases.ts';
import type { LoginSource } from './login-throttle.ts';
import { userSchema, meSchema, tokenSchema } from './auth.schemas.ts';

const me = (i: Identity) => {
  if (!i.user || !i.csrfToken) throw new AppError('forbidden', 'This is for logged-in staff; API tokens have no session');
  return { user: i.user, csrfToken: i.csrfToken, permissions: permissionsOf(i.role) };
};
const identityOf = (req: FastifyRequest): Identity => {
  if (!req.identity) throw new AppError('unauthenticated', 'Log in first');
  return req.identity;
};

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function authRoutes(app: App, ctx: AppContext, setup: SetupToken): void {
  const { db } = ctx.database;
  const loginLimit = { max: ctx.config.loginRateLimit, timeWindow: '1 minute' };
  /** req.ip is the client as the trusted proxy saw it (ORDERLY_TRUST_PROXY), or the socket's peer. */
  const source = (req: FastifyRequest): LoginSource => ({ address: req.ip, throttle: ctx.config.loginThrottle });

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Log in: sets an HttpOnly session cookie; send the returned csrfToken as X-CSRF-Token on every change',
        body: z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) }),
        response: { 200: meSchema, ...problems(401, 422, 429) },
      },
    },
    async (req, reply) => {
      const { token, identity } = await login(db, req.body.email, req.body.password, source(req));
      setSessionCookie(req, reply, token);
      return me(identity);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'orders.read' }, schema: { tags: ['auth'], summary: 'Log out (ends this session)', response: { 204: z.null() } } },
    async (req, reply) => {
      const i = identityOf(req);
      if (i.sessionId) await logout(db, i.sessionId);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'orders.read' }, schema: { tags: ['auth'], summary: 'Who am I: user, role, permissions and CSRF token', response: { 200: meSchema, ...problems(401, 403) } } },
    async (req) => me(identityOf(req)),
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'orders.read', rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends my other sessions)',
        body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }),
        response: { 204: z.null(), ...problems(401, 422) },
      },
    },
    async (req, reply) => {
      await changePassword(db, identityOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/setup',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'First start only: create the owner with the one-time set-up token printed on the console',
        body: z.strictObject({ token: z.string().min(1).max(200), email: z.email().max(254), name: z.string().trim().min(1).max(200), password: passwordSchema }),
        response: { 200: meSchema, ...problems(403, 409, 422) },
      },
    },
    async (req, reply) => {
      const { token, identity } = await setUpOwner(db, setup, req.body, source(req));
      setSessionCookie(req, reply, token);
      return me(identity);
    },
  );

  app.get(
    '/api/v1/users',
    { config: { permission: 'users.manage' }, schema: { tags: ['auth'], summary: 'Staff users', response: { 200: z.object({ items: z.array(userSchema) }) } } },
    async () => ({ items: await listUsers(db) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['auth'], summary: 'Add a staff user', body: newUserSchema, response: { 201: userSchema, ...problems(409, 422) } },
    },
    async (req, reply) => reply.status(201).send(await createUser(db, req.body)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['auth'],
        summary: "Change a user's name or role, reset their password, or disable them (their sessions end at once)",
        params: uuidParam,
        body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() }),
        response: { 200: userSchema, ...problems(404, 422) },
      },
    },
    async (req) => changeUser(db, req.params.id, req.body, identityOf(req)),
  );

  app.get(
    '/api/v1/api-tokens',
    { config: { permission: 'tokens.manage' }, schema: { tags: ['auth'], summary: 'API tokens (never the secret)', response: { 200: z.object({ items: z.array(tokenSchema) }) } } },
    async () => ({ items: await listApiTokens(db) }),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for an integration; the token is shown once',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
        response: { 201: tokenSchema.extend({ token: z.string() }), ...problems(422) },
      },
    },
    async (req, reply) => {
      const by = identityOf(req);
      return reply.status(201).send(await createApiToken(db, req.body.name, req.body.role, by.actor, by.userId ?? null));
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    { config: { permission: 'tokens.manage' }, schema: { tags: ['auth'], summary: 'Revoke an API token', params: uuidParam, response: { 204: z.null(), ...problems(404) } } },
    async (req, reply) => {
      await revokeApiToken(db, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['auth'],
        summary: 'The audit log of staff changes, newest first (read-only)',
        querystring: z.strictObject({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number().int(), at: z.date(), actor: z.object({ kind: z.string(), id: z.string().optional(), name: z.string() }), action: z.string(), target: z.string().nullable(), status: z.number().int(), data: z.record(z.string(), z.unknown()) })),
          }),
        },
      },
    },
    async (req) => ({ items: await listAudit(db, req.query.limit, req.query.before) }),
  );
}
