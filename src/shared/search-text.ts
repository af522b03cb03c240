/**
 * Text as search compares it: lower case, without accents or other marks, and the
 * Turkish dotless ı read as i — so "inan" finds "İnan", "cagri" finds "Çağrı" and
 * "muller" finds "Müller". Stored search columns and search needles both go through it.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss');
}
