/**
 * The one list of failures a use case may report. src/http/problem-json.ts maps
 * each code to an HTTP status; a code without a mapping fails to compile.
 */
import { humanMessage } from './human-messages.ts';
export const ERROR_CODES = [
  'validation_failed',
  'not_found',
  'conflict',
  'duplicate',
  'version_mismatch',
  'invalid_transition',
  'out_of_stock',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'precondition_required',
  'verification_required',
  'payment_outstanding',
  'refund_exceeds_received',
  'payment_provider_unavailable',
  'payment_provider_error',
  'invalid_signature',
  'database_unavailable',
  'gone',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field, named by a JSON pointer into the request body (or a query/header name). */
export type FieldProblem = { pointer: string; code: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);

/** Zod issues as field problems, one per unknown key. */
export function zodProblems(issues: readonly { path: PropertyKey[]; code: string; message: string; keys?: string[] }[], base: (string | number)[] = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const i of issues) {
    const path = [...base, ...i.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p))];
    if (i.code === 'unrecognized_keys' && i.keys) {
      for (const k of i.keys) out.push({ pointer: pointer(...path, k), code: 'unknown_field', message: `"${k}" is not a known field` });
    } else {
      const { path: _p, code: _c, message: _m, ...params } = i as { path: PropertyKey[]; code: string; message: string } & Record<string, unknown>;
      const at = pointer(...path);
      out.push({ pointer: at, code: i.code === 'invalid_type' && /received undefined/.test(i.message) ? 'required' : i.code, message: humanMessage(at, { keyword: i.code, message: i.message, params }) });
    }
  }
  return out;
}
