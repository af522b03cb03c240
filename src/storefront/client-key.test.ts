import { describe, expect, it } from 'vitest';
import { clientKey, subscriberPart } from './client-key.ts';

describe('a storefront visitor, as limits and idempotency see them', () => {
  it('is an IPv4 address as it is, and an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(subscriberPart('203.0.113.7')).toBe('203.0.113.7');
    expect(subscriberPart('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is an IPv6 address by its /64, however it is written', () => {
    expect(subscriberPart('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(subscriberPart('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(subscriberPart('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(subscriberPart('::1')).toBe('0:0:0:0::/64');
  });

  it('is kept as a hash: two addresses in one /64 are one visitor, another /64 is another', () => {
    expect(clientKey('2001:db8:1:2::1')).toBe(clientKey('2001:db8:1:2:ffff::9'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('203.0.113.7')).toMatch(/^[0-9a-f]{64}$/);
  });
});
