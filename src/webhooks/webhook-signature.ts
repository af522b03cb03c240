/**
 * How a webhook is signed: HMAC-SHA256 with the endpoint's secret over
 * `<timestamp>.<body>`, sent as `Orderly-Webhook-Signature: v1=<hex>` beside
 * `Orderly-Webhook-Id` and `Orderly-Webhook-Timestamp` (Unix seconds).
 * docs/webhooks.md shows a receiver checking it. Pure.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const HEADER_ID = 'Orderly-Webhook-Id';
export const HEADER_TIMESTAMP = 'Orderly-Webhook-Timestamp';
export const HEADER_SIGNATURE = 'Orderly-Webhook-Signature';

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signedHeaders(secret: string, a: { id: string; timestamp: number; body: string }): Record<string, string> {
  return { [HEADER_ID]: a.id, [HEADER_TIMESTAMP]: String(a.timestamp), [HEADER_SIGNATURE]: `v1=${signatureOf(secret, a.timestamp, a.body)}` };
}

/** What a receiver does (and what docs/webhooks.md shows): the signature matches and the timestamp is recent. */
export function verifySignature(secret: string, h: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const ts = Number(h.timestamp);
  if (!h.timestamp || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, ts, body), 'hex');
  return (h.signature ?? '').split(',').some((part) => {
    const m = /^v1=([0-9a-f]{64})$/.exec(part.trim());
    return m?.[1] !== undefined && timingSafeEqual(Buffer.from(m[1], 'hex'), expected);
  });
}
