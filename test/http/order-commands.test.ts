import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createProduct, orderBody } from '../support/factories.ts';

type Command = { command: string; permission: string; needsReason: boolean };
type Order = { id: string; version: number; status: string; allowedCommands: string[]; commands: Command[]; editable: { lines: boolean; delivery: boolean; notes: boolean } };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe("an order names, with its allowed commands, the permission each needs and whether it needs a reason", () => {
  it('a placed order: cancel and hold need a reason; each command carries its permission; lines, delivery and notes may change', async () => {
    const sofa = await createProduct(s.api);
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    expect(o.status).toBe(201);
    expect(o.body.commands.map((c) => c.command)).toEqual(o.body.allowedCommands);
    expect(o.body.commands).toEqual(
      expect.arrayContaining([
        { command: 'edit', permission: 'orders.edit', needsReason: false },
        { command: 'verify', permission: 'orders.verify', needsReason: false },
        { command: 'confirm', permission: 'orders.confirm', needsReason: false },
        { command: 'hold', permission: 'orders.hold', needsReason: true },
        { command: 'cancel', permission: 'orders.cancel', needsReason: true },
        { command: 'add_note', permission: 'orders.note', needsReason: false },
      ]),
    );
    expect(o.body.editable).toEqual({ lines: true, delivery: true, notes: true });
  });

  it('a confirmed order keeps its lines but may change delivery and notes; a cancelled one changes nothing', async () => {
    const sofa = await createProduct(s.api);
    const o = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sofa.sku, fields: { fabric: 'linen' } }]));
    const confirmed = await s.api.post<Order>(`/api/v1/orders/${o.body.id}/confirm`, {}, { 'if-match': `"${o.body.version}"` });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.editable).toEqual({ lines: false, delivery: true, notes: true });
    const cancelled = await s.api.post<Order>(`/api/v1/orders/${o.body.id}/cancel`, { reason: 'Customer changed their mind' }, { 'if-match': `"${confirmed.body.version}"` });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.commands).toEqual([{ command: 'add_note', permission: 'orders.note', needsReason: false }]);
    expect(cancelled.body.editable).toEqual({ lines: false, delivery: false, notes: false });
  });
});
