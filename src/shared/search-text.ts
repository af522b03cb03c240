/**
 * Text as search compares it: lower case, without accents or other marks, and the
 * Turkish dotless ı read as i — so "inan" finds "İnan", "cagri" finds "Çağrı" and
 * "muller" finds "Müller". Stored search columns and search needles both go through it.
 */
/** Only characters below U+0080. */
const isAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
};

export function foldForSearch(text: string): string {
  // Plain ASCII has no marks to strip and no ı or ß: lower case is all (most names, e-mails, SKUs).
  if (isAscii(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss');
}
