/**
 * Authentication and authorisation for every route, in the route's own hook chain (after routing):
 * - at start-up, an API route that names neither a permission nor `public` stops the server (fail closed);
 * - each request is identified by an API token (Authorization: Bearer) or a session cookie;
 * - the route's permission is checked against the permission table (401 vs 403);
 * - cookie-authenticated changes must carry the session's CSRF token;
 * - staff changes are written to the append-only audit log.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../http/types.ts';
import { AppError } from '../shared/errors.ts';
import { can, withoutPrices } from './permissions.ts';
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
  /**
   * Authorisation belongs to the route, not to the URL: every route gets the check in its
   * own hook chain, which runs after routing, so the route that answers is the route whose
   * permission was checked — whatever spelling of the path reached it.
   */
  const check = async (req: FastifyRequest): Promise<void> => {
    const config = req.routeOptions.config;
    if (config.public) return;
    const permission = config.permission;
    if (!permission) throw new AppError('forbidden', 'This route declares no permission, so nobody may use it');
    const identity = await identify(ctx, req);
    if (!identity) throw new AppError('unauthenticated', 'Log in, or send an API token (Authorization: Bearer …)');
    req.identity = identity;
    req.actor = identity.actor;
    if (!can(identity.role, permission)) {
      throw new AppError('forbidden', `Your role (${identity.role}) may not do this (needs ${permission})`, [], { permission });
    }
    if (identity.via === 'session' && !SAFE.has(req.method) && req.headers['x-csrf-token'] !== identity.csrfToken) {
      throw new AppError('csrf_failed', 'This change did not come with the page\'s security token (X-CSRF-Token); reload the page and try again');
    }
  };

  /** A reader without prices.read gets an order's answer without its money fields (docs/security.md). */
  const hidePrices = async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const role = req.identity?.role;
    return role !== undefined && !can(role, 'prices.read') && reply.statusCode < 400 ? withoutPrices(payload) : payload;
  };

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (!config.permission && !config.public) {
      // Deny by default: an API route that declares neither stops the server from starting.
      if (route.url === '/api' || route.url.startsWith('/api/')) throw new Error(`Route ${String(route.method)} ${route.url} must declare config.permission or config.public`);
      // Routes outside the API (the web app's files, the API documentation) are public content.
      route.config = { ...(route.config ?? {}), public: true };
    }
    // The OpenAPI document says the same: who may call each operation.
    if (route.schema && !route.schema.hide) {
      const isPublic = (route.config as { public?: boolean }).public === true;
      Object.assign(route.schema, isPublic ? { security: [], 'x-permission': 'public' } : { security: [{ bearerAuth: [] }, { sessionCookie: [] }], 'x-permission': config.permission });
    }
    if ((route.config as { showsPrices?: boolean }).showsPrices) {
      const ownPre: unknown[] = route.preSerialization === undefined ? [] : Array.isArray(route.preSerialization) ? route.preSerialization : [route.preSerialization];
      route.preSerialization = [...ownPre, hidePrices] as NonNullable<typeof route.preSerialization>;
    }
    const own: unknown[] = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    if (!own.includes(check)) route.onRequest = [check, ...own] as NonNullable<typeof route.onRequest>;
  });

  // Written before the answer leaves (onSend, not onResponse): a client that has its answer can read the entry.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.identity || SAFE.has(req.method)) return payload;
    // A successful order change is on the order's timeline, written in the change's own transaction.
    if (req.routeOptions.config.onTimeline && reply.statusCode < 300) return payload;
    // The database is gone (the request was answered 503): there is nowhere to write it, and the outage is logged once already.
    if (reply.statusCode === 503 && ctx.database.availability.isDown) return payload;
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
    return payload;
  });
}
