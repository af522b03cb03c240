/**
 * The card provider adapter for Stripe, on the official SDK: PaymentIntents
 * (manual capture for authorise-then-capture), Refunds, and webhooks checked
 * with the SDK's own Stripe-Signature verification.
 */
import Stripe from 'stripe';
import { ProviderError, ProviderSignatureError, type PaymentProvider, type ProviderEvent, type ProviderPayment, type ProviderPaymentStatus, type ProviderRefund } from './provider.ts';

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

  async refund(providerRef: string, a: { amountMinor: number; idempotencyKey: string; reason?: string | undefined }): Promise<ProviderRefund> {
    try {
      const r = await this.stripe.refunds.create(
        { payment_intent: providerRef, amount: a.amountMinor, ...(a.reason ? { metadata: { reason: a.reason.slice(0, 500) } } : {}) },
        { idempotencyKey: a.idempotencyKey },
      );
      const status = r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' || r.status === 'canceled' ? 'failed' : 'pending';
      return { refundRef: r.id, status, failureMessage: r.failure_reason ?? null };
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
    const base = { id: event.id, providerType: event.type, failureMessage: null, amountMinor: null, providerRef: null, paymentId: null };
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
      case 'refund.updated':
      case 'refund.created': {
        const r = event.data.object;
        const type = r.status === 'succeeded' ? 'refund.succeeded' : r.status === 'failed' ? 'refund.failed' : 'other';
        return { ...base, type, providerRef: r.id, amountMinor: r.amount, failureMessage: r.failure_reason ?? null };
      }
      default:
        return { ...base, type: 'other' };
    }
  }
}
