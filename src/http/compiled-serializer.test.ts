/**
 * The compiled serializer against zod itself: where it writes a body, the bytes are zod's
 * (`safeEncode` + `JSON.stringify`); where zod refuses a value, it writes nothing (the caller
 * then asks zod, which refuses as before). The whole test suite also runs every real response
 * through both (ORDERLY_VERIFY_SERIALIZER, set by test/support/server.ts).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer } from './compiled-serializer.ts';
import { orderSchema } from '../orders/orders.schemas.ts';

const zodWrites = (schema: z.ZodType, value: unknown): string | undefined => {
  const r = z.safeEncode(schema, value);
  return r.success ? JSON.stringify(r.data) : undefined;
};

/** The compiled code writes this value itself, byte for byte as zod. */
function written(schema: z.ZodType, value: unknown): string {
  const ours = compileSerializer(schema)(value);
  const zods = zodWrites(schema, value);
  expect(zods, 'zod accepts it').toBeTypeOf('string');
  expect(ours).toBe(zods);
  return ours as string;
}

/** Zod refuses the value, and the compiled code writes nothing (so zod's refusal stands). */
function refused(schema: z.ZodType, value: unknown): void {
  expect(zodWrites(schema, value), 'zod refuses it').toBeUndefined();
  expect(compileSerializer(schema)(value)).toBeUndefined();
}

const ID = '0b9f3a52-6c1e-4f7a-9d3b-2a1c5e8f7d60';

