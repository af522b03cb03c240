/**
 * The carriers a business ships with, as settings data: a name and a tracking
 * link template with a `{tracking}` placeholder. A shipment's tracking link is
 * the template with its tracking number put in (URL-encoded). Pure; a leaf.
 */
import { z } from 'zod';

export const TRACKING_PLACEHOLDER = '{tracking}';

/** Is this an https URL once the placeholder is filled in? */
function httpsTemplate(t: string): boolean {
  try {
    return new URL(t.replaceAll(TRACKING_PLACEHOLDER, 'X123')).protocol === 'https:';
  } catch {
    return false;
  }
}

export const carrierSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  trackingUrlTemplate: z
    .string()
    .trim()
    .max(500)
    .refine(httpsTemplate, 'Use an https:// address')
    .refine((t) => t.includes(TRACKING_PLACEHOLDER), `Put ${TRACKING_PLACEHOLDER} where the tracking number goes`)
    .nullable(),
});
export type Carrier = z.infer<typeof carrierSchema>;

export const carriersSchema = z
  .array(carrierSchema)
  .max(50)
  .refine((list) => new Set(list.map((c) => c.name.toLowerCase())).size === list.length, 'Each carrier needs its own name');

export const DEFAULT_CARRIERS: Carrier[] = [
  { name: 'DHL', trackingUrlTemplate: 'https://www.dhl.com/en/express/tracking.html?AWB={tracking}' },
  { name: 'UPS', trackingUrlTemplate: 'https://www.ups.com/track?tracknum={tracking}' },
  { name: 'Royal Mail', trackingUrlTemplate: 'https://www.royalmail.com/track-your-item#/tracking-results/{tracking}' },
  { name: 'Own van', trackingUrlTemplate: null },
];

/** The tracking link for a tracking number, or null when the carrier has no template (or there is no number). */
export function trackingUrl(carrier: Pick<Carrier, 'trackingUrlTemplate'> | undefined, trackingNumber: string | null): string | null {
  if (!carrier?.trackingUrlTemplate || !trackingNumber) return null;
  const url = carrier.trackingUrlTemplate.replaceAll(TRACKING_PLACEHOLDER, encodeURIComponent(trackingNumber));
  return new URL(url).protocol === 'https:' ? url : null;
}
