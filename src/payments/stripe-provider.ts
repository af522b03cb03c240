/**
 * The card provider adapter for Stripe, on the official SDK: PaymentIntents
 * (manual capture for authorise-then-capture), Refunds, and webhooks checked
 * with the SDK's own Stripe-Signature verification.
 */
import Stripe from 'stripe';
import { ProviderError, ProviderSignatureError, type PaymentProvider, type ProviderCheckout, type ProviderEvent, type ProviderPayment, type ProviderPaymentStatus, type ProviderRefund, type ProviderRefundUpdate } from './provider.ts';

export type StripeOptions = {
  secretKey: string;
  webhookSecret: string | undefined;
  /** Another API address (a local stand-in, stripe-mock); default api.stripe.com. */
  apiBase?: string | undefined;
  timeoutMs?: number;
  /** Accept webhook timestamps this many seconds old (Stripe's default: 300). */
  webhookToleranceSeconds?: number;
};

function statusOf(pi: Stripe.PaymentIntent): ProviderPaymentStatus {
  switch (pi.status) {
    case 'requires_capture':
      return 'authorised';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return 'voided';
    case 'requires_payment_method':
      // After a failed attempt Stripe returns the intent here with last_payment_error set.
      return pi.last_payment_error ? 'failed' : 'pending';
    default:
      return 'pending';
  }
}

const toPayment = (pi: Stripe.PaymentIntent): ProviderPayment => ({
  providerRef: pi.id,
  status: statusOf(pi),
  amountMinor: pi.amount,
  capturedMinor: pi.amount_received ?? 0,
  clientSecret: pi.status === 'requires_action' || pi.status === 'requires_payment_method' || pi.status === 'requires_confirmation' ? (pi.client_secret ?? null) : null,
  failureMessage: pi.last_payment_error?.message ?? null,
});

