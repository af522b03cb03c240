/** Configuration: bad values are named, never printed back (issue 8, findings 4 and 13). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { runMain } from '../support/process.ts';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('the configuration was accepted');
};

describe('a bad configuration value', () => {
  const secrets = { DATABASE_URL: 'mysql://orderly:Db-S3cret-Pa55@db.internal/orderly', SMTP_URL: 'https://mailer:Smtp-S3cret-Pa55@mail.internal' };

  it('is named with its rule, and its value (which may hold a password) is never in the message', () => {
    const message = refusal(secrets);
    expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(message).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(message).not.toContain('Db-S3cret-Pa55');
    expect(message).not.toContain('Smtp-S3cret-Pa55');
    expect(message).not.toContain('db.internal');
  });

  it('stops the process with the same message and no secret on its console', async () => {
    const r = runMain(secrets);
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(r.output()).toContain('SMTP_URL');
    expect(r.output()).not.toContain('Db-S3cret-Pa55');
    expect(r.output()).not.toContain('Smtp-S3cret-Pa55');
  });
});

describe('ORDERLY_TRUST_PROXY', () => {
  it('refuses true (every hop), naming the variable and what to give instead', () => {
    for (const v of ['true', 'yes']) {
      const message = refusal({ ORDERLY_TRUST_PROXY: v });
      expect(message).toContain('ORDERLY_TRUST_PROXY: true (trust every hop) is not accepted');
      expect(message).toContain('127.0.0.1');
    }
  });

  it('refuses a hop count, which cannot tell a proxied request from a direct one', () => {
    expect(refusal({ ORDERLY_TRUST_PROXY: '1' })).toContain('ORDERLY_TRUST_PROXY: a hop count is not accepted');
  });

  it('refuses anything that is not an address, a range or a known range name', () => {
    for (const v of ['10.0.0.0/33', 'proxy.internal', '127.0.0.1,', '300.1.1.1']) {
      expect(refusal({ ORDERLY_TRUST_PROXY: v }), v).toContain('ORDERLY_TRUST_PROXY: must be false, or a comma-separated list');
    }
  });

  it('trusts nothing by default, nor for false or 0, and takes a list of addresses, ranges and names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ORDERLY_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ORDERLY_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ORDERLY_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1/128,uniquelocal' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1/128', 'uniquelocal']);
  });
});

describe('log-in throttling settings', () => {
  it('refuses an account limit under twice the address limit (one address could then lock an account)', () => {
    expect(refusal({ ORDERLY_LOGIN_ADDRESS_MAX_FAILURES: '5', ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES: '9' })).toContain('ORDERLY_LOGIN_ACCOUNT_MAX_FAILURES must be at least twice ORDERLY_LOGIN_ADDRESS_MAX_FAILURES');
    expect(loadConfig({}).loginThrottle).toEqual({ addressMaxFailures: 5, accountMaxFailures: 10, windowSeconds: 900 });
  });
});
