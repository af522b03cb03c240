/**
 * Invoices with gap-free numbers, credit notes, and the printed documents (PDF read
 * back with pdfjs-dist, HTML escaped), through HTTP on the test server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SessionApi, type TestServer } from '../support/server.ts';
import { createProduct, orderBody, uniq } from '../support/factories.ts';
import { command, confirmed, placeOrder, setSettings, timeline, type OrderBody } from '../support/orders.ts';
import { fetchBytes, pdfText } from '../support/documents.ts';

type Invoice = { id: string; kind: string; number: string; status: string; orderId: string; creditsInvoiceId: string | null; grandTotalMinor: number; pdfUrl: string; htmlUrl: string };
type Problem = { status: number; code: string; detail: string; errors: { pointer: string }[] };

let s: TestServer;
let owner: SessionApi;
let accounts: SessionApi;
let warehouse: SessionApi;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  s = await startTestServer();
  owner = await s.as('owner');
  accounts = await s.as('accounts');
  warehouse = await s.as('warehouse');
  const current = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
  await setSettings(s.api, { businessName: 'Oak & Thread', payments: { ...current.body.payments, bank: { accountName: 'Oak & Thread Ltd', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'NWBKGB2L', bankName: 'Westminster Bank' } } });
});
afterAll(async () => s?.close());

describe('invoices: gap-free numbers per year', () => {
  it('20 concurrent issues for 20 orders get 20 consecutive numbers, no gap, none twice', async () => {
    const orders: OrderBody[] = [];
    for (let i = 0; i < 20; i++) orders.push(await confirmed(s.api));
    const issued = await Promise.all(orders.map((o) => accounts.post<Invoice>(`/api/v1/orders/${o.id}/invoices`)));
    for (const r of issued) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const numbers = issued.map((r) => r.body.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `${year}-${String(i + 1).padStart(6, '0')}`));
    // Each order got its own.
    expect(new Set(issued.map((r) => r.body.orderId)).size).toBe(20);
  });

  it('refuses an order that is not confirmed, a second live invoice, and an unknown order; a refusal takes no number', async () => {
    const placed = await placeOrder(s.api);
    const early = await accounts.post<Problem>(`/api/v1/orders/${placed.id}/invoices`);
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/confirmed/);

    const o = await confirmed(s.api);
    const first = await accounts.post<Invoice>(`/api/v1/orders/${o.id}/invoices`);
    expect(first.status).toBe(201);
    const again = await accounts.post<Problem>(`/api/v1/orders/${o.id}/invoices`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(first.body.number);

    const missing = await accounts.post<Problem>('/api/v1/orders/00000000-0000-4000-8000-000000000000/invoices');
    expect(missing.status).toBe(404);

    // The next issue follows on directly: the refused ones left no gap.
    const next = await accounts.post<Invoice>(`/api/v1/orders/${(await confirmed(s.api)).id}/invoices`);
    expect(Number(next.body.number.slice(-6))).toBe(Number(first.body.number.slice(-6)) + 1);
  });

  it('cancelling issues a credit note with its own sequence; the invoice stays; a new invoice may then be issued', async () => {
    const o = await confirmed(s.api);
    const inv = (await accounts.post<Invoice>(`/api/v1/orders/${o.id}/invoices`)).body;

    const noReason = await accounts.post<Problem>(`/api/v1/invoices/${inv.id}/cancel`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e) => e.pointer)).toContain('/reason');

    const cn = await accounts.post<Invoice>(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'Wrong billing address' });
    expect(cn.status, JSON.stringify(cn.body)).toBe(201);
    expect(cn.body).toMatchObject({ kind: 'credit_note', number: `CN-${year}-000001`, creditsInvoiceId: inv.id, grandTotalMinor: -inv.grandTotalMinor });

    const list = await accounts.get<{ items: Invoice[] }>(`/api/v1/orders/${o.id}/invoices`);
    expect(list.body.items.map((i) => [i.number, i.status])).toEqual([
      [inv.number, 'cancelled'],
      [cn.body.number, 'issued'],
    ]);
    const twice = await accounts.post<Problem>(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'again' });
    expect(twice.status).toBe(409);
    const ofNote = await accounts.post<Problem>(`/api/v1/invoices/${cn.body.id}/cancel`, { reason: 'no' });
    expect(ofNote.status).toBe(409);

    const reissued = await accounts.post<Invoice>(`/api/v1/orders/${o.id}/invoices`);
    expect(reissued.status).toBe(201);
    expect(reissued.body.number).not.toBe(inv.number);

    const pdf = await pdfText((await fetchBytes(s.url, accounts, cn.body.pdfUrl)).bytes);
    expect(pdf).toContain('Credit note');
    expect(pdf).toContain(cn.body.number);
    expect(pdf).toContain(inv.number);
    expect(pdf).toContain('Wrong billing address');

    const types = (await timeline(s.api, o.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invoice_issued', 'credit_note_issued']));
    // The warehouse does not see invoice entries on the timeline (they carry amounts).
    const seen = await warehouse.get<{ items: { type: string }[] }>(`/api/v1/orders/${o.id}/timeline`);
    expect(seen.body.items.map((e) => e.type)).not.toContain('invoice_issued');
  });

  it('an issued invoice is frozen: later changes to the settings do not change it', async () => {
    const o = await confirmed(s.api, { fields: { fabric: 'velvet', colour: 'Moss' } });
    const inv = (await accounts.post<Invoice>(`/api/v1/orders/${o.id}/invoices`)).body;
    await setSettings(s.api, { businessName: 'Renamed Later Ltd' });
    const text = await pdfText((await fetchBytes(s.url, accounts, inv.pdfUrl)).bytes);
    expect(text).toContain('Oak & Thread');
    expect(text).not.toContain('Renamed Later');
    expect(text).toContain(inv.number);
    expect(text).toContain(o.number);
    expect(text).toContain('Fabric: Velvet');
    expect(text).toContain('GB82 WEST 1234 5698 7654 32');
    await setSettings(s.api, { businessName: 'Oak & Thread' });
  });

  it('permissions: accounts and the owner issue; the warehouse neither issues nor reads invoices', async () => {
    const o = await confirmed(s.api);
    const byWarehouse = await warehouse.post<Problem>(`/api/v1/orders/${o.id}/invoices`);
    expect(byWarehouse.status).toBe(403);
    const inv = await owner.post<Invoice>(`/api/v1/orders/${o.id}/invoices`);
    expect(inv.status).toBe(201);
    expect((await fetchBytes(s.url, warehouse, inv.body.pdfUrl)).status).toBe(403);
    expect((await warehouse.get(`/api/v1/orders/${o.id}/invoices`)).status).toBe(403);
    const html = await fetchBytes(s.url, accounts, inv.body.htmlUrl);
    expect(html.status).toBe(200);
    expect(html.contentType).toMatch(/^text\/html/);
  });
});

describe('documents', () => {
  it('the pick list, delivery note and purchase order open as PDF with the order number, the lines and their answers', async () => {
    const sofa = await createProduct(s.api, { name: 'Chesterfield Sofa', sku: uniq('SOFA') });
    const wardrobe = await createProduct(s.api, {
      name: 'Oak Wardrobe',
      sku: uniq('WARD'),
      fulfilmentMode: 'made_to_order',
      initialStock: undefined,
      formFields: [{ key: 'finish', label: 'Finish', type: 'select', required: true, options: [{ value: 'oiled', label: 'Oiled oak', priceDeltaMinor: 0 }, { value: 'waxed', label: 'Waxed', priceDeltaMinor: 0 }] }],
    });
    const placed = await s.api.post<OrderBody>(
      '/api/v1/orders',
      orderBody([
        { sku: sofa.sku, quantity: 2, fields: { fabric: 'velvet', colour: 'Forest green' } },
        { sku: wardrobe.sku, fields: { finish: 'oiled' } },
      ]),
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const early = await fetchBytes(s.url, warehouse, `/api/v1/orders/${placed.body.id}/documents/pick-list.pdf`);
    expect(early.status).toBe(409);
    expect((await command(s.api, placed.body.id, 'confirm')).status).toBe(200);
    const number = placed.body.number;

    const pick = await fetchBytes(s.url, warehouse, `/api/v1/orders/${placed.body.id}/documents/pick-list.pdf`);
    expect(pick.status).toBe(200);
    expect(pick.contentType).toBe('application/pdf');
    const pickText = await pdfText(pick.bytes);
    expect(pickText).toContain('Pick list');
    expect(pickText).toContain(number);
    expect(pickText).toContain('Chesterfield Sofa');
    expect(pickText).toContain('Fabric: Velvet');
    expect(pickText).toContain('Colour: Forest green');
    expect(pickText).toContain('1 High Street');
    expect(pickText).not.toContain('Oak Wardrobe');

    const note = await pdfText((await fetchBytes(s.url, warehouse, `/api/v1/orders/${number}/documents/delivery-note.pdf`)).bytes);
    expect(note).toContain('Delivery note');
    expect(note).toContain('Chesterfield Sofa');
    expect(note).toContain('Oak Wardrobe');
    expect(note).not.toMatch(/€|EUR/);

    const po = await pdfText((await fetchBytes(s.url, owner, `/api/v1/orders/${placed.body.id}/documents/purchase-order.pdf`)).bytes);
    expect(po).toContain(number);
    expect(po).toContain('Oak Wardrobe');
    expect(po).toContain('Finish: Oiled oak');
    expect(po).not.toContain('Chesterfield Sofa');

    const bad = await owner.get<Problem>(`/api/v1/orders/${placed.body.id}/documents/receipt.pdf`);
    expect(bad.status).toBe(422);
  });

  it('in Turkish, with Turkish letters in the PDF; HTML escapes a <script> in a name and an answer', async () => {
    await setSettings(s.api, { defaultLanguage: 'tr' });
    try {
      const sofa = await createProduct(s.api, { sku: uniq('SOFA') });
      const o = await s.api.post<OrderBody>('/api/v1/orders', {
        ...orderBody([{ sku: sofa.sku, fields: { fabric: 'linen', colour: '<script>alert("x")</script> şğıİ' } }]),
        customer: { name: 'Ayşe Işıkoğlu <script>alert(1)</script>', email: `${uniq('ayse')}@example.com` },
      });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      expect((await command(s.api, o.body.id, 'confirm')).status).toBe(200);
      const pdf = await pdfText((await fetchBytes(s.url, warehouse, `/api/v1/orders/${o.body.id}/documents/pick-list.pdf`)).bytes);
      expect(pdf).toContain('Toplama listesi');
      expect(pdf).toContain('Ayşe Işıkoğlu');
      expect(pdf).toContain('şğıİ');
      expect(pdf).toContain('Termin tarihi');

      const html = await fetchBytes(s.url, warehouse, `/api/v1/orders/${o.body.id}/documents/delivery-note.html`);
      expect(html.status).toBe(200);
      expect(html.text).toContain('İrsaliye');
      expect(html.text).not.toContain('<script>');
      expect(html.text).toContain('Ayşe Işıkoğlu &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; şğıİ');
    } finally {
      await setSettings(s.api, { defaultLanguage: 'en' });
    }
  });
});

describe('the demo shop', () => {
  it('has a confirmed, invoiced order; removing the demo takes its invoice and the numbering starts again at 1', async () => {
    const demo = await startTestServer({}, { ORDERLY_DEMO_DATA: 'true' });
    try {
      const list = await demo.api.get<{ items: { id: string; status: string }[] }>('/api/v1/orders?status=confirmed');
      const confirmedOrder = list.body.items[0];
      expect(confirmedOrder).toBeDefined();
      const invoices = await demo.api.get<{ items: Invoice[] }>(`/api/v1/orders/${confirmedOrder!.id}/invoices`);
      expect(invoices.body.items.map((i) => i.number)).toEqual([`${year}-000001`]);

      const { removeDemo } = await import('../../src/demo/demo-data.ts');
      expect((await removeDemo(demo.running.database.db)).removed).toBe(true);
      const real = await confirmed(demo.api);
      const first = await demo.api.post<Invoice>(`/api/v1/orders/${real.id}/invoices`);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body.number).toBe(`${year}-000001`);
    } finally {
      await demo.close();
    }
    // Starts a second server and seeds the demo shop: minutes on a loaded machine.
  }, 240_000);
});
