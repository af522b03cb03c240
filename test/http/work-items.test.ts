/**
 * Parties, the expected completion date in working days, and the work items an
 * order hands out when it is released to fulfilment — through HTTP, with the
 * hand-off and cancellation mails read from an in-process SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { business, command, setSettings, timeline } from '../support/orders.ts';
import { createProduct, orderBody, tableForm, uniq } from '../support/factories.ts';
import { fetchBytes, pdfText } from '../support/documents.ts';

type Problem = { status: number; code: string; errors: { pointer: string; code: string; message: string }[] };
type Party = { id: string; kind: string; name: string; email: string | null; version: number };
type WorkItem = {
  id: string;
  kind: string;
  state: string;
  blockedReason: string | null;
  dueDate: string | null;
  overdue: boolean;
  party: { id: string; kind: string; name: string } | null;
  lines: { sku: string; quantity: number; answers: { label: string; value: string }[] }[];
  allowedCommands: string[];
  version: number;
};
type Order = { id: string; number: string; status: string; expectedCompletionDate: string | null; version: number };

// --- The calendar rule, written out independently of src/: working days skip the weekend and closed dates. ---
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const WORKING = [1, 2, 3, 4, 5];
let closed: string[] = [];
const working = (t: number) => WORKING.includes(((new Date(t).getUTCDay() + 6) % 7) + 1) && !closed.includes(iso(t));
function plusWorkingDays(fromIso: string, n: number): string {
  let t = Date.parse(`${fromIso}T00:00:00Z`);
  while (!working(t)) t += DAY;
  for (let i = 0; i < n; i++) {
    t += DAY;
    while (!working(t)) t += DAY;
  }
  return iso(t);
}
function minusWorkingDays(toIso: string, n: number): string {
  let t = Date.parse(`${toIso}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    t -= DAY;
    while (!working(t)) t -= DAY;
  }
  return iso(t);
}

let s: TestServer;
let smtp: TestSmtp;
let maker: Party;
let lampCo: Party;
const sku = { sofa: '', wardrobe: '', lamp: '' };
const today = () => iso(Date.now());

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({}, { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', ORDERLY_OUTBOX_POLL_MS: '50', ORDERLY_PUBLIC_URL: 'https://shop.example' });
  // A closed date on the first working day after today: every expected date below crosses it and a weekend.
  closed = [plusWorkingDays(today(), 1)];
  // Unpaid orders may go to fulfilment here (the payment hold is tested in payments.test.ts).
  const current = await s.api.get<{ payments: Record<string, unknown> }>('/api/v1/settings');
  await setSettings(s.api, { ...business, payments: { ...current.body.payments, holdUntilPaid: [] }, calendar: { workingWeekdays: WORKING, closedDates: closed, dispatchDays: 1 } });
  maker = (await s.api.post<Party>('/api/v1/parties', { kind: 'manufacturer', name: 'Joinery Works', email: 'orders@joinery.example', leadTimeDays: 6 })).body;
  lampCo = (await s.api.post<Party>('/api/v1/parties', { kind: 'supplier', name: 'Lamp Co', email: 'sales@lampco.example', leadTimeDays: 10, webhookUrl: 'https://lampco.example/hooks/orderly' })).body;
  sku.sofa = (await createProduct(s.api, { sku: uniq('SOFA') })).sku;
  // The wardrobe has no lead time of its own: its manufacturer's (6) counts. The lamp's own (3) beats its supplier's (10).
  sku.wardrobe = (await createProduct(s.api, { sku: uniq('WARDROBE'), name: 'Wardrobe', fulfilmentMode: 'made_to_order', initialStock: undefined, formFields: tableForm, partyId: maker.id })).sku;
  sku.lamp = (await createProduct(s.api, { sku: uniq('LAMP'), name: 'Lamp', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [], leadTimeDays: 3, partyId: lampCo.id })).sku;
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const threeLines = () => [
  { sku: sku.sofa, fields: { fabric: 'linen' } },
  { sku: sku.wardrobe, fields: { finish: 'painted', paint_colour: 'Sage green' } },
  { sku: sku.lamp, quantity: 2 },
];

async function released(): Promise<Order> {
  const placed = await s.api.post<Order>('/api/v1/orders', orderBody(threeLines()));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  expect((await command(s.api, placed.body.id, 'confirm')).status).toBe(200);
  const r = await command(s.api, placed.body.id, 'start-fulfilment');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return placed.body;
}
const itemsOf = async (orderId: string) => (await s.api.get<{ items: WorkItem[] }>(`/api/v1/orders/${orderId}/work-items`)).body.items;

describe('parties', () => {
  it('the warehouse and accounts receivable exist from the start; suppliers and manufacturers are added', async () => {
    const list = (await s.api.get<{ items: Party[] }>('/api/v1/parties')).body.items;
    expect(list.slice(0, 2).map((p) => p.kind)).toEqual(['warehouse', 'accounts']);
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['Joinery Works', 'Lamp Co']));
  });

  it('refuses bad input naming every field, and writes nothing', async () => {
    const before = (await s.api.get<{ items: Party[] }>('/api/v1/parties')).body.items.length;
    const res = await s.api.post<Problem>('/api/v1/parties', { kind: 'warehouse', name: '', email: 'not-an-address', leadTimeDays: -1, webhookUrl: 'http://insecure.example/hook' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/email', '/kind', '/leadTimeDays', '/name', '/webhookUrl']);
    expect((await s.api.get<{ items: Party[] }>('/api/v1/parties')).body.items.length).toBe(before);
    const withCredentials = await s.api.patch<Problem>(`/api/v1/parties/${lampCo.id}`, { webhookUrl: 'https://user:secret@lampco.example/' });
    expect(withCredentials.status).toBe(422);
    expect(withCredentials.body.errors.map((e) => e.pointer)).toEqual(['/webhookUrl']);
  });

  it('a product names only an existing supplier or manufacturer', async () => {
    const warehouse = (await s.api.get<{ items: Party[] }>('/api/v1/parties?kind=warehouse')).body.items[0];
    for (const partyId of ['00000000-0000-4000-8000-000000000000', warehouse?.id]) {
      const res = await s.api.post<Problem>('/api/v1/products', { sku: uniq('X'), name: 'X', priceMinor: 1, currency: 'EUR', fulfilmentMode: 'third_party', partyId });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e) => e.pointer)).toEqual(['/partyId']);
    }
  });

  it('the built-in parties cannot be switched off; only the owner changes parties', async () => {
    const accounts = (await s.api.get<{ items: Party[] }>('/api/v1/parties?kind=accounts')).body.items[0];
    const res = await s.api.patch<Problem>(`/api/v1/parties/${accounts?.id}`, { active: false });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer)).toEqual(['/active']);
    const sales = await s.as('sales');
    expect((await sales.patch(`/api/v1/parties/${lampCo.id}`, { phone: '1' })).status).toBe(403);
    expect((await sales.get('/api/v1/parties')).status).toBe(200);
  });
});

describe('the expected completion date', () => {
  it('is shown before submitting (staff and shop), in working days, and stored with the order', async () => {
    // Slowest line: the wardrobe, 6 days (its manufacturer's lead time) + 1 dispatch day.
    const expected = plusWorkingDays(today(), 7);
    const staff = await s.api.post<{ expectedCompletionDate: string; lines: { basis: string; workingDays: number }[] }>('/api/v1/orders/expected-completion', { lines: threeLines().map(({ sku, quantity }) => ({ sku, quantity: quantity ?? 1 })) });
    expect(staff.status, JSON.stringify(staff.body)).toBe(200);
    expect(staff.body.expectedCompletionDate).toBe(expected);
    expect(staff.body.lines.map((l) => [l.basis, l.workingDays])).toEqual([
      ['in_stock', 1],
      ['party_lead_time', 7],
      ['product_lead_time', 4],
    ]);
    const shop = await s.anon.post<{ expectedCompletionDate: string }>('/api/v1/public/expected-completion', { lines: [{ sku: sku.lamp, quantity: 1 }] });
    expect(shop.status).toBe(200);
    expect(shop.body.expectedCompletionDate).toBe(plusWorkingDays(today(), 4));
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody(threeLines()));
    expect(placed.body.expectedCompletionDate).toBe(expected);
  });

  it('the preview names each bad field', async () => {
    const res = await s.anon.post<Problem>('/api/v1/public/expected-completion', { lines: [{ sku: 'NO-SUCH-THING', quantity: 1 }, { sku: sku.sofa, quantity: 0 }] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer)).toContain('/lines/1/quantity');
    const unknown = await s.anon.post<Problem>('/api/v1/public/expected-completion', { lines: [{ sku: 'NO-SUCH-THING', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e) => e.pointer)).toEqual(['/lines/0/sku']);
  });

  it('a change of the stored date after placement is on the timeline with its reason', async () => {
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: sku.sofa, fields: { fabric: 'linen' } }]));
    expect(placed.body.expectedCompletionDate).toBe(plusWorkingDays(today(), 1));
    const edited = await s.api.patch<Order>(`/api/v1/orders/${placed.body.id}`, { lines: [{ sku: sku.lamp, quantity: 1 }] }, { 'if-match': `"${placed.body.version}"` });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.expectedCompletionDate).toBe(plusWorkingDays(today(), 4));
    const change = (await timeline(s.api, placed.body.id)).find((e) => e.type === 'expected_date_changed');
    expect(change?.data).toEqual({ before: plusWorkingDays(today(), 1), after: plusWorkingDays(today(), 4), reason: 'The order lines changed' });
  });

  it('the calendar is validated field by field', async () => {
    const res = await s.api.patch<Problem>('/api/v1/settings', { calendar: { workingWeekdays: [], closedDates: ['2026-02-30'], dispatchDays: -1 } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/calendar/closedDates/0', '/calendar/dispatchDays', '/calendar/workingWeekdays']);
  });
});

describe('work items', () => {
  it('a released order with a stocked sofa, a made-to-order wardrobe and a third-party lamp hands each party its item, due by the calendar', async () => {
    const order = await released();
    const expected = plusWorkingDays(today(), 7);
    expect(order.expectedCompletionDate).toBe(expected);
    const items = await itemsOf(order.id);
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    // One item per party that must act: the warehouse, accounts receivable, the manufacturer and the supplier.
    expect(items.map((i) => [i.kind, i.party?.name]).sort()).toEqual([
      ['invoice_collect', 'Accounts receivable'],
      ['pick_pack', 'Warehouse'],
      ['production_order', 'Joinery Works'],
      ['purchase_order', 'Lamp Co'],
    ]);
    expect(new Set(items.map((i) => i.party?.id)).size).toBe(4);
    expect(byKind.pick_pack?.dueDate).toBe(expected);
    expect(byKind.invoice_collect?.dueDate).toBe(expected);
    // Suppliers and manufacturers: the dispatch time (1 working day) before the expected date.
    expect(byKind.production_order?.dueDate).toBe(minusWorkingDays(expected, 1));
    expect(byKind.purchase_order?.dueDate).toBe(minusWorkingDays(expected, 1));
    expect(byKind.pick_pack?.lines.map((l) => l.sku)).toEqual([sku.sofa]);
    expect(byKind.invoice_collect?.lines).toHaveLength(3);
    expect(byKind.production_order?.lines[0]?.answers).toEqual([
      { label: 'Finish', value: 'Painted' },
      { label: 'Paint colour', value: 'Sage green' },
    ]);
    expect(byKind.purchase_order?.lines[0]?.quantity).toBe(2);
    expect(items.every((i) => i.state === 'todo' && !i.overdue)).toBe(true);

    // The manufacturer and the supplier are mailed (the warehouse and accounts have no address: their queue tells them).
    const [toMaker] = await smtp.waitFor((m) => m.to.includes('orders@joinery.example') && m.subject.includes(order.number));
    expect(toMaker?.subject).toBe(`Production order for order ${order.number}`);
    expect(toMaker?.text).toContain('1 × Wardrobe');
    expect(toMaker?.text).toContain('Paint colour: Sage green');
    expect(toMaker?.html).toContain('Paint colour: Sage green');
    const [toLampCo] = await smtp.waitFor((m) => m.to.includes('sales@lampco.example') && m.subject.includes(order.number));
    expect(toLampCo?.text).toContain('2 × Lamp');
    // Each carries its purchase / production order as a PDF: only that party's lines, with their answers.
    expect(toMaker?.text).toContain('The production order is attached (PDF)');
    expect(toMaker?.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const makerPdf = await pdfText(toMaker?.attachments[0]?.content ?? Buffer.alloc(0));
    expect(makerPdf).toContain(order.number);
    expect(makerPdf).toContain('Paint colour: Sage green');
    expect(makerPdf).not.toContain('Lamp');
    const lampPdf = await pdfText(toLampCo?.attachments[0]?.content ?? Buffer.alloc(0));
    expect(lampPdf).toContain('Lamp');
    expect(lampPdf).not.toContain('Wardrobe');
    expect(smtp.messages.filter((m) => m.subject.includes(order.number) && /order for order/i.test(m.subject))).toHaveLength(2);
  });

  it('a delay moves every open work item with the new expected date; a finished item keeps its date', async () => {
    const order = await released();
    const items = await itemsOf(order.id);
    const pick = items.find((i) => i.kind === 'pick_pack');
    expect(pick).toBeDefined();
    // The warehouse finishes its item first: done work is not rescheduled.
    for (const cmd of ['start', 'done']) {
      const current = (await itemsOf(order.id)).find((i) => i.id === pick?.id);
      const r = await s.api.post(`/api/v1/work-items/${pick?.id}/${cmd}`, {}, { 'if-match': `"${current?.version}"` });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const newDate = plusWorkingDays(today(), 15);
    const delayed = await s.api.post<Order>(`/api/v1/orders/${order.id}/delays`, { newDate, reason: 'The wardrobe doors come a week late.' });
    expect(delayed.status, JSON.stringify(delayed.body)).toBe(201);
    const after = Object.fromEntries((await itemsOf(order.id)).map((i) => [i.kind, i]));
    expect(after.invoice_collect?.dueDate).toBe(newDate);
    expect(after.production_order?.dueDate).toBe(minusWorkingDays(newDate, 1));
    expect(after.purchase_order?.dueDate).toBe(minusWorkingDays(newDate, 1));
    expect(after.pick_pack).toMatchObject({ state: 'done', dueDate: pick?.dueDate });
    const moved = (await timeline(s.api, order.id)).find((e) => e.type === 'work_items_rescheduled');
    expect((moved?.data as { items: { kind: string }[] }).items.map((i) => i.kind).sort()).toEqual(['invoice_collect', 'production_order', 'purchase_order']);
  });

  it("each party's purchase or production order (?party=) holds only its own lines, addressed to it; a delivery note per shipment (?shipment=)", async () => {
    const order = await released();
    const owner = await s.as('owner');
    const pdf = async (path: string) => {
      const r = await fetchBytes(s.url, owner, path);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      return pdfText(r.bytes);
    };
    const toMaker = await pdf(`/api/v1/orders/${order.id}/documents/purchase-order.pdf?party=${maker.id}`);
    expect(toMaker).toContain('Joinery Works');
    expect(toMaker).toContain('Wardrobe');
    expect(toMaker).toContain('Paint colour: Sage green');
    expect(toMaker).not.toContain('Lamp');
    const toLampCo = await pdf(`/api/v1/orders/${order.id}/documents/purchase-order.pdf?party=${lampCo.id}`);
    expect(toLampCo).toContain('Lamp Co');
    expect(toLampCo).not.toContain('Wardrobe');
    // A party with no lines on this order has nothing to order; an unknown one is not found.
    const other = (await s.api.post<Party>('/api/v1/parties', { kind: 'supplier', name: uniq('Idle Supplier') })).body;
    expect((await fetchBytes(s.url, owner, `/api/v1/orders/${order.id}/documents/purchase-order.pdf?party=${other.id}`)).status).toBe(409);
    expect((await fetchBytes(s.url, owner, `/api/v1/orders/${order.id}/documents/purchase-order.pdf?party=00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    // Ship the sofa alone: its delivery note lists only the sofa, with the carrier's tracking number.
    const lines = (await s.api.get<{ lines: { id: string; sku: string }[] }>(`/api/v1/orders/${order.id}`)).body.lines;
    const sofa = lines.find((l) => l.sku === sku.sofa);
    const shipped = await s.api.post<{ shipment: { id: string } }>(`/api/v1/orders/${order.id}/shipments`, { lines: [{ orderLineId: sofa?.id, quantity: 1 }], method: 'carrier', carrier: 'DHL', trackingNumber: 'JD0146 0001' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
    const note = await pdf(`/api/v1/orders/${order.id}/documents/delivery-note.pdf?shipment=${shipped.body.shipment.id}`);
    expect(note).toContain('JD0146 0001');
    expect(note).not.toContain('Wardrobe');
    expect((await fetchBytes(s.url, owner, `/api/v1/orders/${order.id}/documents/delivery-note.pdf?shipment=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('a blocked work item puts an order due soon on the at-risk list, saying which item and why', async () => {
    const order = await released();
    const po = (await itemsOf(order.id)).find((i) => i.kind === 'purchase_order');
    const blocked = await s.api.post(`/api/v1/work-items/${po?.id}/block`, { reason: 'Lamp Co is out of brass shades' }, { 'if-match': `"${po?.version}"` });
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
    type AtRisk = { items: { id: string; reason: string; detail: string }[] };
    // Due in seven working days: not "soon" by default (2 days), so not listed...
    expect((await s.api.get<AtRisk>('/api/v1/orders/at-risk')).body.items.find((o) => o.id === order.id)).toBeUndefined();
    // ...until "soon" is widened to fourteen days.
    const current = (await s.api.get<{ notifications: Record<string, unknown> }>('/api/v1/settings')).body.notifications;
    await setSettings(s.api, { notifications: { ...current, atRiskWithinDays: 14 } });
    try {
      const mine = (await s.api.get<AtRisk>('/api/v1/orders/at-risk')).body.items.find((o) => o.id === order.id);
      expect(mine).toMatchObject({ reason: 'work_items', detail: 'Purchase order (Lamp Co) is blocked: Lamp Co is out of brass shades' });
    } finally {
      await setSettings(s.api, { notifications: current });
    }
  });

  it('a line whose product names no supplier is a blocked item saying so, shown on the order', async () => {
    const rug = await createProduct(s.api, { sku: uniq('RUG'), name: 'Rug', fulfilmentMode: 'third_party', initialStock: undefined, formFields: [] });
    const placed = await s.api.post<Order>('/api/v1/orders', orderBody([{ sku: rug.sku }]));
    await command(s.api, placed.body.id, 'confirm');
    await command(s.api, placed.body.id, 'start-fulfilment');
    const blocked = (await itemsOf(placed.body.id)).find((i) => i.kind === 'purchase_order');
    expect(blocked).toMatchObject({ state: 'blocked', party: null, blockedReason: 'No supplier named for Rug' });
    expect((await itemsOf(placed.body.id)).map((i) => i.kind).sort()).toEqual(['invoice_collect', 'purchase_order']);
  });

  it('the warehouse works its queue; it may not work accounts items; blocking needs a reason', async () => {
    const order = await released();
    const warehouse = await s.as('warehouse');
    const queue = (await warehouse.get<{ items: WorkItem[] }>('/api/v1/work-items?partyKind=warehouse')).body.items;
    const mine = queue.find((i) => i.lines.some((l) => l.sku === sku.sofa) && i.state === 'todo' && i.kind === 'pick_pack' && i.id);
    const item = (await itemsOf(order.id)).find((i) => i.kind === 'pick_pack');
    expect(queue.map((i) => i.id)).toContain(item?.id);
    expect(mine?.allowedCommands).toEqual(['start', 'done', 'block', 'assign']);
    // Sorted by due date.
    expect(queue.map((i) => i.dueDate)).toEqual([...queue.map((i) => i.dueDate)].sort());

    const noReason = await warehouse.post<Problem>(`/api/v1/work-items/${item?.id}/block`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e) => e.pointer)).toEqual(['/reason']);

    const accountsItem = (await itemsOf(order.id)).find((i) => i.kind === 'invoice_collect');
    expect(accountsItem?.allowedCommands.length).toBeGreaterThan(0); // the owner may
    const refused = await warehouse.post<Problem>(`/api/v1/work-items/${accountsItem?.id}/start`, {});
    expect(refused.status).toBe(403);

    const started = await warehouse.post<WorkItem>(`/api/v1/work-items/${item?.id}/start`, {});
    expect(started.body.state).toBe('in_progress');
    const stale = await warehouse.post<Problem>(`/api/v1/work-items/${item?.id}/block`, { reason: 'x' }, { 'if-match': `"${item?.version}"` });
    expect(stale.status).toBe(412);
    const blocked = await warehouse.post<WorkItem>(`/api/v1/work-items/${item?.id}/block`, { reason: 'Fabric roll damaged' });
    expect(blocked.body).toMatchObject({ state: 'blocked', blockedReason: 'Fabric roll damaged', allowedCommands: ['unblock', 'assign'] });
    expect((await itemsOf(order.id)).find((i) => i.id === item?.id)?.blockedReason).toBe('Fabric roll damaged');
    expect((await warehouse.post<WorkItem>(`/api/v1/work-items/${item?.id}/unblock`, {})).body.state).toBe('todo');
    const assigned = await warehouse.post<WorkItem & { assignee: { id: string } | null }>(`/api/v1/work-items/${item?.id}/assign`, { userId: warehouse.user.id });
    expect(assigned.body.assignee?.id).toBe(warehouse.user.id);
    const done = await warehouse.post<WorkItem>(`/api/v1/work-items/${item?.id}/done`, {});
    expect(done.body).toMatchObject({ state: 'done', allowedCommands: [] });
    expect((await warehouse.post<Problem>(`/api/v1/work-items/${item?.id}/start`, {})).status).toBe(409);
    const types = (await timeline(s.api, order.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['work_items_created', 'work_item_started', 'work_item_blocked', 'work_item_unblocked', 'work_item_assigned', 'work_item_done']));
    const badAssign = await s.api.post<Problem>(`/api/v1/work-items/${accountsItem?.id}/assign`, { userId: 'nobody' });
    expect(badAssign.status).toBe(422);
    expect(badAssign.body.errors.map((e) => e.pointer)).toEqual(['/userId']);
  });

  it('cancelling the order cancels its open items and tells their parties', async () => {
    const order = await released();
    const item = (await itemsOf(order.id)).find((i) => i.kind === 'pick_pack');
    await s.api.post(`/api/v1/work-items/${item?.id}/done`, {});
    const cancel = await command(s.api, order.id, 'cancel', { reason: 'Customer changed their mind' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const after = await itemsOf(order.id);
    expect(after.map((i) => [i.kind, i.state]).sort()).toEqual([
      ['invoice_collect', 'cancelled'],
      ['pick_pack', 'done'],
      ['production_order', 'cancelled'],
      ['purchase_order', 'cancelled'],
    ]);
    const open = (await s.api.get<{ items: WorkItem[] }>(`/api/v1/work-items?partyId=${maker.id}`)).body.items;
    expect(open.map((i) => i.id)).not.toContain(after.find((i) => i.kind === 'production_order')?.id);
    const [toMaker] = await smtp.waitFor((m) => m.to.includes('orders@joinery.example') && m.subject.startsWith('Cancelled:') && m.subject.includes(order.number));
    expect(toMaker?.subject).toBe(`Cancelled: production order for order ${order.number}`);
    expect(toMaker?.text).toContain('Reason: Customer changed their mind');
    await smtp.waitFor((m) => m.to.includes('sales@lampco.example') && m.subject.startsWith('Cancelled:') && m.subject.includes(order.number));
  });

  it('the queue filter is validated', async () => {
    const res = await s.api.get<Problem>('/api/v1/work-items?state=todo,nonsense&partyKind=elves');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.pointer).sort()).toEqual(['/partyKind', '/state']);
  });
});

describe('the demo shop', () => {
  it('has a manufacturer and a supplier, and a released counter order whose work is handed out to all four parties', async () => {
    const demo = await startTestServer({}, { ORDERLY_DEMO_DATA: 'true' });
    try {
      const parties = (await demo.api.get<{ items: Party[] }>('/api/v1/parties')).body.items;
      expect(parties.map((p) => [p.kind, p.name])).toEqual([
        ['warehouse', 'Warehouse'],
        ['accounts', 'Accounts receivable'],
        ['manufacturer', 'Hartley Joinery'],
        ['supplier', 'Lumen Lighting Co.'],
      ]);
      const queue = (await demo.api.get<{ items: WorkItem[] }>('/api/v1/work-items')).body.items;
      // The counter order's four items, and the half-shipped sofa order's warehouse and accounts items.
      expect(queue.map((i) => i.kind).sort()).toEqual(['invoice_collect', 'invoice_collect', 'pick_pack', 'pick_pack', 'production_order', 'purchase_order']);
      expect(queue.find((i) => i.kind === 'purchase_order')?.party?.name).toBe('Lumen Lighting Co.');
    } finally {
      await demo.close();
    }
    // Starts a second server and seeds the demo shop: minutes on a loaded machine.
  }, 240_000);
});
