/** One order: details, totals, the timeline, and only the actions its state (allowedCommands) and the user's role allow. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Order, type Schemas, type TimelineEntry } from '../../api/client';
import { Link, navigate } from '../../app/router';
import { takeFlash } from '../../app/flash';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, ErrorState, Loading, Page, StatusBadge, TextArea, errorText } from '../../components/ui';
import { CHANNEL_LABEL, STATUS_LABEL, formatDate, formatDateTime, humanize } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import styles from './Orders.module.css';
import { PaymentsPanel } from '../payments/PaymentsPanel';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { nextStep } from './next-step';
import { DraftOrderForm } from './NewOrderPage';
import { ShipmentsPanel } from '../fulfilment/ShipmentsPanel';
import { OrderWorkItems } from '../work/WorkItems';
import { CommunicationLog, DelayForm, DelayNotice, type DelayFacts } from './CustomerMessages';
import { ReceivedMail } from '../intake/InboxPage';

/** The states in which an order's shipments are shown. */
/** The language the order was placed in (the shop page's): the customer's e-mails use it unless their own record has one. */
const LANGUAGE_NAMES: Record<NonNullable<Order['language']>, string> = { en: 'English', tr: 'Turkish' };

const SHIPMENT_STATES = new Set<Order['status']>(['confirmed', 'in_fulfilment', 'shipped', 'delivered', 'completed', 'on_hold']);

/** The states in which an order can still be late (the API refuses a delay elsewhere). */
const DELAYABLE = new Set<Order['status']>(['placed', 'verified', 'confirmed', 'in_fulfilment', 'on_hold']);

function latestDelay(items: TimelineEntry[] | undefined): DelayFacts | null {
  const delays = (items ?? []).filter((e) => e.type === 'delayed').sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const last = delays.at(-1);
  if (!last) return null;
  const d = last.data as { previousDate?: string | null; newDate?: string; reason?: string };
  return d.newDate ? { previousDate: d.previousDate ?? null, newDate: d.newDate, reason: d.reason ?? '', at: String(last.at) } : null;
}

type Transition = 'verify' | 'confirm' | 'start_fulfilment' | 'ship' | 'deliver' | 'complete' | 'hold' | 'release' | 'cancel';
type OrderCommand = Schemas['OrderCommand'];

/** Each action's button label. Who may give it and whether it needs a reason come from the API (order.commands). */
const ACTIONS: Record<Transition, { label: string; danger?: boolean }> = {
  verify: { label: 'Verify' },
  confirm: { label: 'Confirm' },
  start_fulfilment: { label: 'Start fulfilment' },
  ship: { label: 'Ship everything left' },
  deliver: { label: 'Mark all delivered' },
  complete: { label: 'Complete' },
  hold: { label: 'Put on hold' },
  release: { label: 'Release hold' },
  cancel: { label: 'Cancel order', danger: true },
};
const isTransition = (c: OrderCommand): c is OrderCommand & { command: Transition } => c.command in ACTIONS;

const EVENT_LABEL: Record<string, string> = {
  placed: 'Order placed',
  draft_created: 'Draft saved',
  mail_received: 'E-mail received',
  fulfilment_started: 'Fulfilment started',
  note_added: 'Note',
  shipment_shipped: 'Shipment sent',
  shipment_delivered: 'Shipment delivered',
  backorder_filled: 'Back-ordered units ready',
  returned_to_customer: 'Sent to the customer to complete',
  customer_reminded: 'Customer reminded to complete',
  completed_by_customer: 'Completed by the customer',
  goods_received: 'Goods received against a purchase order',
};

