/** Staff screens for quotes: the list, and one quote with send, withdraw, its PDF and the order it became. */
import { useState } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { takeFlash } from '../../app/flash';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, Loading, Page, errorText } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';

type Quote = Schemas['Quote'];

const STATE_LABEL: Record<Quote['state'], string> = { draft: 'Draft', sent: 'Sent', accepted: 'Accepted', withdrawn: 'Withdrawn', expired: 'Expired' };

export function QuotesPage() {
  const session = useSession();
  const list = useAsync(() => unwrap(client.GET('/api/v1/quotes', { params: { query: { limit: 100 } } })), []);
  return (
    <Page
      title="Quotes"
      subtitle="Offers to customers: the customer accepts one from the e-mailed link, and it becomes an order."
      actions={
        session.can('quotes.write') ? (
          <Link to="/quotes/new" className="button primary">
            New quote
          </Link>
        ) : undefined
      }
    >
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading the quotes" />
      ) : list.data.items.length === 0 ? (
        <Empty>No quotes yet.</Empty>
      ) : (
        <table className="list cards">
          <caption className="sr-only">Quotes, newest first</caption>
          <thead>
            <tr>
              <th>Quote</th>
              <th>Customer</th>
              <th>State</th>
              <th className="num">Total</th>
              <th>Valid until</th>
              <th>Order</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((q) => (
              <tr key={q.id}>
                <td data-label="Quote">
                  <Link to={`/quotes/${q.number}`}>{q.number}</Link>
                </td>
                <td data-label="Customer">{q.customer.name}</td>
                <td data-label="State">{STATE_LABEL[q.state]}</td>
                <td className="num" data-label="Total">
                  {formatMoney(q.totals.grandTotalMinor, q.currency)}
                </td>
                <td data-label="Valid until">{formatDate(q.validUntil)}</td>
                <td data-label="Order">{q.orderNumber ? <Link to={`/orders/${q.orderNumber}`}>{q.orderNumber}</Link> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function QuoteDetailPage({ id }: { id: string }) {
  const session = useSession();
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/quotes/{id}', { params: { path: { id } } })), [id]);
  const [message, setMessage] = useState<string | null>(takeFlash);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loaded.error) return <ErrorState error={loaded.error} retry={loaded.reload} />;
  const q = loaded.data;
  if (!q) return <Loading what="Loading the quote" />;
  const m = (n: number) => formatMoney(n, q.currency);
  const act = async (what: 'send' | 'withdraw') => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      if (what === 'send') {
        const r = await unwrap(client.POST('/api/v1/quotes/{id}/send', { params: { path: { id: q.id } } }));
        loaded.set(r.quote);
        setMessage(`Quote ${q.number} sent to ${q.customer.email ?? ''} with its PDF and a link to accept it.`);
      } else {
        loaded.set(await unwrap(client.POST('/api/v1/quotes/{id}/withdraw', { params: { path: { id: q.id } } })));
        setMessage(`Quote ${q.number} withdrawn: its link now says so and it cannot be accepted.`);
      }
    } catch (e) {
      setError(errorText(e));
    }
    setBusy(false);
  };
  const canWrite = session.can('quotes.write');
  const open = q.state === 'draft' || q.state === 'sent';
  return (
    <Page
      title={`Quote ${q.number}`}
      subtitle={
        <>
          {q.customer.name}
          {q.customer.email ? ` · ${q.customer.email}` : ''} · valid until {formatDate(q.validUntil)}
        </>
      }
      actions={
        <>
          <a href={`/api/v1/quotes/${q.id}/pdf`} target="_blank" rel="noreferrer">
            PDF
          </a>
          {canWrite && open ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void act('send')}>
              {q.state === 'draft' ? 'Send to the customer' : 'Send again'}
            </button>
          ) : null}
          {canWrite && (open || q.state === 'expired') ? (
            <button type="button" disabled={busy} onClick={() => void act('withdraw')}>
              Withdraw
            </button>
          ) : null}
        </>
      }
    >
      <div aria-live="polite">{message ? <p className="notice" role="status">{message}</p> : null}</div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="quote-state-h">
        <h2 id="quote-state-h">
          <span data-testid="quote-state">{STATE_LABEL[q.state]}</span>
        </h2>
        <p className="muted">
          Prepared {formatDateTime(q.createdAt)} by {q.createdBy.name}
          {q.sentAt ? ` · sent ${formatDateTime(q.sentAt)}` : ''}
          {q.acceptedAt ? ` · accepted ${formatDateTime(q.acceptedAt)}` : ''}
          {q.withdrawnAt ? ` · withdrawn ${formatDateTime(q.withdrawnAt)}` : ''}
        </p>
        {q.orderNumber ? (
          <p>
            It became order <Link to={`/orders/${q.orderNumber}`}>{q.orderNumber}</Link>.
          </p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="quote-lines-h">
        <h2 id="quote-lines-h">Lines</h2>
        <table className="list cards">
          <thead>
            <tr>
              <th>Product</th>
              <th className="num">Qty</th>
              <th className="num">Unit price</th>
              <th className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {q.lines.map((l) => (
              <tr key={l.position}>
                <td data-label="Product">
                  <strong>{l.name}</strong> <span className="muted">{l.sku}</span>
                  {l.answers.length ? <div className="muted">{l.answers.map((a) => `${a.label}: ${a.display}`).join(' · ')}</div> : null}
                  {l.agreedPriceReason ? (
                    <div>
                      Agreed price (catalogue {m(l.catalogUnitPriceMinor)}): {l.agreedPriceReason}
                    </div>
                  ) : null}
                </td>
                <td className="num" data-label="Qty">
                  {l.quantity}
                </td>
                <td className="num" data-label="Unit price">
                  {m(l.unitPriceMinor + l.optionsPriceMinor)}
                </td>
                <td className="num" data-label="Amount">
                  {m(l.subtotalMinor)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl>
          <div>
            <dt>Lines</dt>
            <dd>{m(q.totals.linesTotalMinor)}</dd>
          </div>
          <div>
            <dt>Delivery</dt>
            <dd>{m(q.totals.deliveryFeeMinor)}</dd>
          </div>
          <div>
            <dt>Tax</dt>
            <dd>{m(q.totals.taxTotalMinor)}</dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd data-testid="quote-total">{m(q.totals.grandTotalMinor)}</dd>
          </div>
        </dl>
        {q.notes ? <p>{q.notes}</p> : null}
      </section>
    </Page>
  );
}
