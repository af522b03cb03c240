/**
 * Demo data for a first look: a small furniture shop. Seeded once on an empty
 * database (unless ORDERLY_DEMO_DATA=false) and removable with
 * `npm run orderly -- demo remove`. Everything goes through the real use cases.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../shared/db.ts';
import { systemActor } from '../shared/actor.ts';
import { customers, orders, products, settings as settingsTable } from '../shared/schema.ts';
import { createProduct } from '../catalog/catalog.use-cases.ts';
import type { ProductInput } from '../catalog/product.ts';
import { createCustomer } from '../customers/customers.use-cases.ts';
import { placeOrder } from '../orders/place-order.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { updateSettings, getSettings } from '../settings/settings.use-cases.ts';
import { placeOrderInputSchema } from '../orders/order.ts';
import { recordDelay } from '../orders/record-delay.ts';

const MANIFEST_ID = 2;
type Manifest = { seededAt: string; productIds: string[]; customerIds: string[] };

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
];

export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select().from(settingsTable).where(eq(settingsTable.id, MANIFEST_ID));
  return Boolean(row);
}

export async function seedDemo(db: Db, reactions: OrderReactions): Promise<{ seeded: boolean }> {
  if (await isSeeded(db)) return { seeded: false };
  const [anyProduct] = await db.select({ id: products.id }).from(products).limit(1);
  if (anyProduct) return { seeded: false };
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
  const productIds: string[] = [];
  for (const p of demoProducts) productIds.push((await createProduct(db, p)).id);
  const people = [
    { name: 'Ayşe Demir', email: 'ayse.demir@example.com', phone: '+90 532 123 45 67', language: 'tr' as const },
    { name: 'James Whitfield', email: 'james@whitfield.example', phone: '+44 7700 900123', company: 'Whitfield Interiors' },
    { name: 'Mara Lindqvist', email: 'mara.l@example.org', phone: '+46 70 123 45 67' },
  ];
  const customerIds: string[] = [];
  for (const c of people) customerIds.push((await createCustomer(db, { ...c, addresses: {}, notes: '' }, 'GB')).id);
  await db.insert(settingsTable).values({ id: MANIFEST_ID, data: { seededAt: new Date().toISOString(), productIds, customerIds } satisfies Manifest });

  const address = { line1: '4 Mill Street', city: 'London', postalCode: 'SE1 2AA', country: 'GB' };
  const demoOrders = [
    { customer: { id: customerIds[1] }, channel: 'phone', lines: [{ sku: 'SOFA-3S', quantity: 1, fields: { fabric: 'velvet', colour: 'Moss green' } }, { sku: 'CHAIR-BENT', quantity: 4, fields: { seat: 'cane' } }], delivery: { method: 'shipping', address } },
    { customer: { id: customerIds[0] }, channel: 'web', lines: [{ sku: 'TABLE-OAK', quantity: 1, fields: { finish: 'painted', paint_colour: 'RAL 7016' } }], delivery: { method: 'pickup' } },
    { customer: { id: customerIds[2] }, channel: 'in_person', lines: [{ sku: 'WARDROBE-MTO', quantity: 1, fields: { width_cm: 220, height_cm: 240, doors: 'sliding', extras: ['mirror', 'lighting'] } }], delivery: { method: 'local_delivery', address } },
  ];
  const placed = [];
  for (const o of demoOrders) placed.push((await placeOrder(db, reactions, placeOrderInputSchema.parse(o), actor)).order);
  // Keeping customers informed: the phone order is past its date (it shows on the at-risk list);
  // the wardrobe was delayed, with the reason the customer was e-mailed.
  const [sofaOrder, , wardrobe] = placed;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  if (sofaOrder) await db.update(orders).set({ expectedCompletionDate: yesterday }).where(eq(orders.id, sofaOrder.id));
  if (wardrobe?.expectedCompletionDate) {
    const later = new Date(Date.parse(`${wardrobe.expectedCompletionDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await recordDelay(db, reactions, wardrobe.id, { newDate: later, reason: 'The sliding-door fittings reach our workshop a week later than planned.' }, actor);
  }
  return { seeded: true };
}

/** Removes the demo customers, their orders and the demo products (products used by real orders are deactivated instead). */
export async function removeDemo(db: Db): Promise<{ removed: boolean }> {
  const [row] = await db.select().from(settingsTable).where(eq(settingsTable.id, MANIFEST_ID));
  if (!row) return { removed: false };
  const m = row.data as Manifest;
  await db.transaction(async (tx) => {
    if (m.customerIds.length) {
      await tx.delete(orders).where(inArray(orders.customerId, m.customerIds));
      await tx.delete(customers).where(inArray(customers.id, m.customerIds));
    }
    for (const id of m.productIds) {
      try {
        await tx.transaction(async (sp) => {
          await sp.delete(products).where(eq(products.id, id));
        });
      } catch {
        await tx.update(products).set({ active: false }).where(eq(products.id, id));
      }
    }
    await tx.delete(settingsTable).where(eq(settingsTable.id, MANIFEST_ID));
  });
  return { removed: true };
}
