import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookUrlProblem } from './webhook-url.ts';
import { signatureOf, verifySignature } from './webhook-signature.ts';
import { guardedLookup, sendSignedWebhook } from './send-webhook.ts';

const prod = { allowPrivate: false };

describe('the SSRF rule', () => {
  it.each([
    'http://example.com/hook',
    'https://user:pass@example.com/hook',
    'https://127.0.0.1/hook',
    'https://10.1.2.3/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://[::ffff:192.168.1.1]/hook',
    'https://localhost/hook',
    'https://localhost./hook',
    'https://printer.local/hook',
    'not a url',
  ])('refuses %s in production', (url) => {
    expect(webhookUrlProblem(url, prod)).not.toBeNull();
  });

  it('accepts a public https URL, and http to 127.0.0.1 only with the test flag', () => {
    expect(webhookUrlProblem('https://hooks.example.com/orderly', prod)).toBeNull();
    expect(webhookUrlProblem('https://8.8.8.8/orderly', prod)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', { allowPrivate: true })).toBeNull();
    expect(webhookUrlProblem('ftp://127.0.0.1/hook', { allowPrivate: true })).not.toBeNull();
  });

  it('knows private addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.0.1', '100.64.0.1', '169.254.0.1', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', '::ffff:10.0.0.1']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('the signature', () => {
  it('verifies a fresh signature and refuses a changed body or an old timestamp', () => {
    const now = 1_800_000_000;
    const sig = `v1=${signatureOf('whsec_x', now, '{"a":1}')}`;
    expect(verifySignature('whsec_x', { timestamp: String(now), signature: sig }, '{"a":1}', now)).toBe(true);
    expect(verifySignature('whsec_x', { timestamp: String(now), signature: sig }, '{"a":2}', now)).toBe(false);
    expect(verifySignature('whsec_x', { timestamp: String(now), signature: sig }, '{"a":1}', now + 301)).toBe(false);
    expect(verifySignature('whsec_y', { timestamp: String(now), signature: sig }, '{"a":1}', now)).toBe(false);
  });
});

describe('sending', () => {
  it('refuses a host whose name resolves to a private address (checked on the addresses the connection uses)', async () => {
    const err = await new Promise<Error | null>((resolve) => guardedLookup(false)('localhost', { all: true }, (e) => resolve(e)));
    expect(err?.message).toMatch(/private address/);
    const ok = await new Promise<Error | null>((resolve) => guardedLookup(true)('localhost', { all: true }, (e) => resolve(e)));
    expect(ok).toBeNull();
  });

  it('does not send to a refused URL, and says so for good', async () => {
    const r = await sendSignedWebhook({ url: 'https://169.254.169.254/latest', secret: 's' }, { id: 'x', body: '{}' }, { allowPrivate: false, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: false, permanent: true, statusCode: null });
  });
});
