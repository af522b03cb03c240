import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { business, command, confirmed, placeOrder, setSettings, timeline, type OrderBody } from '../support/orders.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await setSettings(s.api, business);
});
afterAll(async () => s?.close());

type Payment = { id: string; status: string; amountMinor: number; refundedMinor: number };
type Payments = { summary: { state: string; paidMinor: number; dueMinor: number; refundedMinor: number }; terms: { method: string; reference: string; dueDate: string | null }; items: Payment[] };
type Problem = { code: string; detail: string; refundableMinor?: number; errors: { pointer: string }[] };

const pay = async (order: OrderBody, amountMinor: number, method = 'bank_transfer') => {
  const res = await s.api.post<Payment>(`/api/v1/orders/${order.id}/payments`, { method, amountMinor, reference: 'statement' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const state = async (order: OrderBody) => (await s.api.get<Payments>(`/api/v1/orders/${order.id}/payments`)).body;
const refund = (p: Payment, amountMinor: number) => s.api.post<Problem & { status: string }>(`/api/v1/payments/${p.id}/refunds`, { amountMinor, reason: 'returned goods' });

describe('payments', () => {
  it('a deposit, the balance, a double payment and refunds each give the right payment state', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } }); // 10 000 + 20 % tax = 12 000
    expect(order.totals.grandTotalMinor).toBe(12_000);
    expect((await state(order)).summary).toMatchObject({ state: 'unpaid', dueMinor: 12_000 });

    const deposit = await pay(order, 4_000);
    expect((await state(order)).summary).toMatchObject({ state: 'partially_paid', paidMinor: 4_000, dueMinor: 8_000 });
    await pay(order, 8_000, 'cash_on_delivery');
    expect((await state(order)).summary).toMatchObject({ state: 'paid', dueMinor: 0 });
    const twice = await pay(order, 8_000, 'cash_on_delivery');
    expect((await state(order)).summary).toMatchObject({ state: 'over_paid', paidMinor: 20_000 });

    expect((await refund(twice, 8_000)).status).toBe(201);
    expect((await state(order)).summary).toMatchObject({ state: 'paid', refundedMinor: 8_000 });
    expect((await refund(deposit, 1_000)).status).toBe(201);
    const after = await state(order);
    expect(after.summary).toMatchObject({ state: 'partially_paid', dueMinor: 1_000 });
    expect(after.items.find((p) => p.id === deposit.id)).toMatchObject({ status: 'partially_refunded', refundedMinor: 1_000 });

    const types = (await timeline(s.api, order.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'payment_received')).toHaveLength(3);
    expect(types.filter((t) => t === 'refunded')).toHaveLength(2);
  });

  it('a refund larger than what was received is refused', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const p = await pay(order, 5_000);
    const res = await refund(p, 5_001);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'refund_exceeds_received', refundableMinor: 5_000 });
    expect(res.body.errors[0]?.pointer).toBe('/amountMinor');
    expect((await refund(p, 5_000)).status).toBe(201);
    expect((await refund(p, 1)).body.code).toBe('refund_exceeds_received');
  });

  it('ten concurrent refunds of 3 000 against 10 000 received: three succeed, the rest are refused', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const p = await pay(order, 10_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(p, 3_000)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'refund_exceeds_received')).toBe(true);
    const after = await state(order);
    expect(after.items[0]).toMatchObject({ refundedMinor: 9_000, status: 'partially_refunded' });
  });

  it('an order paid by bank transfer is not released to fulfilment before it is paid', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    expect((await state(order)).terms.method).toBe('bank_transfer');
    const held = await command(s.api, order.id, 'start-fulfilment');
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('payment_outstanding');
    await pay(order, 6_000);
    expect((await command(s.api, order.id, 'start-fulfilment')).body.code).toBe('payment_outstanding');
    await pay(order, 6_000);
    expect((await command(s.api, order.id, 'start-fulfilment')).status).toBe(200);
  });

  it('the order never offers a command the payment hold would refuse: start_fulfilment and ship appear once it is paid', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    expect((await state(order)).terms.method).toBe('bank_transfer');
    expect(order.allowedCommands).toEqual(['edit', 'hold', 'cancel', 'add_note']);
    const view = async () => (await s.api.get<OrderBody>(`/api/v1/orders/${order.id}`)).body.allowedCommands;
    expect(await view()).toEqual(['edit', 'hold', 'cancel', 'add_note']);
    await pay(order, 6_000);
    expect(await view()).not.toContain('start_fulfilment');
    await pay(order, 6_000);
    expect(await view()).toEqual(['edit', 'start_fulfilment', 'ship', 'hold', 'cancel', 'add_note']);
  });

  it('cash on delivery and invoice terms release at once; the hold is a setting', async () => {
    for (const method of ['cash_on_delivery', 'invoice']) {
      const order = await placeOrder(s.api);
      expect((await s.api.request('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method })).status).toBe(200);
      expect((await command(s.api, order.id, 'confirm')).status).toBe(200);
      expect((await command(s.api, order.id, 'start-fulfilment')).status).toBe(200);
    }
    const settings = (await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings')).body.payments;
    await setSettings(s.api, { payments: { ...settings, holdUntilPaid: [] } });
    const order = await confirmed(s.api);
    expect((await command(s.api, order.id, 'start-fulfilment')).status).toBe(200);
    await setSettings(s.api, { payments: settings });
  });

  it('only the methods a channel offers can be chosen', async () => {
    const order = await placeOrder(s.api, { overrides: { channel: 'web' } });
    const res = await s.api.request<Problem>('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method: 'cash_on_delivery' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.pointer).toBe('/method');
  });

  it('invoice terms get a due date at confirmation and show as overdue once it has passed, until paid', async () => {
    const order = await placeOrder(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    await s.api.request('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method: 'invoice', netDays: 14 });
    await command(s.api, order.id, 'confirm');
    const terms = (await state(order)).terms;
    const in14 = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(terms).toMatchObject({ method: 'invoice', dueDate: in14 });
    const later = new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10);
    type Overdue = { items: { orderId: string; dueMinor: number; daysOverdue: number }[] };
    const today = await s.api.get<Overdue>('/api/v1/payments/overdue');
    expect(today.body.items.map((i) => i.orderId)).not.toContain(order.id);
    const then = await s.api.get<Overdue>(`/api/v1/payments/overdue?asOf=${later}`);
    expect(then.body.items.find((i) => i.orderId === order.id)).toMatchObject({ dueMinor: 12_000, daysOverdue: 1 });
    await pay(order, 12_000, 'invoice');
    const paid = await s.api.get<Overdue>(`/api/v1/payments/overdue?asOf=${later}`);
    expect(paid.body.items.map((i) => i.orderId)).not.toContain(order.id);
  });

  it('the unpaid list shows what is still due, and an order leaves it once paid', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    type Unpaid = { items: { orderId: string; dueMinor: number; paymentState: string }[] };
    const before = await s.api.get<Unpaid>('/api/v1/payments/unpaid?limit=500');
    expect(before.body.items.find((i) => i.orderId === order.id)).toMatchObject({ dueMinor: 12_000, paymentState: 'unpaid' });
    await pay(order, 12_000);
    const after = await s.api.get<Unpaid>('/api/v1/payments/unpaid?limit=500');
    expect(after.body.items.map((i) => i.orderId)).not.toContain(order.id);
  });

  it('a pending transfer counts once it is marked received', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const res = await s.api.post<Payment>(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 12_000, status: 'pending' });
    expect((await state(order)).summary.state).toBe('unpaid');
    expect((await s.api.post<Payment>(`/api/v1/payments/${res.body.id}/receive`)).body.status).toBe('captured');
    expect((await state(order)).summary.state).toBe('paid');
    expect((await s.api.post<Problem>(`/api/v1/payments/${res.body.id}/receive`)).body.code).toBe('invalid_transition');
  });

  it('one rule says when an order takes money: a cancelled order refuses a payment, its terms and a card payment, but a refund of money taken stays possible', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const taken = await pay(order, 5_000);
    expect((await state(order)) as Payments & { takesPayment: boolean }).toMatchObject({ takesPayment: true });
    expect((await command(s.api, order.id, 'cancel', { reason: 'customer changed their mind' })).status).toBe(200);

    expect((await state(order)) as Payments & { takesPayment: boolean }).toMatchObject({ takesPayment: false });
    const refused = await s.api.post<Problem>(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 5_000, reference: 'late transfer' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition' });
    expect(refused.body.detail).toMatch(/cancelled order takes no payment/);
    const terms = await s.api.request<Problem>('PUT', `/api/v1/orders/${order.id}/payment-terms`, { method: 'cash_on_delivery' });
    expect(terms.status).toBe(409);
    expect(terms.body.code).toBe('invalid_transition');
    expect((await state(order)).items).toHaveLength(1);
    expect((await refund(taken, 5_000)).status).toBe(201);
  });

  it('card payments need the provider: without it the API says so', async () => {
    const order = await confirmed(s.api);
    const res = await s.api.post<Problem>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: 'pm_card_visa' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('payment_provider_unavailable');
    const pan = await s.api.post<Problem>(`/api/v1/orders/${order.id}/card-payments`, { paymentMethod: '4242424242424242' });
    expect(pan.status).toBe(422);
  });
});

describe('bank statement import', () => {
  it('matches incoming amounts to orders by reference, records them once, and lists what it could not match', async () => {
    const a = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const b = await confirmed(s.api, { priceMinor: 20_000, fields: { fabric: 'linen' } });
    const refA = (await state(a)).terms.reference;
    const refB = (await state(b)).terms.reference;
    const spaced = refB.replace(/(.{4})/g, '$1 ').toLowerCase();
    const csv = [
      'Date;Description;Amount',
      `2026-03-01;TRANSFER ${refA} ADA LOVELACE;120,00`,
      `2026-03-02;"part payment ${spaced}";100,00`,
      `2026-03-02;Order ${b.number} rest;140,00`,
      '2026-03-03;Rent March;-900,00',
      '2026-03-03;Unknown payer RF00 123;55,00',
    ].join('\n');
    const send = (dry: boolean) => s.api.request<{ matched: { line: number; orderId: string; result: string; paymentState: string }[]; unmatched: { line: number; reason: string }[]; skipped: { line: number }[] }>('POST', `/api/v1/payments/bank-statements?dryRun=${dry}`, csv, { 'content-type': 'text/csv' });

    const preview = await send(true);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.matched.map((m) => [m.line, m.orderId, m.result])).toEqual([
      [2, a.id, 'would_record'],
      [3, b.id, 'would_record'],
      [4, b.id, 'would_record'],
    ]);
    expect((await state(a)).summary.state).toBe('unpaid');

    const applied = await send(false);
    expect(applied.body.matched.map((m) => m.result)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(applied.body.unmatched.map((m) => m.line)).toEqual([6]);
    expect(applied.body.skipped.map((m) => m.line)).toEqual([5]);
    expect((await state(a)).summary.state).toBe('paid');
    expect((await state(b)).summary).toMatchObject({ state: 'paid', paidMinor: 24_000 });

    const again = await send(false);
    expect(again.body.matched.map((m) => m.result)).toEqual(['already_recorded', 'already_recorded', 'already_recorded']);
    expect((await state(b)).summary.paidMinor).toBe(24_000);
  });
});

describe('who may touch money', () => {
  it('a viewer sees payments but records nothing; sales record payments but do not refund; accounts refund', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const viewer = await s.as('viewer');
    const sales = await s.as('sales');
    const accounts = await s.as('accounts');
    expect((await viewer.get(`/api/v1/orders/${order.id}/payments`)).status).toBe(200);
    expect((await viewer.post(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 100 })).status).toBe(403);
    const p = await sales.post<Payment>(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 5_000 });
    expect(p.status).toBe(201);
    expect((await sales.post(`/api/v1/payments/${p.body.id}/refunds`, { amountMinor: 100, reason: 'x' })).status).toBe(403);
    expect((await accounts.post(`/api/v1/payments/${p.body.id}/refunds`, { amountMinor: 100, reason: 'x' })).status).toBe(201);
    expect((await s.anon.get(`/api/v1/orders/${order.id}/payments`)).status).toBe(401);
    expect((await s.anon.get('/api/v1/mail')).status).toBe(401);
  });

  it('the warehouse reads the order and its timeline but no payment, card or refund entry on it; accounts see them all', async () => {
    const order = await confirmed(s.api, { priceMinor: 10_000, fields: { fabric: 'linen' } });
    const p = await pay(order, 5_000);
    expect((await s.api.post(`/api/v1/orders/${order.id}/payments`, { method: 'bank_transfer', amountMinor: 7_000, reference: 'ANNOUNCED-77', status: 'pending' })).status).toBe(201);
    expect((await refund(p, 1_000)).status).toBe(201);
    const warehouse = await s.as('warehouse');
    const accounts = await s.as('accounts');
    expect((await warehouse.get(`/api/v1/orders/${order.id}/payments`)).status).toBe(403);

    const seenByAccounts = await accounts.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/api/v1/orders/${order.id}/timeline`);
    expect(seenByAccounts.status).toBe(200);
    const moneyTypes = seenByAccounts.body.items.map((e) => e.type).filter((t) => /^(payment|card|refund)/.test(t));
    expect(moneyTypes).toEqual(['payment_received', 'payment_announced', 'refunded']);
    expect(JSON.stringify(seenByAccounts.body)).toContain('ANNOUNCED-77');

    const seenByWarehouse = await warehouse.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/api/v1/orders/${order.id}/timeline`);
    expect(seenByWarehouse.status).toBe(200);
    expect(seenByWarehouse.body.items.map((e) => e.type)).toEqual(seenByAccounts.body.items.map((e) => e.type).filter((t) => !moneyTypes.includes(t)));
    expect(seenByWarehouse.body.items.map((e) => e.type)).toEqual(expect.arrayContaining(['placed', 'confirmed']));
    const text = JSON.stringify(seenByWarehouse.body);
    for (const leak of ['ANNOUNCED-77', 'dueMinor', 'paymentState', 'paymentId', 'refundId']) expect(text).not.toContain(leak);
    // The order itself shows what was ordered (its total), nothing of what was paid.
    const viewed = await warehouse.get(`/api/v1/orders/${order.id}`);
    expect(viewed.status).toBe(200);
    expect(JSON.stringify(viewed.body)).not.toMatch(/paid|dueMinor|paymentState/i);
  });
});

