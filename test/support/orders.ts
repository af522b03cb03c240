/** Order-level helpers for payment, mail and access tests, through the real API. */
import { expect } from 'vitest';
import type { Api } from './server.ts';
import { createProduct, orderBody, uniq } from './factories.ts';

export type OrderBody = { id: string; number: string; status: string; version: number; allowedCommands: string[]; totals: { grandTotalMinor: number }; customer: { id: string; email: string | null } };

export const business = {
  businessName: 'Oak & Thread Furniture',
  contactEmail: 'hello@oakthread.example',
  contactPhone: '+44 20 7946 0000',
  address: '12 Workshop Lane, London',
};

export async function setSettings(api: Api, patch: Record<string, unknown>): Promise<void> {
  const res = await api.patch('/api/v1/settings', patch);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A placed order for a sofa (velvet, with a colour) unless told otherwise. */
export async function placeOrder(api: Api, o: { priceMinor?: number; quantity?: number; fields?: Record<string, unknown>; overrides?: Record<string, unknown> } = {}): Promise<OrderBody> {
  const sofa = await createProduct(api, { priceMinor: o.priceMinor ?? 89_900, sku: uniq('SOFA') });
  const res = await api.post<OrderBody>('/api/v1/orders', orderBody([{ sku: sofa.sku, quantity: o.quantity ?? 1, fields: o.fields ?? { fabric: 'velvet', colour: 'Forest green' } }], o.overrides ?? {}));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function command(api: Api, orderId: string, cmd: string, body: Record<string, unknown> = {}) {
  return api.post<OrderBody & { code: string; detail: string }>(`/api/v1/orders/${orderId}/${cmd}`, body);
}

export async function confirmed(api: Api, o: Parameters<typeof placeOrder>[1] = {}): Promise<OrderBody> {
  const order = await placeOrder(api, o);
  const res = await command(api, order.id, 'confirm');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export type Timeline = { items: { type: string; actor: { kind: string; name: string }; data: Record<string, unknown> }[] };
export const timeline = async (api: Api, orderId: string) => (await api.get<Timeline>(`/api/v1/orders/${orderId}/timeline`)).body.items;

export type MailLog = { items: { id: string; status: string; attempts: number; lastError: string | null; subject: string; to: string; template: string }[] };
export const mailOf = async (api: Api, orderId: string) => (await api.get<MailLog>(`/api/v1/orders/${orderId}/mail`)).body.items;
