/** The card provider chosen by the configuration: Stripe when STRIPE_SECRET_KEY is set, none otherwise. */
import type { Config } from '../config.ts';
import type { PaymentProvider } from '../payments/provider.ts';
import { StripePaymentProvider } from '../payments/stripe-provider.ts';

export function cardProviderFrom(config: Pick<Config, 'stripe'>): PaymentProvider | undefined {
  const s = config.stripe;
  if (!s.secretKey) return undefined;
  return new StripePaymentProvider({ secretKey: s.secretKey, webhookSecret: s.webhookSecret, apiBase: s.apiBase });
}