/** What a fulfilment entry says, from its data. */
function entryDetail(type: string, d: Record<string, unknown>): string | null {
  if (type === 'backorder_filled') return `${String(d.quantity)} × ${String(d.name)} ready${Number(d.stillBackordered) > 0 ? `; ${String(d.stillBackordered)} still back-ordered` : ''}`;
  if (type === 'shipment_shipped') return [`Shipment ${String(d.number)}`, typeof d.carrier === 'string' ? d.carrier : null, typeof d.trackingNumber === 'string' ? `tracking ${d.trackingNumber}` : null].filter(Boolean).join(' · ');
  if (type === 'shipment_delivered') return `Shipment ${String(d.number)} delivered ${String(d.deliveredOn)}`;
  if ((type === 'returned_to_customer' || type === 'customer_reminded') && Array.isArray(d.missing)) return `To ${String(d.to)}: ${d.missing.map(String).join('; ')}`;
  if (type === 'goods_received') return `${String(d.quantity)} received${typeof d.supplierReference === 'string' ? ` (${d.supplierReference})` : ''}`;
  if (type === 'work_item_done' && d.automatic === true) return `${typeof d.party === 'string' ? `${d.party}: ` : ''}done by itself — ${String(d.because)}`;
  return null;
}

export function OrderPage({ id }: { id: string }) {
  const session = useSession();
  const order = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}', { params: { path: { id } } })), [id]);
  const timeline = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/timeline', { params: { path: { id } } })), [id]);
  const [action, setAction] = useState<(OrderCommand & { command: Transition }) | null>(null);
  const [message, setMessage] = useState<string | null>(takeFlash);
  // The primary button is the next step given the verification policy (never "Verify" when the policy says never).
  const policy = useAsync(() => unwrap(client.GET('/api/v1/settings')).then((s) => s.verification), []);
  const [stale, setStale] = useState(false);
  const [delaying, setDelaying] = useState(false);

  if (order.error) return <ErrorState error={order.error} retry={order.reload} />;
  if (!order.data) return <Loading what="Loading the order" />;
  const o = order.data;
  const changed = (next: Order, what: string) => {
    order.set(next);
    timeline.reload();
    setMessage(what);
    setStale(false);
  };
  const reload = () => {
    setStale(false);
    setMessage(null);
    order.reload();
    timeline.reload();
  };
  // A draft opens in the order form, with what was saved and what is missing beside each field.
  if (o.status === 'draft' && session.can('orders.edit')) {
    return (
      <>
        <DraftOrderForm order={o} />
        {session.can('mail.read') ? <ReceivedMail orderId={o.id} version={o.version} /> : null}
      </>
    );
  }

  const mine = o.commands.filter((c) => session.can(c.permission));
  // Shipping goes through the Shipments panel (lines, carrier, tracking); the bare command stays for "everything left".
  const actions = mine.filter(isTransition);
  const showShipments = SHIPMENT_STATES.has(o.status);
  const canEdit = mine.some((c) => c.command === 'edit') && o.status !== 'draft';
  const canDelay = session.can('orders.edit') && DELAYABLE.has(o.status);
  const delay = latestDelay(timeline.data?.items);
  const primary = nextStep({ status: o.status, channel: o.channel, grandTotalMinor: o.totals.grandTotalMinor ?? 0 }, policy.data);
  // Prices only for a reader with prices.read (the server leaves them out for anyone else).
  const t = o.totals;
  const totals = t.linesTotalMinor !== undefined && t.deliveryFeeMinor !== undefined && t.taxTotalMinor !== undefined && t.grandTotalMinor !== undefined ? { lines: t.linesTotalMinor, delivery: t.deliveryFeeMinor, tax: t.taxTotalMinor, grand: t.grandTotalMinor } : null;
  const { customer, delivery } = o;

  return (
    <Page
      title={
        <>
          {o.number ? `Order ${o.number}` : 'Draft order'} <StatusBadge status={o.status} />
        </>
      }
      subtitle={`${CHANNEL_LABEL[o.channel]} order · taken by ${o.createdBy.name} · ${formatDateTime(o.placedAt ?? o.createdAt)}`}
      actions={
        actions.length > 0 || canEdit || canDelay ? (
          <div className="row" role="group" aria-label="Actions">
            {o.status === 'draft' && session.can('orders.place') ? <SubmitDraft order={o} onDone={(n) => changed(n, `Order ${n.number} placed.`)} /> : null}
            {actions.map((c) => (
              <button key={c.command} type="button" className={ACTIONS[c.command].danger ? 'danger' : c.command === primary ? 'primary' : ''} onClick={() => setAction(c)}>
                {ACTIONS[c.command].label}
              </button>
            ))}
            {canEdit ? (
              <button type="button" onClick={() => navigate(`/orders/${o.number ?? o.id}/edit`)}>
                {o.editable.lines ? 'Change order' : 'Change delivery or notes'}
              </button>
            ) : null}
            {canDelay ? (
              <button type="button" onClick={() => setDelaying(true)}>
                Record a delay
              </button>
            ) : null}
          </div>
        ) : undefined
      }
    >
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {stale ? (
        <div className="notice warn" role="alert" data-testid="stale-warning">
          <strong>Someone else changed this order meanwhile;</strong> nothing was done. Reload to see it as it is now, then try again.{' '}
          <button type="button" className="primary" onClick={reload}>
            Reload the order
          </button>
        </div>
      ) : null}
      {delay && DELAYABLE.has(o.status) ? <DelayNotice delay={delay} /> : null}
      {o.status === 'on_hold' && o.heldFrom ? <p className="notice warn">On hold; releasing returns it to {STATUS_LABEL[o.heldFrom].toLowerCase()}.</p> : null}
      {o.missing && o.missing.length > 0 ? (
        <div className="notice warn">
          <strong>Still needed before this draft can be placed:</strong>
          <ul>
            {o.missing.map((m) => (
              <li key={m.pointer}>{m.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className={styles.layout}>
        <div>
          <section className="panel" aria-labelledby="lines-h">
            <h2 id="lines-h">Lines</h2>
            {o.lines.length === 0 ? (
              <p className="muted">No lines yet.</p>
            ) : (
              <table className="list cards">
                <thead>
                  <tr>
                    <th>Product</th>
                    <th className="num">Qty</th>
                    {totals ? <th className="num">Unit</th> : null}
                    {totals ? <th className="num">Total</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {o.lines.map((l) => (
                    <tr key={l.id}>
                      <td data-label="Product">
                        <strong>{l.name}</strong> <span className="muted">{l.sku}</span>
                        <ul className={styles.answers}>
                          {Object.values(l.answers).map((a) => (
                            <li key={a.key}>
                              {a.label}: {a.display}
                              {a.priceDeltaMinor ? ` (+${formatMoney(a.priceDeltaMinor, o.currency)})` : ''}
                            </li>
                          ))}
                          {l.backorderedQty > 0 ? <li>{l.backorderedQty} back-ordered</li> : null}
                        </ul>
                      </td>
                      <td className="num" data-label="Qty">{l.quantity}</td>
                      {totals && l.unitPriceMinor !== undefined ? <td className="num" data-label="Unit">{formatMoney(l.unitPriceMinor + (l.optionsPriceMinor ?? 0), o.currency)}</td> : null}
                      {totals && l.subtotalMinor !== undefined ? <td className="num" data-label="Total">{formatMoney(l.subtotalMinor, o.currency)}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {totals ? (
              <div className={styles.totals} style={{ marginTop: '0.75rem' }}>
                <div><span>Lines</span><span>{formatMoney(totals.lines, o.currency)}</span></div>
                <div><span>Delivery</span><span>{formatMoney(totals.delivery, o.currency)}</span></div>
                <div><span>Tax</span><span>{formatMoney(totals.tax, o.currency)}</span></div>
                <div className={styles.grand}><span>Total</span><span>{formatMoney(totals.grand, o.currency)}</span></div>
              </div>
            ) : null}
          </section>

          {showShipments ? <ShipmentsPanel order={o} canShip={session.can('orders.fulfil')} onChanged={(what) => { setMessage(what); order.reload(); timeline.reload(); }} /> : null}
          {['in_fulfilment', 'shipped', 'delivered', 'completed', 'cancelled', 'on_hold'].includes(o.status) && session.can('work.read') ? <OrderWorkItems orderId={o.id} onChanged={() => timeline.reload()} /> : null}

          <section className="panel" aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            {timeline.error ? <ErrorState error={timeline.error} retry={timeline.reload} /> : !timeline.data ? <Loading what="Loading the timeline" /> : <Timeline items={timeline.data.items} />}
            {session.can('orders.note') ? <AddNote order={o} onDone={(n) => changed(n, 'Note added.')} /> : null}
          </section>
          {o.status !== 'draft' && session.can('mail.read') ? <CommunicationLog order={o} canSend={session.can('mail.send')} onSent={() => { timeline.reload(); setMessage('Message queued: it goes out in a moment.'); }} /> : null}
          {session.can('mail.read') ? <ReceivedMail orderId={o.id} version={o.version} /> : null}
        </div>

        <aside>
          {o.status !== 'draft' && session.can('payments.read') ? <PaymentsPanel order={o} onChanged={() => { order.reload(); timeline.reload(); }} /> : null}
          <DocumentsPanel order={o} onChanged={() => timeline.reload()} />
          <section className="panel" aria-labelledby="customer-h">
            <h2 id="customer-h">Customer</h2>
            {customer ? (
              <dl className="facts">
                <dt>Name</dt>
                <dd>{customer.id ? <Link to={`/customers/${customer.id}`}>{customer.name}</Link> : customer.name}</dd>
                {customer.company ? (<><dt>Company</dt><dd>{customer.company}</dd></>) : null}
                {customer.email ? (<><dt>E-mail</dt><dd><a href={`mailto:${customer.email}`}>{customer.email}</a></dd></>) : null}
                {customer.phone ? (<><dt>Phone</dt><dd><a href={`tel:${customer.phone}`}>{customer.phone}</a></dd></>) : null}
                {o.language ? (<><dt>Placed in</dt><dd data-testid="order-language">{LANGUAGE_NAMES[o.language]}</dd></>) : null}
              </dl>
            ) : (
              <p className="muted">Not given yet.</p>
            )}
            {o.suggestedCustomerId ? <CustomerMatch order={o} customerId={o.suggestedCustomerId} canDecide={session.can('orders.edit')} onDone={changed} /> : null}
          </section>
          <section className="panel" aria-labelledby="delivery-h">
            <h2 id="delivery-h">Delivery</h2>
            <dl className="facts">
              <dt>Method</dt>
              <dd>{delivery?.method ? humanize(delivery.method) : '—'}</dd>
              {delivery?.address ? (<><dt>Address</dt><dd>{[delivery.address.line1, delivery.address.line2, delivery.address.city, delivery.address.postalCode, delivery.address.country].filter(Boolean).join(', ')}</dd></>) : null}
              {delivery?.requestedDate ? (<><dt>Requested</dt><dd>{formatDate(delivery.requestedDate)}</dd></>) : null}
              <dt>Expected</dt>
              <dd>{formatDate(o.expectedCompletionDate)}</dd>
              {delivery?.instructions ? (<><dt>Instructions</dt><dd>{delivery.instructions}</dd></>) : null}
            </dl>
          </section>
          {o.notes ? (
            <section className="panel" aria-labelledby="notes-h">
              <h2 id="notes-h">Notes</h2>
              <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{o.notes}</p>
            </section>
          ) : null}
        </aside>
      </div>

      <Dialog open={action !== null} title={action ? ACTIONS[action.command].label : 'Action'} onClose={() => setAction(null)}>
        {action ? <TransitionForm order={o} command={action} onCancel={() => setAction(null)} onDone={(n) => { setAction(null); changed(n, `${ACTIONS[action.command].label}: done. The order is now ${STATUS_LABEL[n.status].toLowerCase()}.`); }} onStale={() => { setAction(null); setMessage(null); setStale(true); }} /> : null}
      </Dialog>
      <Dialog open={delaying} title="Record a delay" onClose={() => setDelaying(false)}>
        {delaying ? <DelayForm order={o} onCancel={() => setDelaying(false)} onDone={(n) => { setDelaying(false); changed(n, `Delay recorded: the customer is being e-mailed the new date (${formatDate(n.expectedCompletionDate)}).`); }} /> : null}
      </Dialog>
    </Page>
  );
}

function Timeline({ items }: { items: TimelineEntry[] }) {
  if (items.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className={styles.timeline}>
      {[...items].reverse().map((e) => {
        const d = e.data as { reason?: string; note?: string };
        const label = EVENT_LABEL[e.type] ?? humanize(e.type);
        const detail = entryDetail(e.type, e.data as Record<string, unknown>);
        return (
          <li key={e.id}>
            <div>
              <strong>{label}</strong>
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                <span className="muted"> · {STATUS_LABEL[e.fromStatus as keyof typeof STATUS_LABEL] ?? e.fromStatus} → {STATUS_LABEL[e.toStatus as keyof typeof STATUS_LABEL] ?? e.toStatus}</span>
              ) : null}
            </div>
            {detail ? <div>{detail}</div> : null}
            {d.reason ? <div>Reason: {d.reason}</div> : null}
            {d.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{d.note}</div> : null}
            <time dateTime={e.at}>
              {formatDateTime(e.at)} · {e.actor.name}
            </time>
          </li>
        );
      })}
    </ol>
  );
}

function TransitionForm({ order, command: c, onDone, onCancel, onStale }: { order: Order; command: OrderCommand & { command: Transition }; onDone: (o: Order) => void; onCancel: () => void; onStale: () => void }) {
  const command = c.command;
  const a = { ...ACTIONS[command], needsReason: c.needsReason };
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (a.needsReason && !reason.trim()) {
      setError('Say why — the customer and your colleagues will see it on the timeline.');
      return;
    }
    setBusy(true);
    try {
      const path = `/api/v1/orders/{id}/${command.replace('_', '-')}` as '/api/v1/orders/{id}/cancel';
      const next = await unwrap(
        client.POST(path, {
          params: { path: { id: order.id }, header: { 'if-match': `"${order.version}"` } },
          body: { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
      onDone(next);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 412 || err.problem.code === 'conflict' || err.problem.code === 'version_mismatch')) onStale();
      else setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
      {a.needsReason ? <TextArea label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} error={error} autoFocus /> : null}
      <TextArea label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} autoFocus={!a.needsReason} />
      {!a.needsReason && error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className={a.danger ? 'primary danger' : 'primary'} disabled={busy}>
          {a.label}
        </button>
      </div>
    </form>
  );
}

/** A storefront order whose e-mail matches an existing customer: staff say whether it is the same person. */
function CustomerMatch({ order, customerId, canDecide, onDone }: { order: Order; customerId: string; canDecide: boolean; onDone: (o: Order, what: string) => void }) {
  const match = useAsync(() => unwrap(client.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })), [customerId]);
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'confirm' | 'dismiss') => {
    try {
      const path = decision === 'confirm' ? '/api/v1/orders/{id}/customer-match/confirm' : '/api/v1/orders/{id}/customer-match/dismiss';
      const next = await unwrap(client.POST(path, { params: { path: { id: order.id }, header: { 'if-match': `"${order.version}"` } }, body: { customerId } }));
      onDone(next, decision === 'confirm' ? 'The order is filed under the existing customer.' : 'The suggested customer was dismissed.');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="notice warn" role="note" style={{ marginTop: '0.5rem' }}>
      <p style={{ margin: 0 }}>
        Possible existing customer: {match.data ? <Link to={`/customers/${customerId}`}>{match.data.name}</Link> : 'loading…'}
        {match.data?.email ? <> ({match.data.email})</> : null}. The shopper typed this e-mail on the storefront; the order keeps the details they typed.
      </p>
      {canDecide ? (
        <div className="row" style={{ marginTop: '0.5rem' }}>
          <button type="button" className="primary" onClick={() => void decide('confirm')}>Same person: file under them</button>
          <button type="button" onClick={() => void decide('dismiss')}>Not them</button>
        </div>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

function AddNote({ order, onDone }: { order: Order; onDone: (o: Order) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    try {
      onDone(await unwrap(client.POST('/api/v1/orders/{id}/notes', { params: { path: { id: order.id } }, body: { note: note.trim() } })));
      setNote('');
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="row" style={{ alignItems: 'flex-end', marginTop: '0.5rem' }}>
      <TextArea label="Add a note" value={note} onChange={(e) => setNote(e.target.value)} error={error} className="spacer" rows={2} />
      <button type="submit">Add note</button>
    </form>
  );
}

function SubmitDraft({ order, onDone }: { order: Order; onDone: (o: Order) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      onDone(await unwrap(client.POST('/api/v1/orders/{id}/submit', { params: { path: { id: order.id }, header: { 'if-match': `"${order.version}"` } } })));
    } catch (err) {
      setError(err instanceof ApiError && err.problem.errors.length ? err.problem.errors.map((x) => x.message).join(' ') : errorText(err));
    }
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => void submit()}>
        Place this order
      </button>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </>
  );
}
