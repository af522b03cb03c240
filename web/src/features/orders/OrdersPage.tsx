/** Orders: counts per status, filters (status, channel, dates, free text) kept in the address, keyset paging. */
import { useEffect, useState } from 'react';
import { client, unwrap, type Channel, type OrderStatus, type OrderSummary } from '../../api/client';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, Loading, Page, SelectField, StatusBadge, TextField } from '../../components/ui';
import { CHANNELS, CHANNEL_LABEL, STATUSES, STATUS_LABEL, formatDate, formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import styles from './Orders.module.css';

type Filters = { status: string; channel: string; from: string; to: string; q: string; waiting: string };

export function OrdersPage() {
  const { query } = useLocation();
  const session = useSession();
  const filters: Filters = { status: query.get('status') ?? '', channel: query.get('channel') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '', q: query.get('q') ?? '', waiting: query.get('waiting') ?? '' };
  const key = JSON.stringify(filters);
  const [text, setText] = useState(filters.q);
  const [more, setMore] = useState<{ items: OrderSummary[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const setFilter = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const qs = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    navigate(`/orders${qs.size ? `?${qs}` : ''}`, { replace: true });
  };

  // Free text filters as you type, after a short pause.
  useEffect(() => {
    if (text === filters.q || (text.trim().length === 1)) return;
    const t = setTimeout(() => setFilter({ q: text.trim() }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const counts = useAsync(() => unwrap(client.GET('/api/v1/orders/counts')), []);
  const waiting = useAsync(() => unwrap(client.GET('/api/v1/orders/waiting-on-customer')), []);
  const list = useAsync(() => {
    setMore(null);
    return unwrap(
      client.GET('/api/v1/orders', {
        params: {
          query: {
            limit: 25,
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.channel ? { channel: filters.channel as Channel } : {}),
            ...(filters.from ? { from: filters.from } : {}),
            ...(filters.to ? { to: filters.to } : {}),
            ...(filters.q.length >= 2 ? { q: filters.q } : {}),
          },
        },
      }),
    );
  }, [key]);

  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (list.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await unwrap(client.GET('/api/v1/orders', { params: { query: { limit: 25, after: cursor, ...(filters.status ? { status: filters.status } : {}), ...(filters.channel ? { channel: filters.channel as Channel } : {}), ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}), ...(filters.q.length >= 2 ? { q: filters.q } : {}) } } }));
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  };
  const total = Object.values(counts.data ?? {}).reduce((s, n) => s + n, 0);
  // Amounts only for those who may read prices (the warehouse works without them; the server leaves them out).
  const money = session.can('prices.read');
  const filtered = Boolean(filters.status || filters.channel || filters.from || filters.to || filters.q);

  return (
    <Page
      title="Orders"
      actions={session.can('orders.place') ? (
        <Link to="/orders/new" className="button primary">
          Take an order
        </Link>
      ) : null}
    >
      <nav aria-label="Orders by status" className={styles.counts}>
        <button type="button" aria-pressed={!filters.status && !filters.waiting} onClick={() => setFilter({ status: '', waiting: '' })}>
          All <span className={styles.count}>{counts.data ? total : '…'}</span>
        </button>
        {STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={filters.status === s} onClick={() => setFilter({ status: filters.status === s ? '' : s })}>
            {STATUS_LABEL[s]} <span className={styles.count}>{counts.data ? (counts.data[s] ?? 0) : '…'}</span>
          </button>
        ))}
        <button type="button" aria-pressed={filters.waiting === 'customer'} onClick={() => setFilter({ waiting: filters.waiting ? '' : 'customer', status: '' })}>
          Waiting on customer <span className={styles.count}>{waiting.data ? waiting.data.items.length : '…'}</span>
        </button>
      </nav>

      <form className={`panel ${styles.filters}`} role="search" onSubmit={(e) => { e.preventDefault(); setFilter({ q: text.trim() }); }}>
        <TextField label="Search" type="search" placeholder="Order number, customer, e-mail, phone" value={text} onChange={(e) => setText(e.target.value)} />
        <SelectField label="Status" value={filters.status} onChange={(e) => setFilter({ status: e.target.value })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Channel" value={filters.channel} onChange={(e) => setFilter({ channel: e.target.value })}>
          <option value="">Any channel</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABEL[c]}
            </option>
          ))}
        </SelectField>
        <TextField label="From" type="date" value={filters.from} onChange={(e) => setFilter({ from: e.target.value })} />
        <TextField label="To" type="date" value={filters.to} onChange={(e) => setFilter({ to: e.target.value })} />
      </form>

      {filters.waiting ? (
        <WaitingOnCustomer data={waiting.data?.items} error={waiting.error} reload={waiting.reload} />
      ) : list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : list.loading && !list.data ? (
        <Loading what="Loading orders" />
      ) : items.length === 0 ? (
        <Empty>
          {filtered ? (
            <>
              <p>No orders match these filters.</p>
              <button type="button" onClick={() => { setText(''); navigate('/orders', { replace: true }); }}>
                Clear the filters
              </button>
            </>
          ) : (
            <>
              <p>No orders yet.</p>
              {session.can('orders.place') ? <Link to="/orders/new">Take the first order</Link> : null}
            </>
          )}
        </Empty>
      ) : (
        <>
          <table className="list cards" aria-busy={list.loading}>
            <caption className="sr-only">Orders, newest first</caption>
            <thead>
              <tr>
                <th>Order</th>
                <th>Customer</th>
                <th>Status</th>
                <th>Channel</th>
                {money ? <th className="num">Total</th> : null}
                <th>Placed</th>
                <th>Expected</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <td data-label="Order">
                    <Link to={`/orders/${o.number ?? o.id}`}>{o.number ?? 'Draft'}</Link>
                  </td>
                  <td data-label="Customer">{o.customerName ?? <span className="muted">—</span>}</td>
                  <td data-label="Status">
                    <StatusBadge status={o.status as OrderStatus} />
                  </td>
                  <td data-label="Channel">{CHANNEL_LABEL[o.channel]}</td>
                  {money ? (
                    <td className="num" data-label="Total">
                      {o.grandTotalMinor === undefined ? '' : formatMoney(o.grandTotalMinor, o.currency)}
                    </td>
                  ) : null}
                  <td data-label="Placed">{formatDate(o.placedAt ?? o.createdAt)}</td>
                  <td data-label="Expected">{formatDate(o.expectedCompletionDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row" style={{ marginTop: '1rem', justifyContent: 'center' }}>
            {cursor ? (
              <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Show more orders'}
              </button>
            ) : (
              <span className="muted">{items.length === 1 ? 'One order' : `${items.length} orders`}</span>
            )}
          </div>
        </>
      )}
    </Page>
  );
}

