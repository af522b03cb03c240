/** Customers: search, and a customer's page with contact details, their orders and their one history (inquiries, quotes, orders, messages, feedback). */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Customer, type Problem, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, ErrorSummary, Loading, Page, StatusBadge, TextArea, TextField } from '../../components/ui';
import { CHANNEL_LABEL, formatDate, formatDateTime, humanize } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { byPointer } from '../../lib/problems';

export function CustomersPage() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [extra, setExtra] = useState<{ items: Customer[]; cursor: string | null } | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(t);
  }, [text]);
  const list = useAsync(() => {
    setExtra(null);
    return unwrap(client.GET('/api/v1/customers', { params: { query: { limit: 50, ...(q ? { q } : {}) } } }));
  }, [q]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (list.data?.nextCursor ?? null);
  const more = async () => {
    if (!cursor) return;
    const page = await unwrap(client.GET('/api/v1/customers', { params: { query: { limit: 50, after: cursor, ...(q ? { q } : {}) } } }));
    setExtra({ items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor });
  };
  return (
    <Page title="Customers" subtitle="Customers are created when their first order is taken.">
      <div className="panel" role="search" style={{ marginBottom: '1rem' }}>
        <TextField label="Find a customer" type="search" placeholder="Name, e-mail, phone or company" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading customers" />
      ) : items.length === 0 ? (
        <Empty>{q ? <p>No customer matches “{q}”.</p> : <p>No customers yet. They appear here with their first order.</p>}</Empty>
      ) : (
        <>
          <table className="list cards">
            <caption className="sr-only">Customers</caption>
            <thead>
              <tr>
                <th>Name</th>
                <th>Company</th>
                <th>E-mail</th>
                <th>Phone</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td data-label="Name"><Link to={`/customers/${c.id}`}>{c.name}</Link></td>
                  <td data-label="Company">{c.company ?? '—'}</td>
                  <td data-label="E-mail">{c.email ?? '—'}</td>
                  <td data-label="Phone">{c.phone ?? '—'}</td>
                  <td data-label="Since">{formatDate(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor ? (
            <div className="row" style={{ justifyContent: 'center', marginTop: '1rem' }}>
              <button type="button" onClick={() => void more()}>Show more customers</button>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}

export function CustomerPage({ id }: { id: string }) {
  const session = useSession();
  const customer = useAsync(() => unwrap(client.GET('/api/v1/customers/{id}', { params: { path: { id } } })), [id]);
  const orders = useAsync(() => unwrap(client.GET('/api/v1/customers/{id}/orders', { params: { path: { id }, query: { limit: 100 } } })), [id]);
  const [editing, setEditing] = useState(false);
  if (customer.error) return <ErrorState error={customer.error} retry={customer.reload} />;
  if (!customer.data) return <Loading what="Loading the customer" />;
  const c = customer.data;
  const spent = (orders.data?.items ?? []).filter((o) => o.status !== 'cancelled' && o.status !== 'draft').reduce((s, o) => s + (o.grandTotalMinor ?? 0), 0);
  // Amounts only for a reader with prices.read (the server leaves them out for anyone else).
  const priced = session.can('prices.read');
  return (
    <Page
      title={c.name}
      subtitle={c.company ?? undefined}
      actions={
        <>
          {session.can('inquiries.write') ? <Link to={`/inquiries/new?customer=${c.id}`} className="button">Record an inquiry</Link> : null}
          {session.can('customers.write') && !editing ? <button type="button" onClick={() => setEditing(true)}>Edit details</button> : null}
        </>
      }
    >
      <div className="stack">
        {editing ? (
          <EditCustomer customer={c} onDone={(n) => { if (n) customer.set(n); setEditing(false); }} />
        ) : (
          <section className="panel" aria-labelledby="contact-h">
            <h2 id="contact-h">Contact</h2>
            <dl className="facts">
              <dt>E-mail</dt>
              <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</dd>
              <dt>Phone</dt>
              <dd>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</dd>
              {c.addresses.shipping ? (<><dt>Ships to</dt><dd>{[c.addresses.shipping.line1, c.addresses.shipping.city, c.addresses.shipping.postalCode, c.addresses.shipping.country].filter(Boolean).join(', ')}</dd></>) : null}
              <dt>Customer since</dt>
              <dd>{formatDateTime(c.createdAt)}</dd>
              <dt>Last changed</dt>
              <dd>{formatDateTime(c.updatedAt)}</dd>
              {c.notes ? (<><dt>Notes</dt><dd style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</dd></>) : null}
            </dl>
          </section>
        )}
        <section className="panel" aria-labelledby="orders-h">
          <h2 id="orders-h">
            Orders {orders.data ? <span className="muted">· {orders.data.items.length}{priced ? <> · {formatMoney(spent, orders.data.items[0]?.currency ?? 'EUR')} in total</> : null}</span> : null}
          </h2>
          {orders.error ? (
            <ErrorState error={orders.error} retry={orders.reload} />
          ) : !orders.data ? (
            <Loading what="Loading orders" />
          ) : orders.data.items.length === 0 ? (
            <p className="muted">No orders yet.</p>
          ) : (
            <table className="list cards">
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Status</th>
                  <th>Channel</th>
                  {priced ? <th className="num">Total</th> : null}
                  <th>Date</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.items.map((o) => (
                  <tr key={o.id}>
                    <td data-label="Order"><Link to={`/orders/${o.number ?? o.id}`}>{o.number ?? 'Draft'}</Link></td>
                    <td data-label="Status"><StatusBadge status={o.status} /></td>
                    <td data-label="Channel">{CHANNEL_LABEL[o.channel]}</td>
                    {priced && o.grandTotalMinor !== undefined ? <td className="num" data-label="Total">{formatMoney(o.grandTotalMinor, o.currency)}</td> : null}
                    <td data-label="Date">{formatDate(o.placedAt ?? o.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <CustomerHistory id={id} />
      </div>
    </Page>
  );
}

/**
 * Everything that happened with this customer, newest first, in one list. The server
 * merges the kinds (GET /customers/{id}/history): inquiries, quotes, orders, e-mails and
 * the customer's survey answers.
 */
const HISTORY_KIND: Record<HistoryEntry['kind'], string> = { inquiry: 'Inquiry', quote: 'Quote', order: 'Order', message: 'E-mail', feedback: 'Feedback' };
type HistoryEntry = Schemas['CustomerHistoryEntry'];

function CustomerHistory({ id }: { id: string }) {
  const history = useAsync(() => unwrap(client.GET('/api/v1/customers/{id}/history', { params: { path: { id }, query: { limit: 100 } } })), [id]);
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {history.error ? (
        <ErrorState error={history.error} retry={history.reload} />
      ) : !history.data ? (
        <Loading what="Loading the history" />
      ) : history.data.items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <table className="list cards" data-testid="customer-history">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>Details</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((e) => (
              <tr key={`${e.kind}:${e.id}`}>
                <td data-label="When">{formatDateTime(e.at)}</td>
                <td data-label="What">{HISTORY_KIND[e.kind]}{e.channel && e.kind !== 'message' ? <span className="muted"> · {humanize(e.channel)}</span> : null}</td>
                <td data-label="Details">{e.link ? <Link to={e.link}>{e.title}</Link> : e.title}</td>
                <td data-label="State">{humanize(e.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EditCustomer({ customer, onDone }: { customer: Customer; onDone: (c: Customer | null) => void }) {
  const [f, setF] = useState({ name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '', company: customer.company ?? '', notes: customer.notes });
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const body = { name: f.name, notes: f.notes, ...(f.email.trim() ? { email: f.email.trim() } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}), ...(f.company.trim() ? { company: f.company.trim() } : {}) };
      onDone(await unwrap(client.PATCH('/api/v1/customers/{id}', { params: { path: { id: customer.id }, header: { 'if-match': `"${customer.version}"` } }, body })));
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    }
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Contact details</h2>
      <ErrorSummary problem={problem} />
      <div className="grid">
        <TextField label="Name" required pointer="/name" error={errors['/name']} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        <TextField label="E-mail" type="email" pointer="/email" error={errors['/email']} value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />
        <TextField label="Phone" type="tel" pointer="/phone" error={errors['/phone']} value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
        <TextField label="Company" pointer="/company" error={errors['/company']} value={f.company} onChange={(e) => setF({ ...f, company: e.target.value })} />
      </div>
      <TextArea label="Notes" pointer="/notes" error={errors['/notes']} value={f.notes} onChange={(e) => setF({ ...f, notes: e.target.value })} />
      <div className="row end">
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
        <button type="submit" className="primary">Save</button>
      </div>
    </form>
  );
}