describe('the defaults work with no card provider configured', () => {
  it("a shop order's default is bank transfer, card is not offered, and choosing card is refused naming the method", async () => {
    const p = await s.api.post<{ sku: string }>('/api/v1/products', { sku: `CARDLESS-${Date.now()}`, name: 'Stool', priceMinor: 5_000, currency: 'EUR', taxRateBp: 0, fulfilmentMode: 'stock', initialStock: 5, formFields: [] });
    expect(p.status).toBe(201);
    const placed = await s.anon.post<{ number: string }>(
      '/api/v1/public/orders',
      { customer: { name: 'Cardless Shopper', email: `cardless-${Date.now()}@example.com` }, lines: [{ sku: p.body.sku, quantity: 1, fields: {} }], delivery: { method: 'pickup' } },
      { 'idempotency-key': `cardless-${Date.now()}-${Math.random()}` },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = await s.api.get<OrderBody>(`/api/v1/orders/${placed.body.number}`);
    const payments = await s.api.get<Payments & { offeredMethods: string[] }>(`/api/v1/orders/${order.body.id}/payments`);
    expect(payments.body.terms.method).toBe('bank_transfer');
    expect(payments.body.offeredMethods).toEqual(['bank_transfer']);
    const card = await s.api.request<Problem>('PUT', `/api/v1/orders/${order.body.id}/payment-terms`, { method: 'card' });
    expect(card.status).toBe(422);
    expect(card.body.errors.map((e) => e.pointer)).toEqual(['/method']);
  });

  it('the settings refuse card as a channel\'s default method while no card provider is set up, naming each channel', async () => {
    const res = await s.api.patch<Problem>('/api/v1/settings', {
      payments: {
        methodsByChannel: { web: ['card', 'bank_transfer'], phone: ['bank_transfer'], email: ['card'], in_person: ['counter'], api: ['invoice'] },
        holdUntilPaid: ['card', 'bank_transfer'],
        invoiceNetDays: 30,
        bank: { accountName: '', iban: '', bic: '', bankName: '' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/payments/methodsByChannel/email/0', '/payments/methodsByChannel/web/0']);
  });
});
