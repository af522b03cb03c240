/** The customer's own order page, reached by the access link in their e-mail: no account, phone-first. */
import { useEffect } from 'react';
import { client, unwrap } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading } from '../../components/ui';
import styles from '../storefront/Storefront.module.css';
import { NewLinkForm } from './NewLinkForm';

export default function MyOrderPage({ token }: { token: string }) {
  const order = useAsync(() => unwrap(client.GET('/api/v1/public/order-status/{token}', { params: { path: { token } } })), [token]);
  useEffect(() => {
    if (order.data) document.title = `${order.data.business.name} · ${order.data.number ?? ''}`;
  }, [order.data]);
  if (order.error)
    return (
      <main className={styles.shop}>
        <ErrorState error={order.error} />
        <NewLinkForm />
      </main>
    );
  const o = order.data;
  if (!o) return <Loading what="Loading your order" />;
  const when = (d: string | Date) => new Date(d).toLocaleDateString(o.language, { day: 'numeric', month: 'short', year: 'numeric' });
  return (
    <main className={styles.shop} lang={o.language}>
      <p>{o.business.name}</p>
      <h1>{o.number}</h1>
      <p role="status">
        <strong>{o.statusText}</strong>
        {o.expectedCompletionText ? <> · {o.expectedCompletionText}</> : null}
      </p>
      <section aria-labelledby="lines-h">
        <h2 id="lines-h">{o.language === 'tr' ? 'Ürünler' : 'Items'}</h2>
        <ul>
          {o.lines.map((l, i) => (
            <li key={i}>
              {l.quantity} × {l.name} — {l.totalText}
              {l.options.length ? <div>{l.options.map((op) => `${op.label}: ${op.value}`).join(' · ')}</div> : null}
            </li>
          ))}
        </ul>
        <p>
          <strong>{o.totals.grandTotalText}</strong>
        </p>
      </section>
      <section aria-labelledby="pay-h">
        <h2 id="pay-h">{o.language === 'tr' ? 'Ödeme' : 'Payment'}</h2>
        <p>
          {o.payment.stateText} · {o.payment.methodText}
          {o.payment.dueMinor > 0 ? <> · {o.payment.dueText}</> : null}
        </p>
        {o.payment.howToPay ? <p>{o.payment.howToPay}</p> : null}
      </section>
      <section aria-labelledby="tl-h">
        <h2 id="tl-h">{o.language === 'tr' ? 'Geçmiş' : 'History'}</h2>
        <ul>
          {o.timeline.map((e, i) => (
            <li key={i}>
              {when(e.at)} — {e.text}
            </li>
          ))}
        </ul>
      </section>
      <footer>
        <p>
          {o.business.name} · <a href={`mailto:${o.business.email}`}>{o.business.email}</a>
          {o.business.phone ? <> · <a href={`tel:${o.business.phone}`}>{o.business.phone}</a></> : null}
        </p>
        {o.business.address ? <p>{o.business.address}</p> : null}
      </footer>
    </main>
  );
}