type Waiting = { orderId: string; customerName: string | null; sentTo: string; sentAt: string; reminderDueAt: string; remindedAt: string | null; missing: { pointer: string }[] };

/** Drafts sent back to their customer to complete and not completed yet: when sent, to whom, whether reminded. */
function WaitingOnCustomer({ data, error, reload }: { data: Waiting[] | undefined; error: unknown; reload: () => void }) {
  if (error) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="Loading the drafts waiting on a customer" />;
  if (data.length === 0) return <Empty><p>No draft is waiting on a customer.</p></Empty>;
  return (
    <table className="list cards" data-testid="waiting-on-customer">
      <caption className="sr-only">Drafts sent to the customer to complete, oldest first</caption>
      <thead>
        <tr>
          <th>Draft</th>
          <th>Customer</th>
          <th>Sent to</th>
          <th>Sent</th>
          <th>Missing</th>
          <th>Reminder</th>
        </tr>
      </thead>
      <tbody>
        {data.map((w) => (
          <tr key={w.orderId}>
            <td data-label="Draft">
              <Link to={`/orders/${w.orderId}`}>Draft</Link>
            </td>
            <td data-label="Customer">{w.customerName ?? <span className="muted">—</span>}</td>
            <td data-label="Sent to">{w.sentTo}</td>
            <td data-label="Sent">{formatDateTime(w.sentAt)}</td>
            <td data-label="Missing">{w.missing.length === 1 ? 'One answer' : `${w.missing.length} answers`}</td>
            <td data-label="Reminder">{w.remindedAt ? `Reminded ${formatDateTime(w.remindedAt)}` : `Due ${formatDateTime(w.reminderDueAt)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
