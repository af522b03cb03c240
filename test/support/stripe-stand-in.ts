/**
 * A local stand-in for the part of Stripe's API Orderly uses, written from
 * Stripe's documentation: PaymentIntents (create, retrieve, capture, cancel),
 * Refunds (create), Idempotency-Key replay, form-encoded requests, Bearer key
 * auth, error objects, and signed webhook events (Stripe-Signature:
 * t=<unix>,v1=<HMAC-SHA256 of "t.payload">). Test payment methods, as in Stripe's
 * testing docs: pm_card_visa succeeds, pm_card_chargeDeclined is declined,
 * pm_card_pendingRefund's refunds start `pending`, pm_card_refundFail's refunds
 * start `succeeded` and can fail later (settleRefund moves them, as the bank would).
 * Test code only: never part of src/.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';

type PI = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: 'automatic' | 'manual';
  client_secret: string;
  description: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  latest_charge: string | null;
  created: number;
  livemode: false;
};
/** Stripe's Refund object: every field the API always sends (`failure_reason` only once it failed). The contract test checks it against the SDK's Stripe.Refund. */
export type Refund = {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string | null;
  charge: string | null;
  currency: string;
  customer: string | null;
  customer_account: string | null;
  payment_intent: string;
  payment_method: string | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  receipt_number: string | null;
  source_transfer_reversal: string | null;
  transfer_reversal: string | null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled' | 'requires_action';
  failure_reason?: string;
  metadata: Record<string, string>;
  created: number;
};
/** Stripe's Charge object, the part `charge.refunded` consumers read (its `refunds` list only when expanded). */
export type Charge = {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
  refunds?: { object: 'list'; data: Refund[]; has_more: boolean; url: string };
};

/** Stripe's Checkout Session, the part Orderly sends and reads. */
export type CheckoutSession = {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string;
  locale: string | null;
  metadata: Record<string, string>;
  /** Null until the customer pays (API versions since 2022-08-01). */
  payment_intent: string | null;
  url: string | null;
  expires_at: number;
  created: number;
  livemode: false;
};

export type StandIn = {
  url: string;
  apiKey: string;
  webhookSecret: string;
  intents: Map<string, PI>;
  refunds: Map<string, Refund>;
  sessions: Map<string, CheckoutSession>;
  requests: { method: string; path: string; body: string; idempotencyKey: string | undefined }[];
  /** What the customer does on the hosted checkout page: pays with a card. The PaymentIntent it makes carries payment_intent_data.metadata. */
  payCheckout(sessionId: string, paymentMethod?: string): PI;
  /** While set, requests are carried out but no answer is sent (the connection drops): the caller cannot know what happened. */
  blackhole: boolean;
  /** What the customer's browser does with Stripe.js: completes a pending intent with a card. */
  completeWithCard(id: string, paymentMethod?: string): PI;
  /** The bank answers a refund later: moves it to succeeded or failed (with Stripe's failure_reason) and returns it. */
  settleRefund(id: string, status: 'succeeded' | 'failed', failureReason?: string): Refund;
  /** The Charge behind a PaymentIntent, as `charge.refunded` carries it; `expandRefunds` includes its refunds list. */
  charge(piId: string, expandRefunds?: boolean): Charge;
  /** A signed webhook delivery for an object, as Stripe would send it. */
  webhook(type: string, object: unknown, o?: { secret?: string; timestamp?: number }): { body: string; signature: string };
  close(): Promise<void>;
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Form fields with Stripe's bracket syntax, nested to any depth (metadata[k]=v, line_items[0][price_data][currency]=eur) to an object. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(k);
    if (!m || !m[1]) continue;
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] ?? '')];
    let bag: Record<string, unknown> = out;
    path.forEach((seg, i) => {
      if (i === path.length - 1) {
        bag[seg] = v;
        return;
      }
      const next = path[i + 1] ?? '';
      bag = (bag[seg] ??= /^\d+$/.test(next) ? [] : {}) as Record<string, unknown>;
    });
  }
  return out;
}

