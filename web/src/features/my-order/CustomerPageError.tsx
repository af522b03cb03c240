/**
 * A customer page (order, verify, quote, survey, completing an order) whose link could not be
 * loaded: the problem in the customer's language, on the customer pages' layout, followed by
 * anything the page offers instead (a form to ask for a new link).
 */
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/ui';
import { LanguageProvider } from '../../i18n/i18n';
import type { Language } from '../../i18n/language';
import styles from './CustomerOrder.module.css';

export function CustomerPageError({ lang, error, children }: { lang: Language; error: unknown; children?: ReactNode }) {
  return (
    <LanguageProvider lang={lang}>
      <main className={styles.page}>
        <ErrorState error={error} />
        {children}
      </main>
    </LanguageProvider>
  );
}
