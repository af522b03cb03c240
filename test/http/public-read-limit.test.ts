/** The storefront catalog is rate limited per client address (issue 8, finding 13). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({}, { ORDERLY_PUBLIC_READ_RATE_LIMIT: '5' });
});
afterAll(async () => s?.close());

describe('GET /api/v1/public/catalog', () => {
  it('answers 429 problem+json with Retry-After past ORDERLY_PUBLIC_READ_RATE_LIMIT a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.anon.get('/api/v1/public/catalog')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await s.anon.get<{ code: string; status: number }>('/api/v1/public/catalog');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('is generous by default: 300 a minute', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    expect(loadConfig({}).publicReadRateLimit).toBe(300);
  });
});
