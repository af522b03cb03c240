import { describe, expect, it } from 'vitest';
import { carrierSchema, carriersSchema, trackingUrl } from './carriers.ts';

describe('carriers', () => {
  it('a tracking template must be https and hold {tracking}', () => {
    expect(carrierSchema.safeParse({ name: 'UPS', trackingUrlTemplate: 'https://ups.example/t?n={tracking}' }).success).toBe(true);
    expect(carrierSchema.safeParse({ name: 'UPS', trackingUrlTemplate: 'http://ups.example/t?n={tracking}' }).success).toBe(false);
    expect(carrierSchema.safeParse({ name: 'UPS', trackingUrlTemplate: 'javascript:alert({tracking})' }).success).toBe(false);
    expect(carrierSchema.safeParse({ name: 'UPS', trackingUrlTemplate: 'https://ups.example/track' }).success).toBe(false);
    expect(carrierSchema.safeParse({ name: 'Van', trackingUrlTemplate: null }).success).toBe(true);
    expect(carriersSchema.safeParse([{ name: 'UPS', trackingUrlTemplate: null }, { name: 'ups', trackingUrlTemplate: null }]).success).toBe(false);
  });
  it('the tracking number is URL-encoded into the link', () => {
    expect(trackingUrl({ trackingUrlTemplate: 'https://c.example/t/{tracking}' }, 'A B/1?x')).toBe('https://c.example/t/A%20B%2F1%3Fx');
    expect(trackingUrl({ trackingUrlTemplate: null }, 'X')).toBeNull();
    expect(trackingUrl(undefined, 'X')).toBeNull();
    expect(trackingUrl({ trackingUrlTemplate: 'https://c.example/t/{tracking}' }, null)).toBeNull();
  });
});
