import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';

type Problem = { code: string; errors: { pointer: string; code: string; message: string }[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

describe("a date field's min and max are days from the day of the order", () => {
  it('a product whose date bound is not a whole number of days is refused, naming the bound', async () => {
    const res = await s.api.post<Problem>('/api/v1/products', { sku: uniq('DESK'), name: 'Desk', priceMinor: 100, currency: 'EUR', formFields: [{ key: 'fit', label: 'Fitting day', type: 'date', min: 0.5, max: 1e6 }] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/formFields/0/min', 'invalid_days'],
      ['/formFields/0/max', 'invalid_days'],
    ]);
  });

  it('an order whose date is before min or after max gets a 422 naming the field; the first and last allowed days are accepted', async () => {
    const desk = await createProduct(s.api, { formFields: [{ key: 'fit', label: 'Fitting day', type: 'date', required: true, min: 2, max: 30 }] });
    const order = (fit: string) => s.api.post<Problem>('/api/v1/orders', orderBody([{ sku: desk.sku, fields: { fit } }]));
    const early = await order(day(1));
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ pointer: '/lines/0/fields/fit', code: 'too_early', message: `Fitting day must be on or after ${day(2)}` }]);
    const late = await order(day(31));
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([{ pointer: '/lines/0/fields/fit', code: 'too_late', message: `Fitting day must be on or before ${day(30)}` }]);
    expect((await order(day(2))).status).toBe(201);
    expect((await order(day(30))).status).toBe(201);
  });
});
