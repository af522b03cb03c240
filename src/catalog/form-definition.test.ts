import { describe, expect, it } from 'vitest';
import { checkFormDefinition, compileForm } from './form-definition.ts';
import { formDefinitionSchema, type FormFieldInput } from './form-definition.schemas.ts';

const form = (fields: FormFieldInput[]) => formDefinitionSchema.parse(fields);

describe('checking a form definition', () => {
  it('refuses duplicate keys, conditions on missing or later fields, and selects without options', () => {
    const problems = checkFormDefinition(
      form([
        { key: 'fabric', label: 'Fabric', type: 'select', options: [{ value: 'a', label: 'A' }] },
        { key: 'fabric', label: 'Again', type: 'text' },
        { key: 'x', label: 'X', type: 'text', shownWhen: { field: 'nope', equals: 'a' } },
        { key: 'y', label: 'Y', type: 'text', requiredWhen: { field: 'z', equals: true } },
        { key: 'z', label: 'Z', type: 'boolean' },
        { key: 'w', label: 'W', type: 'select' },
      ]),
    );
    expect(problems.map((p) => [p.path.join('.'), p.code])).toEqual([
      ['1.key', 'duplicate_key'],
      ['2.shownWhen.field', 'unknown_field'],
      ['3.requiredWhen.field', 'forward_reference'],
      ['5.options', 'options_required'],
    ]);
  });

  it('refuses a bad regular expression and min above max', () => {
    const problems = checkFormDefinition(form([{ key: 'a', label: 'A', type: 'text', pattern: '(' }, { key: 'n', label: 'N', type: 'number', min: 5, max: 1 }]));
    expect(problems.map((p) => p.code)).toEqual(['invalid_pattern', 'invalid_range']);
  });

  it('refuses what RE2 cannot run in linear time: back-references, look-around, a pattern that escapes its group', () => {
    const patterns = ['(a)\\1', '(?=a)a', '(?!a)b', '(?<=a)b', 'a)|(b', 'RAL ?\\d{4}', '(a+)+$', '\\p{L}+'];
    const problems = checkFormDefinition(form(patterns.map((pattern, i) => ({ key: `f${i}`, label: 'F', type: 'text', pattern }))));
    expect(problems.map((p) => p.path.join('.'))).toEqual(['0.pattern', '1.pattern', '2.pattern', '3.pattern', '4.pattern']);
  });
});

describe('answers in linear time', () => {
  it('a pattern that backtracks exponentially in JavaScript answers at once', () => {
    const validate = compileForm(form([{ key: 'code', label: 'Code', type: 'text', pattern: '(a+)+$' }]));
    expect(validate({ code: `${'a'.repeat(1500)}!` }).problems).toEqual([expect.objectContaining({ field: 'code', code: 'pattern' })]);
    expect(validate({ code: 'a'.repeat(1500) }).problems).toEqual([]);
  });
});

describe('the compiled validator', () => {
  const fields = form([
    { key: 'finish', label: 'Finish', type: 'select', required: true, options: [{ value: 'oiled', label: 'Oiled' }, { value: 'painted', label: 'Painted', priceDeltaMinor: 900 }] },
    { key: 'paint', label: 'Paint colour', type: 'text', pattern: 'RAL \\d{4}', shownWhen: { field: 'finish', equals: 'painted' }, requiredWhen: { field: 'finish', equals: 'painted' } },
    { key: 'leaves', label: 'Leaves', type: 'number', min: 0, max: 2 },
    { key: 'extras', label: 'Extras', type: 'multi_select', options: [{ value: 'a', label: 'A', priceDeltaMinor: 100 }, { value: 'b', label: 'B', priceDeltaMinor: 250 }] },
    { key: 'gift', label: 'Gift wrap', type: 'boolean', priceDeltaMinor: 300 },
    { key: 'on', label: 'Date', type: 'date' },
  ]);
  const validate = compileForm(fields);

  it('returns every problem at once', () => {
    const r = validate({ leaves: 7, extras: ['c'], on: '2026-02-30', gift: 'maybe', stray: 1 });
    expect(r.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['extras:invalid_option', 'finish:required', 'gift:invalid_type', 'leaves:too_big', 'on:invalid_date', 'stray:unknown_field'].sort());
  });

  it('requires a conditional field only when its condition holds, and drops it when hidden', () => {
    expect(validate({ finish: 'painted' }).problems).toEqual([expect.objectContaining({ field: 'paint', code: 'required' })]);
    expect(validate({ finish: 'painted', paint: 'blue' }).problems).toEqual([expect.objectContaining({ field: 'paint', code: 'pattern' })]);
    const oiled = validate({ finish: 'oiled', paint: 'RAL 9010' });
    expect(oiled.problems).toEqual([]);
    expect(oiled.answers.map((a) => a.key)).toEqual(['finish']);
  });

  it('adds up the price changes of the chosen options', () => {
    const r = validate({ finish: 'painted', paint: 'RAL 9010', extras: ['a', 'b'], gift: true });
    expect(r.problems).toEqual([]);
    expect(r.priceDeltaMinor).toBe(900 + 100 + 250 + 300);
    expect(r.answers.find((a) => a.key === 'extras')?.display).toBe('A, B');
  });
});

describe("a date field's min and max (days from the day of the order)", () => {
  const dates = form([{ key: 'fit', label: 'Fitting day', type: 'date', required: true, min: 2, max: 30 }]);
  const check = compileForm(dates, { today: '2026-11-30' });

  it('accepts the first and last allowed day and refuses the days either side, naming the bound', () => {
    expect(check({ fit: '2026-12-02' }).problems).toEqual([]);
    expect(check({ fit: '2026-12-30' }).problems).toEqual([]);
    expect(check({ fit: '2026-12-01' }).problems).toEqual([{ field: 'fit', code: 'too_early', message: 'Fitting day must be on or after 2026-12-02' }]);
    expect(check({ fit: '2026-12-31' }).problems).toEqual([{ field: 'fit', code: 'too_late', message: 'Fitting day must be on or before 2026-12-30' }]);
  });

  it('refuses a date bound that is not a whole number of days', () => {
    const problems = checkFormDefinition(form([{ key: 'd', label: 'D', type: 'date', min: 1.5, max: 100_000 }]));
    expect(problems.map((p) => [p.path.join('.'), p.code])).toEqual([
      ['0.min', 'invalid_days'],
      ['0.max', 'invalid_days'],
    ]);
  });

  it('reports which fields are shown and required, for the web to render', () => {
    const f = form([
      { key: 'fabric', label: 'Fabric', type: 'select', required: true, options: [{ value: 'linen', label: 'Linen' }, { value: 'leather', label: 'Leather' }] },
      { key: 'care', label: 'Care kit', type: 'boolean', shownWhen: { field: 'fabric', equals: 'leather' }, requiredWhen: { field: 'fabric', in: ['leather'] } },
    ]);
    expect(compileForm(f)({ fabric: 'linen' })).toMatchObject({ visible: ['fabric'], required: ['fabric'] });
    expect(compileForm(f)({ fabric: 'leather' })).toMatchObject({ visible: ['fabric', 'care'], required: ['fabric', 'care'] });
  });
});
