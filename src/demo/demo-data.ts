/**
 * Demo data for a first look: a small furniture shop. Seeded once on an empty
 * database (unless ORDERLY_DEMO_DATA=false) and removable with
 * `npm run orderly -- demo remove`. Everything goes through the real use cases.
 */
import type { Db } from '../shared/db.ts';
import { systemActor } from '../shared/actor.ts';
import { backdateExpectedDate, deleteDemo, findManifest, hasAnyProduct, saveManifest } from './demo.repository.ts';
import { createParty } from '../parties/parties.use-cases.ts';
import { transitionOrder } from '../orders/transition-order.ts';
import { createProduct } from '../catalog/catalog.use-cases.ts';
import type { ProductInput } from '../catalog/product.ts';
import { createCustomer } from '../customers/customers.use-cases.ts';
import { placeOrder } from '../orders/place-order.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { updateSettings, getSettings } from '../settings/settings.use-cases.ts';
import { placeOrderInputSchema } from '../orders/order.ts';
import { choosePaymentTerms } from '../payments/order-payments.ts';
import { changeReorderLevel } from '../inventory/stock.ts';
import { receiveGoods } from '../fulfilment/receive-goods.ts';
import { shipOrder } from '../fulfilment/ship-order.ts';
import { issueDemoInvoice, removeDemoInvoices } from '../documents/demo-invoices.ts';
import { recordDelay } from '../orders/record-delay.ts';
import { createInquiry } from '../inquiries/inquiries.use-cases.ts';
import { inquiryInputSchema } from '../inquiries/inquiry.ts';
import { createQuote, sendQuote } from '../quotes/quotes.use-cases.ts';
import { createQuoteInputSchema } from '../quotes/quote.ts';
import { takeInMail } from '../intake/take-in-mail.ts';


