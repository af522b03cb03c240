import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Summary = { id: string; number: string; status: string; channel: string; customerName: string; createdAt: string };
type Page = { items: Summary[]; nextCursor: string | null };

let s: TestServer;
const placed: Summary[] = [];
let sku: string;
beforeAll(async () => {
  s = await startTestServer();
  sku = (await createProduct(s.api, { initialStock: 1000 })).sku;
  const channels = ['phone', 'web', 'email', 'in_person'];
  for (let i = 0; i < 23; i++) {
    const r = await s.api.post<Summary>('/api/v1/orders', orderBody([{ sku, fields: { fabric: 'linen' } }], { channel: channels[i % 4], customer: { name: i === 7 ? 'Zeynep Kaya' : `Customer ${i}`, email: `${uniq('c')}@example.com` } }));
    placed.push(r.body);
  }
});
afterAll(async () => s?.close());

describe('finding orders', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page } = await s.api.get<Page>(`/api/v1/orders?limit=5${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...res.body.items.map((o) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(placed.map((o) => o.id).reverse());
  });

  it('filters by status, channel and customer, and finds by number, name and e-mail', async () => {
    await s.api.post(`/api/v1/orders/${placed[3]?.id}/cancel`, { reason: 'test' });
    const cancelled = await s.api.get<Page>('/api/v1/orders?status=cancelled');
    expect(cancelled.body.items.map((o) => o.id)).toEqual([placed[3]?.id]);
    const web = await s.api.get<Page>('/api/v1/orders?channel=web&limit=100');
    expect(web.body.items.every((o) => o.channel === 'web')).toBe(true);
    expect(web.body.items).toHaveLength(6);
    const byName = await s.api.get<Page>('/api/v1/orders?q=zeynep');
    expect(byName.body.items.map((o) => o.id)).toEqual([placed[7]?.id]);
    const byNumber = await s.api.get<Page>(`/api/v1/orders?q=${placed[11]?.number}`);
    expect(byNumber.body.items.map((o) => o.id)).toEqual([placed[11]?.id]);
  });

  it('filters by date range', async () => {
    const from = placed[10]?.createdAt ?? '';
    const to = placed[12]?.createdAt ?? '';
    const res = await s.api.get<Page>(`/api/v1/orders?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(res.body.items.map((o) => o.id)).toEqual([placed[12]?.id, placed[11]?.id, placed[10]?.id]);
  });

  it('counts orders per status', async () => {
    const res = await s.api.get<Record<string, number>>('/api/v1/orders/counts');
    expect((res.body.placed ?? 0) + (res.body.cancelled ?? 0)).toBe(23);
  });

  it('a bad filter is named', async () => {
    const res = await s.api.get<{ errors: { pointer: string; location: string }[] }>('/api/v1/orders?status=lost&limit=0&after=zzz');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/limit', '/status']);
    expect(res.body.errors[0]?.location).toBe('query');
  });
});
