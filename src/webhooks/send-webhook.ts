/**
 * Sends one signed webhook: a JSON POST with the Orderly-Webhook-* headers, a timeout,
 * no redirects followed, and the SSRF rule of webhook-url.ts applied to the URL and to
 * every address its host resolves to (the connection uses only checked addresses).
 * Reusable for any target with a URL and a secret (an owner's endpoint, a party's URL).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { signedHeaders } from './webhook-signature.ts';
import { isPrivateAddress, webhookUrlProblem, type UrlPolicy } from './webhook-url.ts';

export type WebhookTarget = { url: string; secret: string };
export type WebhookMessage = { id: string; body: string };
export type SendOptions = UrlPolicy & { timeoutMs: number; now?: () => number; userAgent?: string };
/** `permanent`: sending again cannot help (the URL is not allowed). */
export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number; permanent: boolean };

class RefusedAddress extends Error {}

/** dns.lookup that refuses a host when any of its addresses is private (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (!allowPrivate && bad) return callback(new RefusedAddress(`${hostname} resolves to a private address (${bad.address}): webhooks go only to public addresses`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export function sendSignedWebhook(target: WebhookTarget, message: WebhookMessage, o: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const took = () => Date.now() - started;
  const problem = webhookUrlProblem(target.url, o);
  if (problem) return Promise.resolve({ ok: false, statusCode: null, error: problem, durationMs: 0, permanent: true });
  const url = new URL(target.url);
  const timestamp = Math.floor((o.now ?? Date.now)() / 1000);
  const body = Buffer.from(message.body, 'utf8');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, durationMs: took() });
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(o.allowPrivate),
        timeout: o.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': o.userAgent ?? 'Orderly-Webhooks/1',
          ...signedHeaders(target.secret, { id: message.id, timestamp, body: message.body }),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Only the status matters; read (and drop) at most 64 KiB of the answer.
        let read = 0;
        res.on('data', (c: Buffer) => {
          read += c.length;
          if (read > 65_536) res.destroy();
        });
        const done = () => finish(status >= 200 && status < 300 ? { ok: true, statusCode: status, error: null, permanent: false } : { ok: false, statusCode: status, error: `HTTP ${status}`, permanent: false });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const hardStop = setTimeout(() => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs + 1000);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (e) => finish({ ok: false, statusCode: null, error: e.message, permanent: e instanceof RefusedAddress }));
    req.on('close', () => clearTimeout(hardStop));
    req.end(body);
  });
}