const demoProducts: ProductInput[] = [
  {
    sku: 'SOFA-3S',
    name: 'Three-seat sofa',
    description: 'Solid beech frame, feather cushions.',
    priceMinor: 89_900,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'stock',
    leadTimeDays: 3,
    allowBackorder: false,
    active: true,
    initialStock: 12,
    formFields: [
      {
        key: 'fabric',
        label: 'Fabric',
        type: 'select',
        required: true,
        help: 'Samples in the showroom',
        options: [
          { value: 'linen', label: 'Linen', priceDeltaMinor: 0 },
          { value: 'velvet', label: 'Velvet', priceDeltaMinor: 12_000 },
          { value: 'leather', label: 'Leather', priceDeltaMinor: 35_000 },
        ],
      },
      { key: 'colour', label: 'Colour', type: 'text', required: true, maxLength: 60 },
      { key: 'leather_care', label: 'Leather care kit', type: 'boolean', required: false, priceDeltaMinor: 2_500, shownWhen: { field: 'fabric', equals: 'leather' } },
    ],
  },
  {
    sku: 'TABLE-OAK',
    name: 'Oak dining table',
    description: '180 × 90 cm, solid oak.',
    priceMinor: 64_900,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'stock',
    leadTimeDays: 2,
    allowBackorder: true,
    active: true,
    initialStock: 5,
    formFields: [
      {
        key: 'finish',
        label: 'Finish',
        type: 'select',
        required: true,
        options: [
          { value: 'oiled', label: 'Oiled', priceDeltaMinor: 0 },
          { value: 'lacquered', label: 'Lacquered', priceDeltaMinor: 6_000 },
          { value: 'painted', label: 'Painted', priceDeltaMinor: 9_000 },
        ],
      },
      { key: 'paint_colour', label: 'Paint colour (RAL)', type: 'text', required: false, pattern: 'RAL ?\\d{4}', requiredWhen: { field: 'finish', equals: 'painted' }, shownWhen: { field: 'finish', equals: 'painted' } },
      { key: 'extension_leaves', label: 'Extension leaves', type: 'number', required: false, min: 0, max: 2 },
    ],
  },
  {
    sku: 'CHAIR-BENT',
    name: 'Bentwood chair',
    description: 'Stackable.',
    priceMinor: 12_900,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'stock',
    leadTimeDays: 1,
    allowBackorder: false,
    active: true,
    initialStock: 60,
    formFields: [{ key: 'seat', label: 'Seat', type: 'select', required: true, options: [{ value: 'wood', label: 'Wood', priceDeltaMinor: 0 }, { value: 'cane', label: 'Cane', priceDeltaMinor: 1_500 }] }],
  },
  {
    sku: 'WARDROBE-MTO',
    name: 'Made-to-measure wardrobe',
    description: 'Built to your measurements in our workshop.',
    priceMinor: 159_000,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'made_to_order',
    leadTimeDays: 28,
    allowBackorder: false,
    active: true,
    formFields: [
      { key: 'width_cm', label: 'Width (cm)', type: 'number', required: true, min: 60, max: 400 },
      { key: 'height_cm', label: 'Height (cm)', type: 'number', required: true, min: 100, max: 280 },
      { key: 'doors', label: 'Doors', type: 'select', required: true, options: [{ value: 'hinged', label: 'Hinged', priceDeltaMinor: 0 }, { value: 'sliding', label: 'Sliding', priceDeltaMinor: 18_000 }] },
      { key: 'extras', label: 'Extras', type: 'multi_select', required: false, options: [{ value: 'mirror', label: 'Mirror', priceDeltaMinor: 9_000 }, { value: 'drawers', label: 'Drawers', priceDeltaMinor: 14_000 }, { value: 'lighting', label: 'Lighting', priceDeltaMinor: 11_000 }] },
      { key: 'measured_on', label: 'Measured on', type: 'date', required: false },
    ],
  },
  {
    sku: 'LAMP-BRASS',
    name: 'Brass floor lamp',
    description: 'Shipped to you by our lighting supplier.',
    priceMinor: 24_900,
    currency: 'EUR',
    taxRateBp: 2000,
    fulfilmentMode: 'third_party',
    // No lead time of its own: the supplier's default counts.
    leadTimeDays: 0,
    allowBackorder: false,
    active: true,
    formFields: [{ key: 'shade', label: 'Shade', type: 'select', required: true, options: [{ value: 'linen', label: 'Linen', priceDeltaMinor: 0 }, { value: 'opal', label: 'Opal glass', priceDeltaMinor: 4_000 }] }],
  },
];

/** The demo's outside parties: who makes the wardrobes and who supplies the lamps. */
const demoParties = [
  { kind: 'manufacturer' as const, name: 'Hartley Joinery', email: 'orders@hartley-joinery.example', phone: '+44 20 7946 0100', leadTimeDays: 20, active: true, makes: ['WARDROBE-MTO'] },
  { kind: 'supplier' as const, name: 'Lumen Lighting Co.', email: 'trade@lumen-lighting.example', phone: '+44 20 7946 0200', leadTimeDays: 5, active: true, makes: ['LAMP-BRASS'] },
];

export async function isSeeded(db: Db): Promise<boolean> {
  return (await findManifest(db)) !== undefined;
}

