/**
 * The catalogue the shop's and the customer's pages read with useT(). Without a provider
 * (the staff pages) it is English.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { en, type Messages } from './en';
import { CATALOGUES } from './catalogues';
import type { Language } from './language';

const Ctx = createContext<{ lang: Language; t: Messages }>({ lang: 'en', t: en });

export function LanguageProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  return <Ctx.Provider value={{ lang, t: CATALOGUES[lang] }}>{children}</Ctx.Provider>;
}

export const useT = (): Messages => useContext(Ctx).t;
export const useLanguage = (): Language => useContext(Ctx).lang;
