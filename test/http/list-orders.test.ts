import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';

type Page = { items: { id: string; createdAt: string; status: string }[]; nextCursor: string | null };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

async function allPages(path: string): Promise<Page['items']> {
  const seen: Page['items'] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: { status: number; body: Page } = await s.api.get<Page>(`${path}${path.includes('?') ? '&' : '?'}limit=3${cursor ? `&after=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

describe('listing orders', () => {
  it('paging with nextCursor returns every order once, newest first, even when several were placed at the same moment', async () => {
    const sofa = await createProduct(s.api, { initialStock: 100 });
    const customer = await s.api.post<{ id: string }>('/api/v1/customers', { name: 'Page Turner', email: 'page.turner@example.com' });
    const placed = await Promise.all(
      Array.from({ length: 10 }, () => s.api.post<{ id: string }>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }], { customer: { id: customer.body.id } }))),
    );
    expect(placed.every((r) => r.status === 201)).toBe(true);
    const ids = placed.map((r) => r.body.id).sort();

    for (const path of ['/api/v1/orders', `/api/v1/orders?customerId=${customer.body.id}`, '/api/v1/orders?status=placed']) {
      const listed = await allPages(path);
      expect(listed.map((o) => o.id).sort(), path).toEqual(ids);
      const keys = listed.map((o) => `${o.createdAt}|${o.id}`);
      expect(keys, path).toEqual([...keys].sort().reverse());
    }
  });
});
