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
  it('folds the needle and the stored text alike', () => {
    expect(foldForSearch('İNAN YILMAZ').includes(foldForSearch('inan yıl'))).toBe(true);
  });
});
