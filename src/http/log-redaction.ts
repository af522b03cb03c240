/**
 * Request URLs as the log shows them: customer link tokens are secrets, so the
 * segment after a customer page or public token route, and any other run that
 * looks like a token (43 base64url characters), is replaced by [redacted].
 */
import type { FastifyRequest } from 'fastify';

const AFTER_TOKEN_ROUTE = /(\/(?:my-order|verify|complete|survey|order-status)\/)[^/?#]+/gi;
const TOKEN_LIKE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

export const redactUrl = (url: string): string => url.replace(AFTER_TOKEN_ROUTE, '$1[redacted]').replace(TOKEN_LIKE, '[redacted]');

/** Fastify's own request serializer, with the URL redacted. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
