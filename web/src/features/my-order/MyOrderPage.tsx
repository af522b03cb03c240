/** The customer's own order page, reached by the access link in their e-mail: no account, phone-first. */
import { useEffect } from 'react';
import { client, unwrap } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading } from '../../components/ui';
import { CustomerOrderView } from './CustomerOrderView';
import { NewLinkForm } from './NewLinkForm';
import styles from './CustomerOrder.module.css';

export default function MyOrderPage({ token }: { token: string }) {
  const order = useAsync(() => unwrap(client.GET('/api/v1/public/order-status/{token}', { params: { path: { token } } })), [token]);
  useEffect(() => {
    if (order.data) document.title = `${order.data.business.name} · ${order.data.number ?? ''}`;
  }, [order.data]);
  if (order.error)
    return (
      <main className={styles.page}>
        <ErrorState error={order.error} />
        <NewLinkForm />
      </main>
    );
  if (!order.data) return <Loading what="Loading your order" />;
  return <CustomerOrderView order={order.data} />;
}
