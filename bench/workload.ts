/**
 * What the benchmark orders: a small furniture catalogue (sofas that need a
 * fabric, tables that need a finish), a pool of known customers, and a seeded
 * generator of order plans. One plan is sent over HTTP or written by the bare
 * SQL "ceiling" transaction, so both do the same writes.
 */

export type BenchProduct = {
  id: string;
  sku: string;
  name: string;
  kind: 'sofa' | 'table';
  stocked: boolean;
  priceMinor: number;
  taxRateBp: number;
  leadTimeDays: number;
};

export type KnownCustomer = { id: string; name: string; email: string };

export type Catalogue = { sofas: BenchProduct[]; tables: BenchProduct[]; customers: KnownCustomer[] };

export const SOFA_COUNT = 12;
export const TABLE_COUNT = 12;
export const KNOWN_CUSTOMERS = 200;
/** Large enough that no run ever sells out. */
export const INITIAL_STOCK = 10_000_000;

export const sofaForm = [
  {
    key: 'fabric',
    label: 'Fabric',
    type: 'select',
    required: true,
    options: [
      { value: 'linen', label: 'Linen', priceDeltaMinor: 0 },
      { value: 'velvet', label: 'Velvet', priceDeltaMinor: 12_000 },
      { value: 'leather', label: 'Leather', priceDeltaMinor: 35_000 },
    ],
  },
  { key: 'colour', label: 'Colour', type: 'text', required: true, maxLength: 60 },
] as const;

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
] as const;

/** The product-creation bodies of the catalogue: sofas are stocked, half of the tables too, the rest made to order. */
export function productBodies(runId: string): { body: Record<string, unknown>; kind: 'sofa' | 'table' }[] {
  const out: { body: Record<string, unknown>; kind: 'sofa' | 'table' }[] = [];
  for (let i = 0; i < SOFA_COUNT; i++) {
    out.push({
      kind: 'sofa',
      body: {
        sku: `B${runId}-SOFA-${i}`,
        name: `Sofa model ${i}`,
        priceMinor: 59_900 + i * 5_000,
        currency: 'EUR',
        taxRateBp: 2000,
        fulfilmentMode: 'stock',
        leadTimeDays: 3,
        initialStock: INITIAL_STOCK,
        formFields: sofaForm,
      },
    });
  }
  for (let i = 0; i < TABLE_COUNT; i++) {
    const stocked = i % 2 === 0;
    out.push({
      kind: 'table',
      body: {
        sku: `B${runId}-TABLE-${i}`,
        name: `Table model ${i}`,
        priceMinor: 39_900 + i * 3_000,
        currency: 'EUR',
        taxRateBp: 2000,
        fulfilmentMode: stocked ? 'stock' : 'made_to_order',
        leadTimeDays: stocked ? 2 : 21,
        ...(stocked ? { initialStock: INITIAL_STOCK } : {}),
        formFields: tableForm,
      },
    });
  }
  return out;
}

/** A small, fast, seeded PRNG (mulberry32), so a run's order mix is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Tim', 'Hedy', 'Linus', 'Anita', 'Niklaus', 'Sophie', 'Mehmet', 'Ayşe', 'Jürgen'];
export const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Borg', 'Wirth', 'Wilson', 'Yılmaz', 'Demir', 'Müller'];
const COLOURS = ['Sand', 'Charcoal', 'Moss', 'Ochre', 'Navy', 'Rust'];
const PAINTS = ['RAL 9010', 'RAL 7016', 'RAL 6021'];
const CHANNELS = ['web', 'web', 'web', 'phone', 'phone', 'email', 'in_person', 'api'] as const;
const ADDRESS = { line1: '1 High Street', city: 'London', postalCode: 'N1 1AA', country: 'GB' };

type Pick = <T>(xs: readonly T[]) => T;

export type CustomerPlan =
  | { kind: 'new'; name: string; email: string; phone?: string }
  | { kind: 'known'; name: string; email: string }
  | { kind: 'id'; id: string; name: string; email: string };

export type LinePlan = { product: BenchProduct; quantity: number; fields: Record<string, string> };

export type OrderPlan = {
  customer: CustomerPlan;
  lines: LinePlan[];
  delivery: { method: 'shipping' | 'pickup'; address?: typeof ADDRESS };
  channel: (typeof CHANNELS)[number];
  notes: string;
};

/**
 * Makes order plans: two lines (a sofa with fabric and colour, a table with a
 * finish and, when painted, its colour); the customer is new half the time,
 * otherwise a known one by e-mail (35 %) or by id (15 %).
 */
export function orderPlanner(cat: Catalogue, seed: number, uniquePrefix: string): () => OrderPlan {
  const rnd = prng(seed);
  const pick: Pick = (xs) => {
    const x = xs[Math.floor(rnd() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  };
  let n = 0;
  return () => {
    n++;
    const r = rnd();
    let customer: CustomerPlan;
    if (r < 0.5 || cat.customers.length === 0) {
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      const email = `${uniquePrefix}-${n}@example.com`;
      customer = rnd() < 0.5 ? { kind: 'new', name, email, phone: `+44 20 7946 ${String(1000 + (n % 9000))}` } : { kind: 'new', name, email };
    } else {
      const c = pick(cat.customers);
      customer = r < 0.85 ? { kind: 'known', name: c.name, email: c.email } : { kind: 'id', id: c.id, name: c.name, email: c.email };
    }
    const sofa = pick(cat.sofas);
    const table = pick(cat.tables);
    const finish = rnd() < 0.3 ? 'painted' : 'oiled';
    const lines: LinePlan[] = [
      { product: sofa, quantity: rnd() < 0.8 ? 1 : 2, fields: { fabric: pick(['linen', 'velvet', 'leather']), colour: pick(COLOURS) } },
      { product: table, quantity: 1, fields: finish === 'painted' ? { finish, paint_colour: pick(PAINTS) } : { finish } },
    ];
    const delivery = rnd() < 0.8 ? { method: 'shipping' as const, address: ADDRESS } : { method: 'pickup' as const };
    return { customer, lines, delivery, channel: pick(CHANNELS), notes: rnd() < 0.2 ? 'Please call before delivery' : '' };
  };
}

/** The POST /api/v1/orders body of a plan. */
export function httpBody(p: OrderPlan): Record<string, unknown> {
  const c = p.customer;
  return {
    customer: c.kind === 'id' ? { id: c.id } : c.kind === 'new' && c.phone ? { name: c.name, email: c.email, phone: c.phone } : { name: c.name, email: c.email },
    lines: p.lines.map((l) => ({ sku: l.product.sku, quantity: l.quantity, fields: l.fields })),
    delivery: p.delivery,
    channel: p.channel,
    notes: p.notes,
  };
}

/** Option labels and price changes, as the forms above define them (the ceiling freezes them itself). */
export function frozenAnswers(l: LinePlan): { answers: Record<string, { key: string; label: string; value: string; display: string; priceDeltaMinor: number }>; deltaMinor: number } {
  const form = l.product.kind === 'sofa' ? sofaForm : tableForm;
  const answers: Record<string, { key: string; label: string; value: string; display: string; priceDeltaMinor: number }> = {};
  let deltaMinor = 0;
  for (const f of form) {
    const value = l.fields[f.key];
    if (value === undefined) continue;
    const option = 'options' in f ? f.options.find((o) => o.value === value) : undefined;
    const priceDeltaMinor = option?.priceDeltaMinor ?? 0;
    deltaMinor += priceDeltaMinor;
    answers[f.key] = { key: f.key, label: f.label, value, display: option?.label ?? value, priceDeltaMinor };
  }
  return { answers, deltaMinor };
}
