import { describe, expect, it } from 'vitest';
import { foldForSearch } from './search-text.ts';

describe('foldForSearch', () => {
  it.each([
    ['İnan', 'inan'],
    ['ÇAĞRI IŞIK', 'cagri isik'],
    ['Şükrü Öztürk', 'sukru ozturk'],
    ['Müller-Lüdenscheidt', 'muller-ludenscheidt'],
    ['Crème Brûlée', 'creme brulee'],
    ['Straße', 'strasse'],
    ['plain text 123', 'plain text 123'],
  ])('%s → %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });
  it('folds plain ASCII to lower case and nothing else, and text with one other letter in full', () => {
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    expect(foldForSearch(ascii)).toBe(ascii.toLowerCase());
    expect(foldForSearch('SKU-42 Anna.Smith@Example.COM')).toBe('sku-42 anna.smith@example.com');
    expect(foldForSearch('MULLER Müller')).toBe('muller muller');
  });
  it('folds the needle and the stored text alike', () => {
    expect(foldForSearch('İNAN YILMAZ').includes(foldForSearch('inan yıl'))).toBe(true);
  });
});
