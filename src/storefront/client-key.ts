/**
 * Who a storefront visitor is, as far as limits and idempotency go: their
 * address, an IPv6 client by its /64 (one subscriber gets a whole /64), hashed
 * so the address itself is not stored. Pure.
 */
import { isIPv6 } from 'node:net';
import { sha256 } from '../shared/hash.ts';

/** The part of an address that names one subscriber: an IPv4 address, or an IPv6 address's first 64 bits. */
export function subscriberPart(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export const clientKey = (ip: string): string => sha256(`storefront-client:${subscriberPart(ip)}`);