class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}
const invalid = (message: string, code: string, param?: string) => new StripeError(400, { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) });

export async function startStripeStandIn(): Promise<StandIn> {
  const apiKey = `sk_test_${randomBytes(8).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const intents = new Map<string, PI>();
  const refunds = new Map<string, Refund>();
  const sessions = new Map<string, CheckoutSession>();
  const sessionIntents = new Map<string, { description: string | null; metadata: Record<string, string> }>();
  let baseUrl = '';
  const requests: StandIn['requests'] = [];
  const idempotent = new Map<string, { status: number; body: string; params: string }>();
  const state = { blackhole: false };

  const confirm = (pi: PI, pm: string) => {
    pi.payment_method = pm;
    if (pm === 'pm_card_chargeDeclined') {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
      throw new StripeError(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: pi });
    }
    if (!['pm_card_visa', 'pm_card_pendingRefund', 'pm_card_refundFail'].includes(pm)) throw invalid(`No such PaymentMethod: '${pm}'`, 'resource_missing', 'payment_method');
    pi.last_payment_error = null;
    if (pi.capture_method === 'manual') {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount;
    } else {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      pi.latest_charge = id('ch');
    }
  };

  const intent = (piId: string) => {
    const pi = intents.get(piId);
    if (!pi) throw new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${piId}'`, param: 'id' });
    return pi;
  };

  const route = (method: string, path: string, p: Record<string, unknown>): unknown => {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const amount = Number(p.amount);
      if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', 'parameter_invalid_integer', 'amount');
      if (typeof p.currency !== 'string' || !/^[a-z]{3}$/.test(p.currency)) throw invalid('Invalid currency', 'parameter_invalid_string', 'currency');
      const pi: PI = {
        id: id('pi'),
        object: 'payment_intent',
        amount,
        amount_capturable: 0,
        amount_received: 0,
        currency: p.currency,
        capture_method: p.capture_method === 'manual' ? 'manual' : 'automatic',
        client_secret: '',
        description: typeof p.description === 'string' ? p.description : null,
        metadata: (p.metadata as Record<string, string>) ?? {},
        payment_method: null,
        status: 'requires_payment_method',
        last_payment_error: null,
        latest_charge: null,
        created: now(),
        livemode: false,
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
      intents.set(pi.id, pi);
      if (p.confirm === 'true' && typeof p.payment_method === 'string') confirm(pi, p.payment_method);
      return pi;
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      // As Stripe checks them: payment mode, at least one line with a currency and a positive whole unit amount, absolute URLs.
      if (p.mode !== 'payment') throw invalid('mode must be payment here', 'parameter_invalid_string', 'mode');
      const items = p.line_items;
      if (!Array.isArray(items) || items.length === 0) throw invalid('line_items is required in payment mode', 'parameter_missing', 'line_items');
      let total = 0;
      let currency = '';
      items.forEach((raw, i) => {
        const item = raw as { quantity?: string; price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } } };
        const unit = Number(item.price_data?.unit_amount);
        const qty = Number(item.quantity);
        if (!Number.isInteger(unit) || unit < 1) throw invalid('Invalid positive integer', 'parameter_invalid_integer', `line_items[${i}][price_data][unit_amount]`);
        if (!Number.isInteger(qty) || qty < 1) throw invalid('Invalid positive integer', 'parameter_invalid_integer', `line_items[${i}][quantity]`);
        if (!item.price_data?.currency || !/^[a-z]{3}$/.test(item.price_data.currency)) throw invalid('Invalid currency', 'parameter_invalid_string', `line_items[${i}][price_data][currency]`);
        if (!item.price_data.product_data?.name) throw invalid('Missing required param: product_data[name]', 'parameter_missing', `line_items[${i}][price_data][product_data][name]`);
        total += unit * qty;
        currency = item.price_data.currency;
      });
      for (const k of ['success_url', 'cancel_url'] as const) {
        if (typeof p[k] !== 'string' || !/^https?:\/\/[^\s]+$/.test(p[k])) throw invalid('Not a valid URL', 'url_invalid', k);
      }
      const pid = (p.payment_intent_data ?? {}) as { description?: string; metadata?: Record<string, string> };
      const s: CheckoutSession = {
        id: `cs_test_${randomBytes(16).toString('hex')}`,
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: total,
        currency,
        client_reference_id: typeof p.client_reference_id === 'string' ? p.client_reference_id : null,
        success_url: String(p.success_url),
        cancel_url: String(p.cancel_url),
        locale: typeof p.locale === 'string' ? p.locale : null,
        metadata: (p.metadata as Record<string, string>) ?? {},
        payment_intent: null,
        url: '',
        expires_at: now() + 24 * 3600,
        created: now(),
        livemode: false,
      };
      s.url = `${baseUrl}/c/pay/${s.id}`;
      sessions.set(s.id, s);
      sessionIntents.set(s.id, { description: pid.description ?? null, metadata: pid.metadata ?? {} });
      return s;
    }
    if (method === 'GET' && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)) && m[1]) {
      const s = sessions.get(m[1]);
      if (!s) throw new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${m[1]}'`, param: 'session' });
      return s;
    }
    if (method === 'GET' && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && m[1]) return intent(m[1]);
    if (method === 'POST' && (m = /^\/v1\/payment_intents\/([^/]+)\/capture$/.exec(path)) && m[1]) {
      const pi = intent(m[1]);
      if (pi.status !== 'requires_capture') throw invalid(`This PaymentIntent could not be captured because it has a status of ${pi.status}.`, 'payment_intent_unexpected_state');
      const amount = p.amount_to_capture !== undefined ? Number(p.amount_to_capture) : pi.amount_capturable;
      if (amount > pi.amount_capturable) throw invalid('amount_to_capture is greater than the amount capturable', 'amount_too_large', 'amount_to_capture');
      pi.amount_received = amount;
      pi.amount_capturable = 0;
      pi.status = 'succeeded';
      pi.latest_charge = id('ch');
      return pi;
    }
    if (method === 'POST' && (m = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path)) && m[1]) {
      const pi = intent(m[1]);
      if (pi.status === 'succeeded' || pi.status === 'canceled') throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, 'payment_intent_unexpected_state');
      pi.status = 'canceled';
      pi.amount_capturable = 0;
      return pi;
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = intent(String(p.payment_intent));
      if (pi.status !== 'succeeded') throw invalid('This PaymentIntent has no successful charge to refund.', 'charge_not_refundable');
      const refunded = [...refunds.values()].filter((r) => r.payment_intent === pi.id && r.status !== 'failed').reduce((s, r) => s + r.amount, 0);
      const left = pi.amount_received - refunded;
      const amount = p.amount !== undefined ? Number(p.amount) : left;
      if (left <= 0) throw invalid(`Charge for PaymentIntent ${pi.id} has already been refunded.`, 'charge_already_refunded');
      if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount_too_large', 'amount');
      const r: Refund = {
        id: id('re'),
        object: 'refund',
        amount,
        balance_transaction: id('txn'),
        charge: pi.latest_charge,
        currency: pi.currency,
        customer: null,
        customer_account: null,
        payment_intent: pi.id,
        payment_method: pi.payment_method,
        reason: null,
        receipt_number: null,
        source_transfer_reversal: null,
        transfer_reversal: null,
        status: pi.payment_method === 'pm_card_pendingRefund' ? 'pending' : 'succeeded',
        metadata: (p.metadata as Record<string, string>) ?? {},
        created: now(),
      };
      refunds.set(r.id, r);
      return r;
    }
    throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0] ?? '';
      const method = req.method ?? 'GET';
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      requests.push({ method, path, body, idempotencyKey: key });
      // The hosted checkout page itself (a browser lands here): it names the amount and is public, like Stripe's.
      const page = /^\/c\/pay\/([^/]+)$/.exec(path);
      if (method === 'GET' && page?.[1]) {
        const s = sessions.get(page[1]);
        res.writeHead(s ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        res.end(s ? `<!doctype html><title>Checkout</title><h1>Pay ${s.amount_total} ${s.currency.toUpperCase()}</h1><p data-session="${s.id}">Stand-in checkout</p><a href="${s.cancel_url}">Back</a>` : 'No such session');
        return;
      }
      const send = (status: number, text: string) => {
        if (state.blackhole) {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...(key ? { 'idempotency-key': key } : {}) });
        res.end(text);
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return send(401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }));
      }
      const cacheKey = key ? `${method} ${path} ${key}` : undefined;
      const earlier = cacheKey ? idempotent.get(cacheKey) : undefined;
      if (earlier) {
        if (earlier.params !== body) return send(400, JSON.stringify({ error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } }));
        return send(earlier.status, earlier.body);
      }
      let status = 200;
      let text: string;
      try {
        text = JSON.stringify(route(method, path, parseForm(body)));
      } catch (e) {
        if (!(e instanceof StripeError)) throw e;
        status = e.status;
        text = JSON.stringify({ error: e.body });
      }
      if (cacheKey && method === 'POST') idempotent.set(cacheKey, { status, body: text, params: body });
      send(status, text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    webhookSecret,
    intents,
    refunds,
    sessions,
    requests,
    payCheckout(sessionId, pm = 'pm_card_visa') {
      const s = sessions.get(sessionId);
      const data = sessionIntents.get(sessionId);
      if (!s || !data) throw new Error(`No such checkout session: ${sessionId}`);
      const pi: PI = {
        id: id('pi'),
        object: 'payment_intent',
        amount: s.amount_total,
        amount_capturable: 0,
        amount_received: 0,
        currency: s.currency,
        capture_method: 'automatic',
        client_secret: '',
        description: data.description,
        metadata: data.metadata,
        payment_method: null,
        status: 'requires_payment_method',
        last_payment_error: null,
        latest_charge: null,
        created: now(),
        livemode: false,
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
      intents.set(pi.id, pi);
      confirm(pi, pm);
      s.payment_intent = pi.id;
      s.status = 'complete';
      s.payment_status = 'paid';
      return pi;
    },
    get blackhole() {
      return state.blackhole;
    },
    set blackhole(v: boolean) {
      state.blackhole = v;
    },
    completeWithCard(piId, pm = 'pm_card_visa') {
      const pi = intent(piId);
      confirm(pi, pm);
      return pi;
    },
    settleRefund(reId, status, failureReason) {
      const r = refunds.get(reId);
      if (!r) throw new Error(`No such refund: ${reId}`);
      r.status = status;
      if (status === 'failed') r.failure_reason = failureReason ?? 'expired_or_canceled_card';
      return { ...r };
    },
    charge(piId, expandRefunds = false) {
      const pi = intent(piId);
      const mine = [...refunds.values()].filter((r) => r.payment_intent === pi.id);
      const refunded = mine.filter((r) => r.status !== 'failed' && r.status !== 'canceled').reduce((sum, r) => sum + r.amount, 0);
      return {
        id: pi.latest_charge ?? id('ch'),
        object: 'charge',
        amount: pi.amount,
        amount_captured: pi.amount_received,
        amount_refunded: refunded,
        currency: pi.currency,
        payment_intent: pi.id,
        refunded: refunded === pi.amount_received,
        status: 'succeeded',
        metadata: pi.metadata,
        created: pi.created,
        ...(expandRefunds ? { refunds: { object: 'list' as const, data: mine.map((r) => ({ ...r })), has_more: false, url: `/v1/charges/${pi.latest_charge ?? ''}/refunds` } } : {}),
      };
    },
    webhook(type, object, o = {}) {
      const body = JSON.stringify({ id: id('evt'), object: 'event', api_version: '2026-10-28.endive', created: now(), type, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } }, null, 2);
      const t = o.timestamp ?? now();
      const v1 = createHmac('sha256', o.secret ?? webhookSecret).update(`${t}.${body}`, 'utf8').digest('hex');
      return { body, signature: `t=${t},v1=${v1}` };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
