import { describe, expect, it } from 'vitest';
import { en } from './en';
import { tr } from './tr';
import { pickLanguage } from './language';

/** Every key path, at any depth, with the kind of its value (a function's arity counts). */
function shape(v: unknown, at = ''): string[] {
  if (typeof v === 'function') return [`${at}:fn${v.length}`];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => shape(x, `${at} > ${k}`));
  return [`${at}:${typeof v}`];
}

describe('the message catalogues', () => {
  it('Turkish has exactly the keys English has, each of the same kind', () => {
    expect(shape(tr).sort()).toEqual(shape(en).sort());
  });

  it('no message is left empty or untranslated by copy (beyond names that read the same: IBAN, BIC)', () => {
    const same = shape(en)
      .filter((k) => k.endsWith(':string'))
      .map((k) => k.slice(0, -':string'.length))
      .filter((path) => {
        const get = (o: unknown) => path.split(' > ').slice(1).reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o);
        expect(String(get(tr)).trim(), path).not.toBe('');
        return get(en) === get(tr);
      });
    expect(same.sort()).toEqual([' > order > bic', ' > order > iban']);
  });
});

describe('the language of the shop and the customer pages', () => {
  it("is the browser's first language we speak, else the business's default, else English", () => {
    expect(pickLanguage(['tr-TR', 'en-GB'], 'en')).toBe('tr');
    expect(pickLanguage(['de-DE', 'en-US'], 'tr')).toBe('en');
    expect(pickLanguage(['de-DE', 'fr'], 'tr')).toBe('tr');
    expect(pickLanguage([], undefined)).toBe('en');
    expect(pickLanguage(['TR'], 'en')).toBe('tr');
  });
});
