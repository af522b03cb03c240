/**
 * The one mapping from failures to HTTP: every error leaves as
 * application/problem+json (RFC 9457) with an `errors` list naming each field.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldProblem } from '../shared/errors.ts';
import { humanMessage } from '../shared/human-messages.ts';
import { isDatabaseUnavailable } from '../shared/pg-errors.ts';

/** Every ErrorCode has a status and a title; a missing one fails to compile. */
const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 422, title: 'The request has missing or invalid fields' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  duplicate: { status: 409, title: 'Already exists' },
  version_mismatch: { status: 412, title: 'The resource changed since you read it' },
  invalid_transition: { status: 409, title: 'Not allowed in the current state' },
  out_of_stock: { status: 409, title: 'Not enough stock' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used for a different request' },
  idempotency_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  unauthenticated: { status: 401, title: 'Log in first' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  csrf_failed: { status: 403, title: 'Missing or wrong CSRF token' },
  rate_limited: { status: 429, title: 'Too many requests' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  precondition_required: { status: 428, title: 'This request needs an If-Match header' },
  verification_required: { status: 409, title: 'The order must be verified first' },
  payment_outstanding: { status: 409, title: 'The order is not paid yet' },
  refund_exceeds_received: { status: 409, title: 'A refund cannot exceed what was received' },
  payment_provider_unavailable: { status: 409, title: 'Card payments are not set up' },
  payment_provider_error: { status: 502, title: 'The payment provider refused or failed' },
  invalid_signature: { status: 400, title: 'The signature does not match' },
  database_unavailable: { status: 503, title: 'The database cannot be reached; try again shortly' },
  gone: { status: 410, title: 'No longer available' },
};

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | 'bad_request' | 'internal_error';
  detail: string;
  instance?: string;
  requestId?: string;
  errors: (FieldProblem & { location?: string })[];
  [k: string]: unknown;
};

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

function problemFromAppError(err: AppError, req: FastifyRequest): ProblemBody {
  const { status, title } = STATUS[err.code];
  return {
    ...err.extra,
    type: `https://orderly.dev/problems/${err.code}`,
    title,
    status,
    code: err.code,
    detail: err.detail,
    instance: req.url,
    errors: err.fields,
  };
}

type ValidationItem = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

function fieldProblems(items: ValidationItem[], location: string): (FieldProblem & { location: string })[] {
  const out: (FieldProblem & { location: string })[] = [];
  for (const v of items) {
    const base = v.instancePath === '/' ? '' : v.instancePath;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys)) {
      for (const k of v.params.keys as string[]) {
        out.push({ pointer: `${base}/${k}`, code: 'unknown_field', message: `"${k}" is not a known field`, location });
      }
      continue;
    }
    out.push({ pointer: base || '/', code: v.keyword, message: humanMessage(base || '/', v), location });
  }
  return out;
}

const LOCATION: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** What the error mapping tells the rest of the server. */
export type ProblemHooks = {
  /** A request failed because the database could not be reached (logged there once, not per request). */
  databaseUnavailable?: (e: unknown) => { retryAfterSeconds: number };
};

export function registerProblemJson(app: FastifyInstance, hooks: ProblemHooks = {}): void {
  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'rate_limited' || error.code === 'database_unavailable') void reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
      return sendProblem(reply, problemFromAppError(error, req));
    }
    if (isDatabaseUnavailable(error)) {
      const { retryAfterSeconds } = hooks.databaseUnavailable?.(error) ?? { retryAfterSeconds: 5 };
      req.log.debug({ err: error }, 'database unavailable');
      void reply.header('retry-after', String(retryAfterSeconds));
      return sendProblem(reply, problemFromAppError(new AppError('database_unavailable', 'The database cannot be reached at the moment; try again shortly. A change is all or nothing: to retry one safely, send the same Idempotency-Key.', [], { retryAfterSeconds }), req));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const location = LOCATION[error.validationContext ?? 'body'] ?? 'body';
      const errors = fieldProblems(error.validation as ValidationItem[], location);
      return sendProblem(reply, {
        type: 'https://orderly.dev/problems/validation_failed',
        title: STATUS.validation_failed.title,
        status: 422,
        code: 'validation_failed',
        detail: `${errors.length} field${errors.length === 1 ? '' : 's'} in the ${location} ${errors.length === 1 ? 'is' : 'are'} missing or invalid`,
        instance: req.url,
        errors,
      });
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, { type: 'https://orderly.dev/problems/payload_too_large', title: STATUS.payload_too_large.title, status: 413, code: 'payload_too_large', detail: fe.message, errors: [] });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(reply, { type: 'https://orderly.dev/problems/unsupported_media_type', title: STATUS.unsupported_media_type.title, status: 415, code: 'unsupported_media_type', detail: 'Send the body as application/json', errors: [] });
    }
    if (fe.statusCode === 429) {
      return sendProblem(reply, { type: 'https://orderly.dev/problems/rate_limited', title: STATUS.rate_limited.title, status: 429, code: 'rate_limited', detail: fe.message, errors: [] });
    }
    if (!isResponseSerializationError(fe) && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Malformed JSON, empty body with a JSON content type, bad headers …
      return sendProblem(reply, {
        type: 'https://orderly.dev/problems/bad_request',
        title: 'Bad request',
        status: fe.statusCode,
        code: 'bad_request',
        detail: fe.message,
        instance: req.url,
        errors: [],
      });
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      type: 'https://orderly.dev/problems/internal_error',
      title: 'Internal error',
      status: 500,
      code: 'internal_error',
      detail: 'Something went wrong on our side. Quote the request id when you report it.',
      requestId: req.id,
      errors: [],
    });
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, {
      type: 'https://orderly.dev/problems/not_found',
      title: 'Not found',
      status: 404,
      code: 'not_found',
      detail: `No route ${req.method} ${req.url.split('?')[0]}`,
      errors: [],
    }),
  );
}
