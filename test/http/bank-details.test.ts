import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { command, confirmed, placeOrder } from '../support/orders.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string; message: string }[] };
type Settings = { version: number; payments: { bank: { accountName: string; iban: string; bic: string; bankName: string }; methodsByChannel: Record<string, string[]>; holdUntilPaid: string[] } };
type Held = { items: { orderId: string; number: string; method: string }[] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const settings = async () => (await s.api.get<Settings>('/api/v1/settings')).body;
const withBank = async (bank: Partial<Settings['payments']['bank']>) => {
  const current = await settings();
  return s.api.patch<Settings & Problem>('/api/v1/settings', { payments: { ...current.payments, bank: { ...current.payments.bank, ...bank } } }, { 'if-match': `"${current.version}"` });
};

describe("the business's bank details", () => {
  it('a mistyped IBAN (check digits do not match) gets a 422 naming /payments/bank/iban, and nothing is saved', async () => {
    const before = await settings();
    const res = await withBank({ accountName: 'Oak & Thread Ltd', iban: 'GB82 WEST 1234 5698 7654 33' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/payments/bank/iban', message: expect.stringMatching(/check digits/) })]);
    const after = await settings();
    expect(after.version).toBe(before.version);
    expect(after.payments.bank.accountName).toBe(before.payments.bank.accountName);
  });

  it('an IBAN of the wrong length for its country, and a BIC of the wrong shape, are each named', async () => {
    const res = await withBank({ iban: 'GB82 WEST 1234 5698 7654', bic: 'WEST GB' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/payments/bank/bic', '/payments/bank/iban']);
    expect(res.body.errors.find((e) => e.pointer === '/payments/bank/iban')?.message).toContain('22 characters');
  });

  it('a valid IBAN typed with spaces and in lower case is stored without spaces, in capitals (the BIC too)', async () => {
    const res = await withBank({ accountName: 'Oak & Thread Ltd', iban: 'gb82 west 1234 5698 7654 32', bic: 'westgb2l', bankName: 'West Bank' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.payments.bank).toEqual({ accountName: 'Oak & Thread Ltd', iban: 'GB82WEST12345698765432', bic: 'WESTGB2L', bankName: 'West Bank' });
    expect((await settings()).payments.bank.iban).toBe('GB82WEST12345698765432');
  });

  it('empty bank details are allowed (not set yet)', async () => {
    const res = await withBank({ iban: '', bic: '' });
    expect(res.status).toBe(200);
    expect(res.body.payments.bank.iban).toBe('');
  });
});

describe('what the server is set up for', () => {
  it('says card payments are off and mail stays in the local mailbox when nothing is configured', async () => {
    const res = await s.api.get('/api/v1/settings/server');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cardPayments: false, mailDelivery: 'local_mailbox' });
  });
});

describe('orders held for payment', () => {
  it('lists a confirmed bank-transfer order until its money is recorded; the warehouse may read it, without amounts', async () => {
    const order = await confirmed(s.api);
    const notYet = await placeOrder(s.api);
    const held = await s.api.get<Held>('/api/v1/payments/held');
    expect(held.status).toBe(200);
    const mine = held.body.items.find((i) => i.orderId === order.id);
    expect(mine).toMatchObject({ number: order.number, method: 'bank_transfer' });
    expect(mine).not.toHaveProperty('grandTotalMinor');
    expect(held.body.items.some((i) => i.orderId === notYet.id)).toBe(false);

    const warehouse = await s.as('warehouse');
    expect((await warehouse.get<Held>('/api/v1/payments/held')).body.items.some((i) => i.orderId === order.id)).toBe(true);

    const paid = await s.api.post(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: order.totals.grandTotalMinor, status: 'captured' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await s.api.get<Held>('/api/v1/payments/held')).body.items.some((i) => i.orderId === order.id)).toBe(false);
    expect((await command(s.api, order.id, 'start-fulfilment')).status).toBe(200);
  });
});

describe("the customer's order page of a bank-transfer order", () => {
  type Page = { payment: { howToPay: string | null; reference: string; bank: { accountName: string; iban: string; bic: string } | null } };
  const pageOf = async (orderId: string) => {
    const link = await s.api.post<{ token: string }>(`/api/v1/orders/${orderId}/access-links`, { purpose: 'order_status' });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const page = await s.anon.get<Page>(`/api/v1/public/order-status/${link.body.token}`);
    expect(page.status).toBe(200);
    return page.body;
  };

  it('shows no bank and no "account below" while no IBAN is set, then the account (IBAN in groups of four) with the reference', async () => {
    expect((await withBank({ accountName: 'Oak & Thread Ltd', iban: '', bic: '' })).status).toBe(200);
    const before = await pageOf((await confirmed(s.api)).id);
    expect(before.payment.bank).toBeNull();
    expect(before.payment.howToPay).not.toContain('account below');
    expect(before.payment.howToPay).toContain('We will send you our bank details separately');

    expect((await withBank({ iban: 'GB82WEST12345698765432', bic: 'WESTGB2L' })).status).toBe(200);
    const after = await pageOf((await confirmed(s.api)).id);
    expect(after.payment.bank).toMatchObject({ accountName: 'Oak & Thread Ltd', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'WESTGB2L' });
    expect(after.payment.howToPay).toContain('to the account below');
    expect(after.payment.reference).toMatch(/^RF\d\d/);
  });
});

describe('the demo shop', () => {
  it('is seeded with bank details (a test IBAN that passes the checksum), so a bank-transfer customer sees where to pay', async () => {
    const demo = await startTestServer({}, { ORDERLY_DEMO_DATA: 'true' });
    try {
      const bank = (await demo.api.get<Settings>('/api/v1/settings')).body.payments.bank;
      expect(bank).toEqual({ accountName: 'Beech & Bolt Furniture Ltd', iban: 'GB82WEST12345698765432', bic: 'WESTGB2L', bankName: 'Demo Bank' });
    } finally {
      await demo.close();
    }
    // Starts a second server and seeds the demo shop: minutes on a loaded machine.
  }, 240_000);
});
