import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileForm, formDefinitionSchema } from '../../../src/catalog/form-definition.ts';
import { evaluateForm } from './form-logic.ts';

const definition = formDefinitionSchema.parse([
  { key: 'fabric', label: 'Fabric', type: 'select', required: true, options: [{ value: 'linen', label: 'Linen' }, { value: 'leather', label: 'Leather', priceDeltaMinor: 35_000 }] },
  { key: 'care', label: 'Care kit', type: 'boolean', priceDeltaMinor: 2_500, shownWhen: { field: 'fabric', equals: 'leather' } },
  { key: 'extras', label: 'Extras', type: 'multi_select', options: [{ value: 'legs', label: 'Legs', priceDeltaMinor: 900 }, { value: 'cushion', label: 'Cushion', priceDeltaMinor: 1_500 }] },
  { key: 'colour', label: 'Colour', type: 'text', requiredWhen: { field: 'care', equals: true } },
  { key: 'width', label: 'Width', type: 'number', min: 60, max: 200 },
  { key: 'paint', label: 'Paint', type: 'text', pattern: 'RAL ?\\d{4}' },
  { key: 'engrave', label: 'Engraving', type: 'text', pattern: '(a+)+$', shownWhen: { field: 'paint', equals: 'RAL 9010' } },
  { key: 'gift', label: 'Gift box', type: 'boolean', priceDeltaMinor: 700, shownWhen: { field: 'engrave', in: ['aaa', 'a'] } },
]);

const answers = fc.record(
  {
    fabric: fc.constantFrom('linen', 'leather', 'silk', ''),
    care: fc.boolean(),
    extras: fc.subarray(['legs', 'cushion']),
    colour: fc.constantFrom('', 'red', '  '),
    width: fc.constantFrom('', '90', '20', 'abc'),
    paint: fc.constantFrom('', 'RAL 9010', 'RAL9010', 'RAL 90', 'ral 9010', ' RAL 9010 '),
    engrave: fc.constantFrom('', 'aaa', 'a', `${'a'.repeat(40)}!`, 'b'),
    gift: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe("the browser's order-form rules", () => {
  it("show, require and price fields exactly as the server's validator does", () => {
    const server = compileForm(definition);
    fc.assert(
      fc.property(answers, (a) => {
        const web = evaluateForm(definition as unknown as Parameters<typeof evaluateForm>[0], a);
        const result = server(web.answers);
        expect(web.priceDeltaMinor).toBe(result.priceDeltaMinor);
        const missing = result.problems.filter((p) => p.code === 'required').map((p) => p.field).sort();
        const blankRequired = [...web.required].filter((k) => web.answers[k] === undefined).sort();
        expect(blankRequired).toEqual(missing);
        for (const f of result.answers) expect(web.visible.has(f.key)).toBe(true);
      }),
    );
  });
});
