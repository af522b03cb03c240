/** What a customer sees of their order (status page, verify page): the same view, in their language, phone-first. */
import { useState, type ReactNode } from 'react';
import { errorText } from '../../components/ui';
import type { Schemas } from '../../api/client';
import { CATALOGUES } from '../../i18n/catalogues';
import styles from './CustomerOrder.module.css';

export type CustomerOrder = Schemas['CustomerOrder'];

/** `onPayByCard`: starts the card checkout (the order page; the verify page has none). */
export function CustomerOrderView({ order: o, children, onPayByCard }: { order: CustomerOrder; children?: ReactNode; onPayByCard?: () => Promise<void> }) {
  // The server wrote the order's own texts in this language (the browser's when we speak it, else the customer's or the business's).
  const all = CATALOGUES[o.language];
  const t = all.order;
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const pay = async () => {
    if (!onPayByCard) return;
    setPaying(true);
    setPayError(null);
    try {
      await onPayByCard();
    } catch (e) {
      setPayError(errorText(e, all));
      setPaying(false);
    }
  };
  const when = (d: string | Date) => new Date(d).toLocaleDateString(o.language, { day: 'numeric', month: 'short', year: 'numeric' });
  const bank = o.payment.bank;
  return (
    <main className={styles.page} lang={o.language}>
      <p className={styles.business}>{o.business.name}</p>
      <h1 className={styles.number}>{o.number}</h1>
      <p role="status" className={styles.status}>
        <strong>{o.statusText}</strong>
        {o.expectedCompletionText ? <> · {o.expectedCompletionText}</> : null}
      </p>
      {children}
      <section className={styles.card} aria-labelledby="lines-h">
        <h2 id="lines-h">{t.items}</h2>
        <ul className={styles.lines}>
          {o.lines.map((l, i) => (
            <li key={i}>
              <div className={styles.line}>
                <span>{l.quantity} × {l.name}</span>
                <span>{l.totalText}</span>
              </div>
              {l.options.length ? <div className={styles.options}>{l.options.map((op) => `${op.label}: ${op.value}`).join(' · ')}</div> : null}
            </li>
          ))}
        </ul>
        <div className={styles.total}>
          <span>{t.total}</span>
          <span>{o.totals.grandTotalText}</span>
        </div>
      </section>
      {o.shipments.length ? (
        <section className={styles.card} aria-labelledby="ship-h" data-testid="customer-shipments">
          <h2 id="ship-h">{t.shipments}</h2>
          <ul className={styles.lines}>
            {o.shipments.map((sh) => (
              <li key={sh.number}>
                <div className={styles.line}>
                  <strong>
                    {t.shipment} {sh.number} · {t.method[sh.method]}
                    {sh.carrier ? ` (${sh.carrier})` : ''}
                  </strong>
                  <span>{sh.deliveredOn ? `${t.delivered} ${when(sh.deliveredOn)}` : `${t.shipped} ${when(sh.shippedOn)}`}</span>
                </div>
                <div className={styles.options}>{sh.lines.map((l) => `${l.quantity} × ${l.name}`).join(' · ')}</div>
                {sh.slot ? <div className={styles.options}>{sh.method === 'pickup' ? t.pickup : t.slot}: {sh.slot}</div> : null}
                {!sh.deliveredOn && sh.expectedDeliveryOn ? <div className={styles.options}>{t.expected}: {when(sh.expectedDeliveryOn)}</div> : null}
                {sh.trackingUrl ? (
                  <p>
                    <a href={sh.trackingUrl} target="_blank" rel="noopener noreferrer">
                      {t.track}
                    </a>{' '}
                    <span className={styles.options}>({sh.trackingNumber})</span>
                  </p>
                ) : sh.trackingNumber ? (
                  <div className={styles.options}>{t.tracking}: {sh.trackingNumber}</div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className={styles.card} aria-labelledby="pay-h">
        <h2 id="pay-h">{t.payment}</h2>
        <p>
          {o.payment.stateText} · {o.payment.methodText}
          {o.payment.dueMinor > 0 ? <> · {o.payment.dueText}</> : null}
        </p>
        {o.payment.howToPay ? <p>{o.payment.howToPay}</p> : null}
        {o.payment.payByCard && onPayByCard ? (
          <div className={styles.actions}>
            <button type="button" className="primary" disabled={paying} onClick={() => void pay()}>
              {t.payByCard(o.payment.dueText)}
            </button>
            <p className="muted">{t.payHint}</p>
            {payError ? <p className="field-error" role="alert">{payError}</p> : null}
          </div>
        ) : null}
        {bank && o.payment.dueMinor > 0 ? (
          <dl className={styles.bank} data-testid="bank-details">
            {bank.accountName ? (<><dt>{t.holder}</dt><dd>{bank.accountName}</dd></>) : null}
            {bank.iban ? (<><dt>{t.iban}</dt><dd>{bank.iban}</dd></>) : null}
            {bank.bic ? (<><dt>{t.bic}</dt><dd>{bank.bic}</dd></>) : null}
            {bank.bankName ? (<><dt>{t.bank}</dt><dd>{bank.bankName}</dd></>) : null}
            <dt>{t.reference}</dt>
            <dd>{o.payment.reference}</dd>
          </dl>
        ) : null}
      </section>
      <section className={styles.card} aria-labelledby="tl-h">
        <h2 id="tl-h">{t.history}</h2>
        <ul className={styles.history}>
          {o.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={new Date(e.at).toISOString()}>{when(e.at)}</time>
              {e.text}
            </li>
          ))}
        </ul>
      </section>
      <footer className={styles.footer}>
        <p>{t.questions}</p>
        <p>
          {o.business.name} · <a href={`mailto:${o.business.email}`}>{o.business.email}</a>
          {o.business.phone ? <> · <a href={`tel:${o.business.phone}`}>{o.business.phone}</a></> : null}
        </p>
        {o.business.address ? <p>{o.business.address}</p> : null}
      </footer>
    </main>
  );
}