/** A Refund's status (pending, requires_action, succeeded, failed, canceled) in our words. */
function refundStatus(status: string | null): ProviderRefund['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

const FAILURE_REASONS: Record<string, string> = {
  lost_or_stolen_card: 'The card was reported lost or stolen',
  expired_or_canceled_card: 'The card has expired or was cancelled',
  charge_for_pending_refund_disputed: 'The payment was disputed',
  insufficient_funds: 'The account balance does not cover the refund',
  declined: 'The card issuer declined the refund',
  merchant_request: 'The refund was cancelled',
};

const refundUpdate = (r: Stripe.Refund): ProviderRefundUpdate => ({
  refundRef: r.id,
  status: refundStatus(r.status),
  amountMinor: r.amount,
  refundId: r.metadata?.refundId ?? null,
  failureMessage: refundStatus(r.status) === 'failed' ? (r.failure_reason ? (FAILURE_REASONS[r.failure_reason] ?? r.failure_reason) : 'The card provider could not refund') : null,
});

type StripeLikeError = Error & { type?: string; code?: string; statusCode?: number; raw?: { payment_intent?: Stripe.PaymentIntent } };

function translate(e: unknown): never {
  const err = e as StripeLikeError;
  if (err && typeof err === 'object' && typeof err.type === 'string') {
    if (err.type === 'StripeCardError') throw new ProviderError(err.message, 'declined', err.code ?? null);
    if (err.type === 'StripeInvalidRequestError' || err.type === 'StripeIdempotencyError') throw new ProviderError(err.message, 'invalid', err.code ?? null);
    if (err.type === 'StripeAuthenticationError' || err.type === 'StripePermissionError') throw new ProviderError(`The card provider refused our credentials: ${err.message}`, 'unavailable', err.code ?? null);
    throw new ProviderError(err.message, 'unavailable', err.code ?? null);
  }
  throw new ProviderError(e instanceof Error ? e.message : String(e), 'unavailable');
}

export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(private readonly o: StripeOptions) {
    const base = o.apiBase ? new URL(o.apiBase) : undefined;
    this.stripe = new Stripe(o.secretKey, {
      maxNetworkRetries: 2,
      timeout: o.timeoutMs ?? 20_000,
      telemetry: false,
      appInfo: { name: 'Orderly' },
      ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'https:' ? 'https' : 'http' } : {}),
    });
  }

  async authorise(a: Parameters<PaymentProvider['authorise']>[0]): Promise<ProviderPayment> {
    try {
      const pi = await this.stripe.paymentIntents.create(
        {
          amount: a.amountMinor,
          currency: a.currency.toLowerCase(),
          capture_method: a.captureNow ? 'automatic' : 'manual',
          description: a.description,
          metadata: a.metadata,
          ...(a.paymentMethod ? { payment_method: a.paymentMethod, confirm: true, payment_method_types: ['card'] } : { payment_method_types: ['card'] }),
        },
        { idempotencyKey: a.idempotencyKey },
      );
      return toPayment(pi);
    } catch (e) {
      const err = e as StripeLikeError;
      // A declined card still leaves a PaymentIntent: report it as a failed payment, not an outage.
      if (err?.type === 'StripeCardError' && err.raw?.payment_intent) return { ...toPayment(err.raw.payment_intent), status: 'failed', failureMessage: err.message };
      return translate(e);
    }
  }

  /** A Checkout Session in payment mode: one line for the amount due; its PaymentIntent carries our metadata, so the webhook finds the payment. */
  async startCheckout(a: Parameters<PaymentProvider['startCheckout']>[0]): Promise<ProviderCheckout> {
    try {
      const session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: a.currency.toLowerCase(), unit_amount: a.amountMinor, product_data: { name: a.description } } }],
          success_url: a.successUrl,
          cancel_url: a.cancelUrl,
          ...(a.metadata.orderId ? { client_reference_id: a.metadata.orderId } : {}),
          metadata: a.metadata,
          payment_intent_data: { description: a.description, metadata: a.metadata },
          ...(a.locale ? { locale: a.locale as Stripe.Checkout.SessionCreateParams.Locale } : {}),
        },
        { idempotencyKey: a.idempotencyKey },
      );
      if (!session.url) throw new ProviderError('The card provider gave no checkout page', 'invalid');
      return { sessionRef: session.id, url: session.url };
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      return translate(e);
    }
  }

  async capture(providerRef: string, a: { amountMinor?: number | undefined; idempotencyKey: string }): Promise<ProviderPayment> {
    try {
      return toPayment(await this.stripe.paymentIntents.capture(providerRef, a.amountMinor !== undefined ? { amount_to_capture: a.amountMinor } : {}, { idempotencyKey: a.idempotencyKey }));
    } catch (e) {
      return translate(e);
    }
  }

  async void(providerRef: string, a: { idempotencyKey: string }): Promise<ProviderPayment> {
    try {
      return toPayment(await this.stripe.paymentIntents.cancel(providerRef, {}, { idempotencyKey: a.idempotencyKey }));
    } catch (e) {
      return translate(e);
    }
  }

  async refund(providerRef: string, a: { amountMinor: number; idempotencyKey: string; reason?: string | undefined; metadata?: Record<string, string> }): Promise<ProviderRefund> {
    try {
      const metadata = { ...a.metadata, ...(a.reason ? { reason: a.reason.slice(0, 500) } : {}) };
      const r = await this.stripe.refunds.create(
        { payment_intent: providerRef, amount: a.amountMinor, ...(Object.keys(metadata).length ? { metadata } : {}) },
        { idempotencyKey: a.idempotencyKey },
      );
      return { refundRef: r.id, status: refundStatus(r.status), failureMessage: r.failure_reason ?? null };
    } catch (e) {
      return translate(e);
    }
  }

  parseWebhook(rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>): ProviderEvent {
    if (!this.o.webhookSecret) throw new ProviderSignatureError('No webhook secret is configured (STRIPE_WEBHOOK_SECRET)');
    const sig = headers['stripe-signature'];
    if (typeof sig !== 'string') throw new ProviderSignatureError('The Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, sig, this.o.webhookSecret, this.o.webhookToleranceSeconds ?? 300);
    } catch (e) {
      throw new ProviderSignatureError(e instanceof Error ? e.message : 'The signature does not verify');
    }
    const base = { id: event.id, providerType: event.type, failureMessage: null, amountMinor: null, providerRef: null, paymentId: null, refunds: [] };
    const intent = (pi: Stripe.PaymentIntent) => ({ providerRef: pi.id, paymentId: pi.metadata?.paymentId ?? null });
    switch (event.type) {
      case 'payment_intent.amount_capturable_updated':
        return { ...base, ...intent(event.data.object), type: 'payment.authorised', amountMinor: event.data.object.amount_capturable };
      case 'payment_intent.succeeded':
        return { ...base, ...intent(event.data.object), type: 'payment.captured', amountMinor: event.data.object.amount_received };
      case 'payment_intent.payment_failed':
        return { ...base, ...intent(event.data.object), type: 'payment.failed', failureMessage: event.data.object.last_payment_error?.message ?? 'The payment failed' };
      case 'payment_intent.canceled':
        return { ...base, ...intent(event.data.object), type: 'payment.voided' };
      // A Refund object: its status moved (pending → succeeded, pending → failed, and for some cards
      // succeeded → failed days later). charge.refund.updated is the older name for the same thing.
      case 'refund.created':
      case 'refund.updated':
      case 'refund.failed':
      case 'charge.refund.updated': {
        const r = event.data.object;
        return { ...base, type: 'refund.updated', providerRef: r.id, amountMinor: r.amount, refunds: [refundUpdate(r)] };
      }
      // A Charge object. Since API version 2022-11-15 its `refunds` list is not included unless
      // expanded; then only the refund events above say which refund moved, and this one is acknowledged.
      case 'charge.refunded': {
        const c = event.data.object;
        return { ...base, type: 'refund.updated', providerRef: typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null), refunds: (c.refunds?.data ?? []).map(refundUpdate) };
      }
      default:
        return { ...base, type: 'other' };
    }
  }
}
