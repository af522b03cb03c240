import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import type { Config } from '../config.ts';
import type { Database } from '../shared/db.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What routes need from the outside world. */
export type AppContext = {
  database: Database;
  config: Config;
  /** The one-time owner set-up token, while no user exists. */
  setup?: { token: string | undefined };
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Wakes the mail dispatcher (set once it runs). */
  nudgeMail?: (() => void) | undefined;
  /** Wakes the webhook dispatcher (set once it runs). */
  nudgeWebhooks?: (() => void) | undefined;
};

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), code: z.string(), message: z.string(), location: z.string().optional() })),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `errors` names each bad field by JSON pointer' });

/** Standard error responses for a route's OpenAPI description. */
export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));

export const uuidParam = z.strictObject({ id: z.uuid() });

/** Who did something (a staff user, an API token, the customer, the system), as every response shows it. */
export const actorSchema = z.object({ kind: z.enum(['user', 'token', 'customer', 'system']), id: z.string().optional(), name: z.string() }).meta({ id: 'Actor' });

/** `:id` of an order route: its id or its number (SO-2026-000123). */
export const orderRefParam = z.strictObject({ id: z.string().min(1).max(64).describe('Order id or number') });
export const idOrSkuParam = z.strictObject({ id: z.string().min(1).max(100) });

/** The version in an If-Match header ("3", W/"3" or 3); undefined without one; a 422 naming the header when unreadable. */
export const ifMatchVersion = (header: string | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new AppError('validation_failed', 'If-Match must hold the version you read (its ETag), e.g. "3"', [{ pointer: 'If-Match', code: 'invalid', message: 'Expected a version number' }]);
  return Number(m[1]);
};
