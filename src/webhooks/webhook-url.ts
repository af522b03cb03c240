/**
 * Where a webhook may go (the SSRF rule). In production: https only, no user name or
 * password in the URL, and the host must not be — or resolve to — a loopback, private,
 * link-local (cloud metadata), shared (CGNAT), multicast or reserved address; the check is
 * made again on the addresses the connection actually uses, so a name that later
 * resolves elsewhere (DNS rebinding) is refused too. `allowPrivate`
 * (ORDERLY_WEBHOOK_ALLOW_PRIVATE_TARGETS, for tests and local development) lifts both the
 * https and the address rule. Pure (no DNS here: see send-webhook.ts).
 */
import { BlockList, isIP } from 'node:net';

// Two lists: one BlockList holding both families also matches IPv4 addresses against IPv6 rules.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blockedV4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blockedV6.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook must never reach in production (any IPv4-mapped or NAT64 IPv6 address included). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blockedV4.check(address, 'ipv4');
  if (family === 6) return blockedV6.check(address, 'ipv6');
  return true;
}

export type UrlPolicy = { allowPrivate: boolean };

/** Why this URL may not receive webhooks, or null when it may (the addresses it resolves to are checked again when sending). */
export function webhookUrlProblem(raw: string, policy: UrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, like https://example.com/orderly-webhook';
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) return 'Use an https:// URL';
  if (url.username || url.password) return 'Leave the user name and password out of the URL (verify the signature instead)';
  if (url.hash) return 'Leave out the #fragment';
  if (policy.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host)) return 'The URL must name a public host, not a local one';
  if (isIP(host) && isPrivateAddress(host)) return 'The URL must not point at a private, loopback or link-local address';
  return null;
}
