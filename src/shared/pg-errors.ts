/** Reads PostgreSQL's SQLSTATE from an error thrown by pg, PGlite or Drizzle's wrapper around them. */
export function sqlState(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (e: unknown) => sqlState(e) === '23505';
export const isSerializationFailure = (e: unknown) => sqlState(e) === '40001' || sqlState(e) === '40P01';

/** Socket errors meaning "the server cannot be reached" (refused, reset, unreachable, name not resolved). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ECONNABORTED']);
/**
 * SQLSTATEs meaning the server is not serving us right now: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
 * down), 53300 too_many_connections.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** What node-postgres says (without a code) when a connection drops or cannot be had in time. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when a failure means the database cannot be reached (not that the query was wrong): answer 503 and retry later. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const { code, message } = cur as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // An AggregateError (a host with several addresses, all refused) carries its reasons in `errors`.
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
