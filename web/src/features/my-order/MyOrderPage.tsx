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
/** The link the customer left for the card provider's page: the provider's return address carries no token, so the tab keeps it. */
const RETURN_KEY = 'orderly:pay-return';

/** Back from the card provider (/my-order/return): to the order the customer left from, saying the payment is being confirmed. */
function PayReturn() {
  const paid = new URLSearchParams(location.search).has('paid');
  const token = (() => {
    try {
      return sessionStorage.getItem(RETURN_KEY);
    } catch {
      return null;
    }
  })();
  if (token) {
    location.replace(`/my-order/${encodeURIComponent(token)}${paid ? '?paid=1' : ''}`);
    return <Loading what={CATALOGUES[lang ?? 'en'].loadingOrder} />;
  }
  return (
    <LanguageProvider lang={lang ?? 'en'}>
      <main className={styles.page}>
        {paid ? <p role="status">{CATALOGUES[lang ?? 'en'].order.paidReturn}</p> : null}
        <NewLinkForm />
      </main>
    </LanguageProvider>
  );
}

/** In the browser's language when we speak it, else the customer's, else the business's (the server's default). */
export default function MyOrderPage({ token }: { token: string }) {
  return token === 'return' ? <PayReturn /> : <OrderByLink token={token} />;
}

function OrderByLink({ token }: { token: string }) {
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
  const payByCard = async () => {
    const { url } = await unwrap(client.POST('/api/v1/public/order-status/{token}/card-checkout', { params: { path: { token } } }));
    try {
      sessionStorage.setItem(RETURN_KEY, token);
    } catch {
      // Without storage the customer comes back to a page that asks for their link.
    }
    location.assign(url);
  };
  const back = new URLSearchParams(location.search).has('paid') && order.data.payment.state !== 'paid';
  return (
    <CustomerOrderView order={order.data} onPayByCard={payByCard}>
      {back ? <p role="status" className={styles.done} data-testid="pay-return">{CATALOGUES[order.data.language].order.paidReturn}</p> : null}
    </CustomerOrderView>
  );
}
