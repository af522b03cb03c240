/**
 * A card payment provider, as Orderly needs it. The adapter (Stripe) turns these
 * calls into the provider's API; card details never pass through Orderly — the
 * customer's browser gives them to the provider, which hands back a token
 * (e.g. a PaymentMethod id) or finishes the payment with a client secret.
 */
export type ProviderPaymentStatus = 'pending' | 'authorised' | 'captured' | 'failed' | 'voided';

export type ProviderPayment = {
  providerRef: string;
  status: ProviderPaymentStatus;
  amountMinor: number;
  /** Captured so far (for a partial capture). */
  capturedMinor: number;
  /** For the customer's browser to finish an authorisation that needs them (3-D Secure, or card entry). */
  clientSecret: string | null;
  failureMessage: string | null;
};

export type ProviderRefund = { refundRef: string; status: 'pending' | 'succeeded' | 'failed'; failureMessage: string | null };

/** A refund's state as the provider reports it in a webhook. */
export type ProviderRefundUpdate = {
  refundRef: string;
  status: 'pending' | 'succeeded' | 'failed';
  amountMinor: number;
  /** Our refund id, as we gave it to the provider (metadata): finds a refund whose answer we have not stored yet. */
  refundId: string | null;
  failureMessage: string | null;
};

/** What a verified webhook told us, in Orderly's words. */
export type ProviderEvent = {
  id: string;
  type: 'payment.authorised' | 'payment.captured' | 'payment.failed' | 'payment.voided' | 'refund.updated' | 'other';
  providerType: string;
  providerRef: string | null;
  /** Our payment id, as we gave it to the provider (metadata): finds a payment whose start we never heard back from. */
  paymentId: string | null;
  amountMinor: number | null;
  failureMessage: string | null;
  /** For `refund.updated`: the refunds the event reports (one for a refund event; a charge event may list several, or none). */
  refunds: ProviderRefundUpdate[];
};

/** A hosted card checkout page at the provider (Stripe Checkout): the customer pays there and comes back. */
export type ProviderCheckout = { sessionRef: string; url: string };

export interface PaymentProvider {
  readonly name: string;
  /**
   * Starts a hosted checkout for one amount. The result arrives as a payment event
   * (`metadata.paymentId` rides on the payment it makes). `idempotencyKey` makes a retried call return the same page.
   */
  startCheckout(a: { amountMinor: number; currency: string; idempotencyKey: string; description: string; successUrl: string; cancelUrl: string; metadata: Record<string, string>; locale?: string | undefined }): Promise<ProviderCheckout>;
  /** Authorises (and with `captureNow` also captures) an amount. `idempotencyKey` makes a retried call return the same payment. */
  authorise(a: { amountMinor: number; currency: string; idempotencyKey: string; paymentMethod?: string | undefined; captureNow: boolean; description: string; metadata: Record<string, string> }): Promise<ProviderPayment>;
  capture(providerRef: string, a: { amountMinor?: number | undefined; idempotencyKey: string }): Promise<ProviderPayment>;
  void(providerRef: string, a: { idempotencyKey: string }): Promise<ProviderPayment>;
  refund(providerRef: string, a: { amountMinor: number; idempotencyKey: string; reason?: string | undefined; metadata?: Record<string, string> }): Promise<ProviderRefund>;
  /** Checks the signature and reads the event; throws ProviderSignatureError when it does not verify. */
  parseWebhook(rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>): ProviderEvent;
}

/** The provider said no (declined, invalid request) or could not be reached. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: 'declined' | 'invalid' | 'unavailable',
    readonly providerCode: string | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export class ProviderSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderSignatureError';
  }
}
