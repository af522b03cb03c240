/** Builders for the things tests need, created through the real API. */
import { expect } from 'vitest';
import type { Api } from './server.ts';

let counter = 0;
export const uniq = (p: string) => `${p}-${process.pid}-${++counter}`;

export const sofaForm = [
  {
    key: 'fabric',
    label: 'Fabric',
    type: 'select',
    required: true,
    options: [
      { value: 'linen', label: 'Linen', priceDeltaMinor: 0 },
      { value: 'velvet', label: 'Velvet', priceDeltaMinor: 12_000 },
    ],
  },
  { key: 'colour', label: 'Colour', type: 'text', required: false },
];

export const tableForm = [
  {
    key: 'finish',
    label: 'Finish',
    type: 'select',
    required: true,
    options: [
      { value: 'oiled', label: 'Oiled', priceDeltaMinor: 0 },
      { value: 'painted', label: 'Painted', priceDeltaMinor: 9_000 },
    ],
  },
  { key: 'paint_colour', label: 'Paint colour', type: 'text', shownWhen: { field: 'finish', equals: 'painted' }, requiredWhen: { field: 'finish', equals: 'painted' } },
];

export type ProductBody = { id: string; sku: string; version: number; stock: { onHand: number; reserved: number; available: number } | null };

export async function createProduct(api: Api, overrides: Record<string, unknown> = {}): Promise<ProductBody> {
  const res = await api.post<ProductBody>('/api/v1/products', {
    sku: uniq('SOFA'),
    name: 'Sofa',
    priceMinor: 89_900,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'stock',
    initialStock: 100,
    formFields: sofaForm,
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const address = { line1: '1 High Street', city: 'London', postalCode: 'N1 1AA', country: 'GB' };

export function orderBody(lines: { sku: string; quantity?: number; fields?: Record<string, unknown> }[], overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Ada Lovelace', email: `${uniq('ada')}@example.com` },
    lines: lines.map((l) => ({ quantity: 1, fields: {}, ...l })),
    delivery: { method: 'shipping', address },
    channel: 'phone',
    ...overrides,
  };
}
