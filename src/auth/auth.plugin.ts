/**
 * Authentication and authorisation for every /api/v1 route:
 * - at start-up, a route that names neither a permission nor `public` stops the server (fail closed);
 * - each request is identified by an API token (Authorization: Bearer) or a session cookie;
 * - the route's permission is checked against the permission table (401 vs 403);
 * - cookie-authenticated changes must carry the session's CSRF token;
 * - staff changes are written to the append-only audit log.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../http/types.ts';
import { AppError } from '../shared/errors.ts';
import { can } from './permissions.ts';
import { identifySession, identifyToken, type Identity } from './auth.use-cases.ts';
import { insertAudit } from './auth.repository.ts';

export const SESSION_COOKIE = 'orderly_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

export async function identify(ctx: AppContext, req: FastifyRequest): Promise<Identity | undefined> {
  const { db } = ctx.database;
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const identity = m?.[1] ? await identifyToken(db, m[1]) : undefined;
    if (!identity) throw new AppError('unauthenticated', 'The API token is unknown or revoked');
    return identity;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const identity = await identifySession(db, cookie);
  if (!identity) throw new AppError('unauthenticated', 'Your session has ended; log in again');
  return identity;
}

export function registerAuth(app: App, ctx: AppContext): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const config = route.config as { permission?: string; public?: boolean } | undefined;
    if (!config?.permission && !config?.public) {
      throw new Error(`Route ${String(route.method)} ${route.url} must declare config.permission or config.public`);
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith('/api/v1')) return;
    const config = req.routeOptions.config;
    if (config.public) return;
    if (!config.permission) return; // an unknown route: the not-found handler answers
    const identity = await identify(ctx, req);
    if (!identity) throw new AppError('unauthenticated', 'Log in, or send an API token (Authorization: Bearer …)');
    req.identity = identity;
    req.actor = identity.actor;
    if (!can(identity.role, config.permission)) {
      throw new AppError('forbidden', `Your role (${identity.role}) may not do this (needs ${config.permission})`, [], { permission: config.permission });
    }
    if (identity.via === 'session' && !SAFE.has(req.method) && req.headers['x-csrf-token'] !== identity.csrfToken) {
      throw new AppError('csrf_failed', 'This change did not come with the page\'s security token (X-CSRF-Token); reload the page and try again');
    }
    void reply;
  });

  app.addHook('onResponse', async (req, reply) => {
    if (!req.identity || SAFE.has(req.method)) return;
    // A successful order change is on the order's timeline, written in the change's own transaction.
    if (req.routeOptions.config.onTimeline && reply.statusCode < 300) return;
    const params = req.params as Record<string, unknown> | undefined;
    try {
      await insertAudit(ctx.database.db, {
        actor: req.identity.actor,
        action: `${req.method} ${req.routeOptions.url ?? req.url}`,
        target: typeof params?.id === 'string' ? params.id : null,
        status: reply.statusCode,
        data: { requestId: req.id },
      });
    } catch (e) {
      req.log.error({ err: e }, 'could not write the audit log');
    }
  });
}