export async function seedDemo(db: Db, reactions: OrderReactions): Promise<{ seeded: boolean }> {
  if (await isSeeded(db)) return { seeded: false };
  if (await hasAnyProduct(db)) return { seeded: false };
  const actor = systemActor('demo');
  const current = await getSettings(db);
  if (current.version === 0) {
    await updateSettings(db, {
      businessName: 'Beech & Bolt Furniture',
      contactEmail: 'orders@beechandbolt.example',
      contactPhone: '+44 20 7946 0958',
      address: '12 Workshop Lane, London E2 7DJ',
      currency: 'EUR',
      deliveryFeesMinor: { shipping: 4_900, pickup: 0, local_delivery: 2_500 },
      deliveryTaxRateBp: 2000,
      // A test IBAN (valid checksum, no real account): bank-transfer customers see where to pay.
      payments: { ...current.payments, bank: { accountName: 'Beech & Bolt Furniture Ltd', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'WESTGB2L', bankName: 'Demo Bank' } },
    });
  }
  const partyIds: string[] = [];
  const partyOf = new Map<string, string>();
  for (const { makes, ...p } of demoParties) {
    const { party } = await createParty(db, p, { allowPrivate: false });
    partyIds.push(party.id);
    for (const sku of makes) partyOf.set(sku, party.id);
  }
  const productIds: string[] = [];
  for (const p of demoProducts) productIds.push((await createProduct(db, { ...p, partyId: partyOf.get(p.sku) ?? null })).id);
  const people = [
    { name: 'Ayşe Demir', email: 'ayse.demir@example.com', phone: '+90 532 123 45 67', language: 'tr' as const },
    { name: 'James Whitfield', email: 'james@whitfield.example', phone: '+44 7700 900123', company: 'Whitfield Interiors' },
    { name: 'Mara Lindqvist', email: 'mara.l@example.org', phone: '+46 70 123 45 67' },
  ];
  const customerIds: string[] = [];
  for (const c of people) customerIds.push((await createCustomer(db, { ...c, addresses: {}, notes: '' }, 'GB')).id);
  await saveManifest(db, { seededAt: new Date().toISOString(), productIds, customerIds, partyIds });

  const address = { line1: '4 Mill Street', city: 'London', postalCode: 'SE1 2AA', country: 'GB' };
  const demoOrders = [
    { customer: { id: customerIds[1] }, channel: 'phone', lines: [{ sku: 'SOFA-3S', quantity: 1, fields: { fabric: 'velvet', colour: 'Moss green' } }, { sku: 'CHAIR-BENT', quantity: 4, fields: { seat: 'cane' } }], delivery: { method: 'shipping', address } },
    { customer: { id: customerIds[0] }, channel: 'web', lines: [{ sku: 'TABLE-OAK', quantity: 1, fields: { finish: 'painted', paint_colour: 'RAL 7016' } }], delivery: { method: 'pickup' } },
    { customer: { id: customerIds[2] }, channel: 'in_person', lines: [{ sku: 'WARDROBE-MTO', quantity: 1, fields: { width_cm: 220, height_cm: 240, doors: 'sliding', extras: ['mirror', 'lighting'] } },
        { sku: 'LAMP-BRASS', quantity: 1, fields: { shade: 'opal' } },
        { sku: 'TABLE-OAK', quantity: 1, fields: { finish: 'oiled' } },
      ],
      delivery: { method: 'local_delivery', address },
    },
  ];
  const placed = [];
  for (const o of demoOrders) placed.push((await placeOrder(db, reactions, placeOrderInputSchema.parse(o), actor)).order);
  // The first is confirmed and invoiced: its page shows the documents (pick list, delivery note) and the invoice.
  const first = placed[0];
  if (first) {
    await transitionOrder(db, reactions, first.id, { command: 'confirm' }, actor);
    await issueDemoInvoice(db, first.id, actor);
  }

  // Fulfilment: goods came in, the sofa is watched for low stock, and a cash-on-delivery order is half shipped with DHL.
  const [sofaId, , chairId] = productIds;
  if (chairId) await receiveGoods(db, { productId: chairId, quantity: 20, supplierReference: 'DN-2026-114', note: 'Spring delivery from the workshop' }, actor);
  if (sofaId) await changeReorderLevel(db, sofaId, 10);
  const twoSofas = { customer: { id: customerIds[2] }, channel: 'phone', lines: [{ sku: 'SOFA-3S', quantity: 2, fields: { fabric: 'linen', colour: 'Oatmeal' } }], delivery: { method: 'shipping', address } };
  const { order } = await placeOrder(db, reactions, placeOrderInputSchema.parse(twoSofas), actor);
  await choosePaymentTerms(db, order.id, { method: 'cash_on_delivery' }, actor, false);
  await transitionOrder(db, reactions, order.id, { command: 'confirm' }, actor);
  const line = order.lines[0];
  if (line) await shipOrder(db, reactions, order.id, { lines: [{ orderLineId: line.id, quantity: 1 }], method: 'carrier', carrier: 'DHL', trackingNumber: '1234567890' }, actor);
  // The counter order is confirmed and released: the warehouse, accounts, the joinery and the lighting supplier each have a work item.
  const counter = placed.at(-1);
  if (counter) {
    await transitionOrder(db, reactions, counter.id, { command: 'confirm' }, actor);
    await transitionOrder(db, reactions, counter.id, { command: 'start_fulfilment' }, actor);
  }

  // Keeping customers informed: the phone order is past its date (it shows on the at-risk list);
  // the wardrobe was delayed, with the reason the customer was e-mailed (its work items follow).
  const [sofaOrder, , wardrobe] = placed;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  if (sofaOrder) await backdateExpectedDate(db, sofaOrder.id, yesterday);
  if (wardrobe?.expectedCompletionDate) {
    const later = new Date(Date.parse(`${wardrobe.expectedCompletionDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await recordDelay(db, reactions, wardrobe.id, { newDate: later, reason: 'The sliding-door fittings reach our workshop a week later than planned.' }, actor);
  }

  // Before the order (Today counts each): an open phone inquiry to follow up today, nobody assigned yet;
  // a quote sent to James; and an e-mail from Mara pasted into the inbox that became a draft for her.
  const today = new Date().toISOString().slice(0, 10);
  const [ayse, james, mara] = customerIds;
  if (ayse) {
    await createInquiry(db, inquiryInputSchema.parse({
      customerId: ayse,
      channel: 'phone',
      question: 'Could the oak dining table be made 20 cm longer, oiled rather than painted, and by when?',
      products: [{ product: 'TABLE-OAK', answers: { finish: 'oiled' }, note: 'She asked for 200 cm instead of 180 cm' }],
      followUpOn: today,
    }), actor);
  }
  if (james) {
    const quote = await createQuote(db, createQuoteInputSchema.parse({
      customer: { id: james },
      lines: [{ sku: 'CHAIR-BENT', quantity: 8, fields: { seat: 'cane' }, agreedUnitPriceMinor: 16_000, agreedPriceReason: 'Eight chairs for his restaurant fit-out: the trade price agreed on the phone' }],
      delivery: { method: 'shipping', address },
      notes: 'For the Whitfield Interiors restaurant fit-out.',
    }), actor);
    await sendQuote(db, quote.id, actor);
  }
  if (mara) {
    const raw = [
      'From: Mara Lindqvist <mara.l@example.org>',
      'To: orders@beechandbolt.example',
      'Subject: Two more brass lamps',
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <demo-${Date.now()}@example.org>`,
      '',
      'Hello, the lamp from my last order looks lovely. Could you send two more, to the same address?',
      '',
      '2 x LAMP-BRASS',
      '',
      'Mara',
      '',
    ].join('\r\n');
    await takeInMail(db, reactions, { raw: Buffer.from(raw, 'utf8'), source: 'upload', envelopeFrom: null }, 1_000_000, actor);
  }
  return { seeded: true };
}

/** Removes the demo customers, their orders and the demo products (products used by real orders are deactivated instead). */
export async function removeDemo(db: Db): Promise<{ removed: boolean }> {
  const manifest = await findManifest(db);
  if (!manifest) return { removed: false };
  // Issued invoices are kept by law in real use; the demo's go with it (and its counters rewind).
  await deleteDemo(db, manifest, removeDemoInvoices);
  return { removed: true };
}
