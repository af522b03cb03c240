/** The customer's own order page, reached by the access link in their e-mail: no account, phone-first. */
import { useEffect } from 'react';
import { client, unwrap } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading } from '../../components/ui';
import { CustomerOrderView } from './CustomerOrderView';
import { NewLinkForm } from './NewLinkForm';
import { LanguageProvider } from '../../i18n/i18n';
import { browserLanguage } from '../../i18n/language';
import { CATALOGUES } from '../../i18n/catalogues';
import styles from './CustomerOrder.module.css';

const lang = browserLanguage();

/** In the browser's language when we speak it, else the customer's, else the business's (the server's default). */
export default function MyOrderPage({ token }: { token: string }) {
  const order = useAsync(() => unwrap(client.GET('/api/v1/public/order-status/{token}', { params: { path: { token }, query: lang ? { lang } : {} } })), [token]);
  const shown = order.data?.language ?? lang ?? 'en';
  useEffect(() => {
    if (order.data) document.title = `${order.data.business.name} · ${order.data.number ?? ''}`;
  }, [order.data]);
  if (order.error)
    return (
      <LanguageProvider lang={shown}>
        <main className={styles.page}>
          <ErrorState error={order.error} />
          <NewLinkForm />
        </main>
      </LanguageProvider>
    );
  if (!order.data) return <Loading what={CATALOGUES[shown].loadingOrder} />;
  return <CustomerOrderView order={order.data} />;
}
