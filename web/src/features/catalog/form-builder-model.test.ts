/**
 * Every field definition the API accepts survives the form builder: loaded into
 * the builder, edited somewhere else, and saved again, it comes back unchanged.
 * (The builder used to drop `pattern`, `minLength`, `maxLength`, date bounds and
 * "is any of" conditions on save.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkFormDefinition } from '../../../../src/catalog/form-definition.ts';
import type { FormField } from '../../api/client';
import { formDefinitionSchema } from '../../../../src/catalog/form-definition.schemas.ts';
import { fromDefinition, toDefinition } from './form-builder-model';

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const condition = fc.oneof(fc.record({ equals: scalar }), fc.record({ in: fc.array(scalar, { minLength: 1, maxLength: 4 }) }));
const price = fc.integer({ min: -100_000_000, max: 100_000_000 });
const number = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** One field's own part (no key, no condition), by type, as the API accepts it. */
const fieldBody = fc.oneof(
  fc.record({ type: fc.constant('text'), minLength: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), maxLength: fc.option(fc.integer({ min: 50, max: 10_000 }), { nil: undefined }), pattern: fc.option(fc.constantFrom('', 'RAL ?\\d{4}', '[A-Z]{2}-\\d+', 'a|b', '\\p{L}+'), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('number'), min: fc.option(number, { nil: undefined }), max: fc.option(number, { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('date'), min: fc.option(fc.integer({ min: -400, max: 0 }), { nil: undefined }), max: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('boolean'), priceDeltaMinor: fc.option(price, { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('select', 'multi_select'), options: fc.uniqueArray(fc.record({ value: fc.stringMatching(/^[a-z][a-z0-9 ]{0,9}$/), label: fc.string({ minLength: 1, maxLength: 12 }), priceDeltaMinor: fc.option(price, { nil: undefined }) }, { requiredKeys: ['value', 'label'] }), { minLength: 1, maxLength: 4, selector: (o) => o.value.trim() }), min: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }), max: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }) }, { requiredKeys: ['type', 'options'] }),
);

const definition = fc
  .array(
    fc.record(
      {
        label: fc.string({ minLength: 1, maxLength: 20 }),
        required: fc.boolean(),
        help: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        body: fieldBody,
        shownWhen: fc.option(fc.tuple(fc.nat(), condition), { nil: undefined }),
        requiredWhen: fc.option(fc.tuple(fc.nat(), condition), { nil: undefined }),
      },
      { requiredKeys: ['label', 'required', 'body'] },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((seeds) =>
    seeds.map((s, i) => {
      const cond = (c: [number, Record<string, unknown>] | undefined) => (c && i > 0 ? { field: `f${c[0] % i}`, ...c[1] } : undefined);
      const f: Record<string, unknown> = { key: `f${i}`, label: s.label, required: s.required, help: s.help, ...s.body, shownWhen: cond(s.shownWhen), requiredWhen: cond(s.requiredWhen) };
      return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    }),
  )
  // What the API accepts, as it answers it (defaults filled, JSON on the wire).
  .map((raw) => formDefinitionSchema.safeParse(raw))
  .filter((r) => r.success && checkFormDefinition(r.data).length === 0)
  .map((r) => JSON.parse(JSON.stringify(r.data)) as FormField[]);

describe('the form builder keeps every field definition the API accepts', () => {
  it('load → save gives back the same definition, in every currency precision', () => {
    fc.assert(
      fc.property(definition, fc.constantFrom('EUR', 'JPY', 'KWD'), (def, currency) => {
        expect(toDefinition(fromDefinition(def, currency), currency)).toEqual(def);
      }),
      { numRuns: 400 },
    );
  });

  it('load → edit one field → save changes that field only', () => {
    fc.assert(
      fc.property(definition, fc.nat(), (def, pick) => {
        const i = pick % def.length;
        const drafts = fromDefinition(def, 'EUR').map((d, j) => (j === i ? { ...d, label: `${d.label} (edited)` } : d));
        expect(toDefinition(drafts, 'EUR')).toEqual(def.map((f, j) => (j === i ? { ...f, label: `${f.label} (edited)` } : f)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the fields the builder used to drop: pattern, lengths, date bounds and "is any of"', () => {
    const def = JSON.parse(
      JSON.stringify(
        formDefinitionSchema.parse([
          { key: 'finish', label: 'Finish', type: 'select', options: [{ value: 'oak', label: 'Oak' }, { value: 'ash', label: 'Ash' }, { value: 'walnut', label: 'Walnut', priceDeltaMinor: 4_000 }] },
          { key: 'code', label: 'Paint code', type: 'text', pattern: 'RAL ?\\d{4}', minLength: 7, maxLength: 8, shownWhen: { field: 'finish', in: ['oak', 'ash'] } },
          { key: 'fit', label: 'Fitting day', type: 'date', min: 2, max: 60 },
        ]),
      ),
    ) as FormField[];
    expect(toDefinition(fromDefinition(def, 'EUR'), 'EUR')).toEqual(def);
  });
});
