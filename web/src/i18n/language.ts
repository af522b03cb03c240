/**
 * The language of the shop and the customer's pages: the browser's (navigator.languages,
 * the same list it sends as Accept-Language) when we speak it, else the business's default. Pure.
 */
export const LANGUAGES = ['en', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

const isLanguage = (v: string): v is Language => (LANGUAGES as readonly string[]).includes(v);
const base = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';

/** The first of the browser's languages we speak ('tr-TR' → tr), else the fallback, else English. */
export function pickLanguage(browser: readonly string[], fallback?: string | null): Language {
  const found = browser.map(base).find(isLanguage);
  if (found) return found;
  return fallback && isLanguage(fallback) ? fallback : 'en';
}

/** The first of the browser's languages we speak, or undefined when it names none. */
export function browserLanguage(): Language | undefined {
  if (typeof navigator === 'undefined') return undefined;
  const list = navigator.languages.length ? navigator.languages : [navigator.language];
  return list.map(base).find(isLanguage);
}
