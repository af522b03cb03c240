/**
 * The page behind the e-mailed quote link: the customer reads the quote and accepts it
 * (it becomes their order), or sees why it can no longer be accepted. No account, phone-first.
 */
import { useEffect, useState } from 'react';
import { ApiError, client, unwrap, type FieldProblem, type Schemas } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { Loading, errorText } from '../../components/ui';
import { CustomerPageError } from '../my-order/CustomerPageError';
import { browserLanguage } from '../../i18n/language';
import { CATALOGUES } from '../../i18n/catalogues';
import { formatMoney } from '../../lib/money';
import styles from '../my-order/CustomerOrder.module.css';

type CustomerQuote = Schemas['CustomerQuote'];
type Acceptance = Schemas['QuoteAcceptance'];

export default function QuotePage({ token }: { token: string }) {
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/public/quotes/{token}', { params: { path: { token } } })), [token]);
  const [acceptance, setAcceptance] = useState<Acceptance | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; problems: FieldProblem[] } | null>(null);
  const q: CustomerQuote | undefined = acceptance?.quote ?? loaded.data;
  useEffect(() => {
    if (q) document.title = `${q.business.name} · ${q.number}`;
  }, [q]);
  const lang = q?.language ?? browserLanguage() ?? 'en';
  if (loaded.error) return <CustomerPageError lang={lang} error={loaded.error} />;
  if (!q) return <Loading what={CATALOGUES[lang].loadingQuote} />;
  const all = CATALOGUES[q.language];
  const t = all.quote;
  const m = (n: number) => formatMoney(n, q.currency);
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(q.language, { day: 'numeric', month: 'long', year: 'numeric' });
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      setAcceptance(await unwrap(client.POST('/api/v1/public/quotes/{token}/accept', { params: { path: { token } } })));
    } catch (e) {
      setError({ text: errorText(e, all), problems: e instanceof ApiError ? e.problem.errors : [] });
      if (e instanceof ApiError && e.status === 410) loaded.reload();
    }
    setBusy(false);
  };
  return (
    <main className={styles.page} lang={q.language}>
      <p className={styles.business}>{q.business.name}</p>
      <h1 className={styles.number}>
        {t.heading} {q.number}
      </h1>
      <p role="status" className={styles.status} data-testid="quote-state">
        <strong>{t.state[q.state]}</strong> · {t.validUntil} {day(q.validUntil)}
      </p>
      <section className={styles.card} aria-labelledby="quote-lines-h">
        <h2 id="quote-lines-h">{t.items}</h2>
        <ul className={styles.lines}>
          {q.lines.map((l, i) => (
            <li key={i}>
              <div className={styles.line}>
                <span>
                  {l.quantity} × {l.name}
                </span>
                <span>{m(l.subtotalMinor)}</span>
              </div>
              {l.options.length ? <div className={styles.options}>{l.options.map((op) => `${op.label}: ${op.value}`).join(' · ')}</div> : null}
              {l.agreedPriceReason ? (
                <div className={styles.options}>
                  {t.agreed}: {l.agreedPriceReason}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <div className={styles.line}>
          <span>{t.subtotal}</span>
          <span>{m(q.totals.linesTotalMinor)}</span>
        </div>
        {q.totals.deliveryFeeMinor ? (
          <div className={styles.line}>
            <span>{t.delivery}</span>
            <span>{m(q.totals.deliveryFeeMinor)}</span>
          </div>
        ) : null}
        <div className={styles.line}>
          <span>{t.tax}</span>
          <span>{m(q.totals.taxTotalMinor)}</span>
        </div>
        <div className={styles.total}>
          <span>{t.total}</span>
          <span data-testid="quote-total">{m(q.totals.grandTotalMinor)}</span>
        </div>
      </section>
      {acceptance || q.state === 'accepted' ? (
        <div className={styles.done} role="status" data-testid="quote-accepted">
          <p>{t.accepted(acceptance?.orderNumber ?? q.orderNumber ?? '')}</p>
          {acceptance ? (
            <p>
              <a href={acceptance.orderPagePath}>{t.follow}</a>
            </p>
          ) : null}
        </div>
      ) : q.state === 'sent' ? (
        <div className={styles.actions}>
          <p>{t.ask}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void accept()}>
            {t.accept}
          </button>
        </div>
      ) : (
        <p className="field-error" role="alert">
          {q.state === 'expired' ? t.expired : t.withdrawn}
        </p>
      )}
      {error ? (
        <div className="field-error" role="alert" data-testid="quote-error">
          <p>{error.text}</p>
          {error.problems.length ? (
            <>
              <p>{t.changed}</p>
              <ul>
                {error.problems.map((p) => (
                  <li key={p.pointer}>{p.message}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <footer className={styles.footer}>
        <p>{t.questions}</p>
        <p>
          {q.business.name} · <a href={`mailto:${q.business.email}`}>{q.business.email}</a>
          {q.business.phone ? (
            <>
              {' '}
              · <a href={`tel:${q.business.phone}`}>{q.business.phone}</a>
            </>
          ) : null}
        </p>
      </footer>
    </main>
  );
}