describe('the compiled serializer', () => {
  it('writes an order exactly as zod does (a placed order as the API answers it)', () => {
    const line = (position: number) => ({
      id: ID,
      position,
      productId: ID,
      sku: `SOFA-${position}`,
      name: 'Velvet sofa "Ada" — 3 seats',
      fulfilmentMode: 'stock',
      quantity: 2,
      unitPriceMinor: 89_900,
      optionsPriceMinor: 5_000,
      taxRateBp: 2000,
      subtotalMinor: 189_800,
      taxMinor: 37_960,
      totalMinor: 227_760,
      answers: { fabric: { key: 'fabric', label: 'Fabric', value: 'velvet', display: 'Velvet', priceDeltaMinor: 5_000 }, note: { key: 'note', label: 'Note', value: { nested: [1, null, 'ş'] }, display: 'x', priceDeltaMinor: 0 } },
      reservedQty: 2,
      backorderedQty: 0,
      internalOnly: 'never in the body',
    });
    const order = {
      id: ID,
      number: 'ORD-2026-00042',
      status: 'placed',
      heldFrom: null,
      version: 1,
      channel: 'web',
      customer: { id: ID, name: 'İnes Kaya', email: 'ines@example.com', phone: null },
      suggestedCustomerId: null,
      delivery: { method: 'shipping', address: { line1: '1 High St', city: 'London', country: 'GB', postalCode: 'N1 1AA', region: undefined } },
      notes: 'Line one\nline two\t"quoted" \\ \u0001 \ud800',
      currency: 'EUR',
      lines: [line(1), line(2)],
      totals: { linesTotalMinor: 379_600, taxTotalMinor: 75_920, grandTotalMinor: 455_520 },
      expectedCompletionDate: '2026-12-10',
      language: 'tr',
      draft: null,
      missing: null,
      allowedCommands: ['confirm', 'cancel'],
      commands: [{ command: 'confirm', permission: 'orders.confirm', needsReason: false }],
      editable: { lines: true, delivery: true, notes: true },
      createdBy: { kind: 'user', id: ID, name: 'Owner' },
      placedAt: new Date('2026-12-01T10:00:00.123Z'),
      createdAt: new Date('2026-12-01T10:00:00.123Z'),
      updatedAt: new Date('2026-12-01T10:00:00.456Z'),
    };
    const body = written(orderSchema, order);
    expect(body).not.toContain('internalOnly');
    // A reader without prices.read: the price keys are absent, not null.
    const { unitPriceMinor: _u, optionsPriceMinor: _o, subtotalMinor: _s, taxMinor: _t, totalMinor: _tt, ...noPrices } = line(1);
    written(orderSchema, { ...order, lines: [noPrices], totals: {} });
    // Wrong data is zod's to refuse.
    refused(orderSchema, { ...order, id: 'not-a-uuid' });
    refused(orderSchema, { ...order, lines: [{ ...line(1), quantity: 1.5 }] });
    refused(orderSchema, { ...order, status: 'teleported' });
    refused(orderSchema, { ...order, createdAt: new Date('nonsense') });
    refused(orderSchema, { ...order, customer: { ...order.customer, id: 'x' } });
  });

  it('leaves out what zod leaves out, keeps the schema’s key order, and refuses what zod refuses', () => {
    const s = z.object({ b: z.string(), a: z.number().int(), c: z.string().optional(), d: z.unknown(), e: z.boolean().nullable() });
    expect(written(s, { a: 1, b: 'x', d: 1, e: null, extra: true })).toBe('{"b":"x","a":1,"d":1,"e":null}');
    written(s, { b: 'x', a: -0, c: undefined, d: undefined, e: false });
    written(s, { b: 'x', a: 2, c: 'y', d: () => 1, e: true });
    written(s, { b: 'x', a: 2, d: { toJSON: () => 'custom' }, e: true });
    refused(s, { b: 'x', a: 2, e: true }); // d is required, even though it accepts undefined
    refused(s, { b: 'x', a: 2.5, d: 1, e: true });
    refused(s, { b: 'x', a: Number.NaN, d: 1, e: true });
    refused(s, { b: 'x', a: 2 ** 53, d: 1, e: true });
    refused(s, { b: 'x', a: Number.POSITIVE_INFINITY, d: 1, e: true });
    refused(s, { b: 1, a: 1, d: 1, e: true });
    refused(s, { b: 'x', a: 1, d: 1 });
    refused(s, null);
    refused(s, [1]);
    // Optional first keys: the comma comes right whichever are present.
    const o = z.object({ a: z.string().optional(), b: z.string().optional(), c: z.string() });
    for (const v of [{ c: 'z' }, { a: 'x', c: 'z' }, { b: 'y', c: 'z' }, { a: 'x', b: 'y', c: 'z' }]) written(o, v);
    const all = z.object({ a: z.string().optional(), b: z.unknown().optional() });
    for (const v of [{}, { a: 'x' }, { b: null }, { b: undefined, a: undefined }, { a: 'x', b: Symbol('no JSON') }, { b: () => 1, a: 'x' }]) written(all, v);
    const nullableUnknown = z.object({ a: z.unknown().nullable(), b: z.string() });
    for (const v of [{ a: null, b: 'x' }, { a: () => 1, b: 'x' }, { a: undefined, b: 'x' }, { a: [1], b: 'x' }]) written(nullableUnknown, v);
    refused(nullableUnknown, { b: 'x' });
    // At the top, a value without JSON is zod's to answer.
    expect(compileSerializer(z.unknown())(() => 1)).toBeUndefined();
    expect(compileSerializer(z.unknown())([() => 1])).toBe('[null]');
  });

  it('a strict object refuses any key its shape lacks, inherited ones too', () => {
    const s = z.strictObject({ a: z.string() });
    written(s, { a: 'x' });
    refused(s, { a: 'x', b: 1 });
    refused(s, Object.assign(Object.create({ inherited: 1 }) as object, { a: 'x' }));
  });

  it('writes arrays, enums, literals, dates and nullables as zod, undefined in an array as null', () => {
    written(z.array(z.number().optional()), [1, undefined, 3]);
    written(z.array(z.unknown()), [undefined, () => 1, { a: [new Date(0)] }]);
    refused(z.array(z.string()), [1]);
    refused(z.array(z.string()), 'abc');
    written(z.object({ e: z.enum(['a', 'b']), l: z.literal(['x', 3, true, null]), n: z.null() }), { e: 'b', l: null, n: null });
    refused(z.enum(['a', 'b']), 'c');
    refused(z.literal('x'), 'y');
    written(z.date(), new Date('2026-01-02T03:04:05.678Z'));
    refused(z.date(), '2026-01-02');
    written(z.uuid().nullable().optional(), null);
    written(z.array(z.uuid().nullable().optional()), [ID, null, undefined]);
    expect(compileSerializer(z.string().optional())(undefined)).toBeUndefined();
  });

  it('writes records in the order of their own keys, skipping __proto__ as zod does', () => {
    const r = z.record(z.string(), z.number());
    expect(written(r, { b: 1, 2: 2, a: 3, 1: 4 })).toBe('{"1":4,"2":2,"b":1,"a":3}');
    written(r, JSON.parse('{"__proto__": 5, "a": 1}'));
    written(z.record(z.string(), z.number().optional()), { a: undefined, b: 2 });
    written(z.record(z.string(), z.unknown()), { a: undefined, b: () => 1, c: [1] });
    refused(r, { a: 'x' });
    refused(r, { [Symbol('s')]: 1 });
    refused(r, new (class Thing { a = 1; })());
    written(r, Object.create(null) as object);
  });

  it('hands zod every part it does not write itself, with the same result', () => {
    const s = z.object({
      email: z.email(),
      short: z.string().max(3),
      choice: z.union([z.string(), z.number()]),
      fallback: z.string().default('d'),
      when: z.codec(z.iso.datetime(), z.date(), { decode: (v) => new Date(v), encode: (d) => d.toISOString() }),
      '1': z.string(),
    });
    const ok = { email: 'a@b.example', short: 'abc', choice: 2, fallback: 'x', when: new Date(0), '1': 'one' };
    expect(compileSerializer(s)(ok)).toBe(zodWrites(s, ok));
    const inner = z.object({ email: z.email().optional(), short: z.string().max(3), when: z.codec(z.iso.datetime(), z.date(), { decode: (v) => new Date(v), encode: (d) => d.toISOString() }) });
    expect(written(inner, { email: 'a@b.example', short: 'abc', when: new Date(0) })).toBe('{"email":"a@b.example","short":"abc","when":"1970-01-01T00:00:00.000Z"}');
    written(inner, { short: 'ab', when: new Date(0) });
    refused(inner, { email: 'nope', short: 'abc', when: new Date(0) });
    refused(inner, { short: 'abcd', when: new Date(0) });
    // A part zod writes that may be absent: absent, it contributes nothing; present, zod's result.
    const maybe = z.object({ u: z.union([z.string().optional(), z.number()]), e: z.array(z.email()), r: z.record(z.string(), z.email()) });
    for (const v of [{ e: [], r: {} }, { u: 'x', e: ['a@b.example'], r: { k: 'a@b.example' } }, { u: undefined, e: [], r: {} }, { u: 3, e: [], r: {} }]) written(maybe, v);
    refused(maybe, { u: true, e: [], r: {} });
    refused(maybe, { e: ['nope'], r: {} });
    refused(maybe, { e: [], r: { k: 'nope' } });
    // A one-way transform cannot be encoded: zod throws, and so does the compiled code (it asks zod for that part).
    const oneWay = z.object({ t: z.string().transform((v) => v.length) });
    expect(() => zodWrites(oneWay, { t: 3 })).toThrow(/unidirectional transform/);
    expect(() => compileSerializer(oneWay)({ t: 3 })).toThrow(/unidirectional transform/);
  });
});
