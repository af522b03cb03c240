/**
 * The order's printable documents (pick list, delivery note, purchase / production order)
 * and, for those who may see them, its invoices and credit notes: issue the invoice,
 * cancel one with a credit note, open each as PDF or a printable page.
 */
import { useState, type FormEvent } from 'react';
import { client, unwrap, type Order, type Schemas } from '../../api/client';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, ErrorState, Loading, TextArea, errorText } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';

type Invoice = Schemas['Invoice'];

/** The server prints documents for orders confirmed or later (a held one by the state it was held from). */
const PRINTABLE = new Set(['confirmed', 'in_fulfilment', 'shipped', 'delivered', 'completed']);
const printable = (o: Order) => PRINTABLE.has(o.status) || (o.status === 'on_hold' && o.heldFrom !== null && PRINTABLE.has(o.heldFrom));

function DocLinks({ base, name }: { base: string; name: string }) {
  return (
    <span className="row" style={{ gap: '0.5rem' }}>
      <a href={`${base}.pdf`} target="_blank" rel="noopener" aria-label={`${name} (PDF)`}>PDF</a>
      <a href={`${base}.html`} target="_blank" rel="noopener" aria-label={`${name} (printable page)`}>Print</a>
    </span>
  );
}

export function DocumentsPanel({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const session = useSession();
  if (!printable(order) || !(session.can('documents.read') || session.can('invoices.read'))) return null;
  const base = `/api/v1/orders/${order.id}/documents`;
  const madeElsewhere = order.lines.some((l) => l.fulfilmentMode !== 'stock');
  return (
    <section className="panel" aria-labelledby="documents-h" data-testid="documents-panel">
      <h2 id="documents-h">Documents</h2>
      {session.can('documents.read') ? (
        <ul className="plain stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          <li className="row between">Pick list <DocLinks base={`${base}/pick-list`} name="Pick list" /></li>
          <li className="row between">Delivery note <DocLinks base={`${base}/delivery-note`} name="Delivery note" /></li>
          {madeElsewhere ? <li className="row between">Purchase / production order <DocLinks base={`${base}/purchase-order`} name="Purchase order" /></li> : null}
        </ul>
      ) : null}
      {session.can('invoices.read') ? <Invoices order={order} onChanged={onChanged} /> : null}
    </section>
  );
}

function Invoices({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const session = useSession();
  const list = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/invoices', { params: { path: { id: order.id } } })), [order.id]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Invoice | null>(null);
  const canIssue = session.can('invoices.issue');
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading invoices" />;
  const items = list.data.items;
  const live = items.some((i) => i.kind === 'invoice' && i.status === 'issued');
  const done = (what: string) => {
    setMessage(what);
    setError(null);
    setCancelling(null);
    list.reload();
    onChanged();
  };
  const issue = async () => {
    try {
      const inv = await unwrap(client.POST('/api/v1/orders/{id}/invoices', { params: { path: { id: order.id } }, body: {} }));
      done(`Invoice ${inv.number} issued.`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="stack" data-testid="invoices">
      <h3>Invoices</h3>
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {items.length === 0 ? <p className="muted">No invoice yet.</p> : (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} className="stack">
          {items.map((i) => (
            <li key={i.id} className="row between">
              <span>
                <strong>{i.kind === 'credit_note' ? 'Credit note' : 'Invoice'} {i.number}</strong> · {formatDate(i.issuedAt)} · {formatMoney(i.grandTotalMinor, i.currency)}
                {i.status === 'cancelled' ? <span className="muted"> · cancelled{i.cancelReason ? `: ${i.cancelReason}` : ''}</span> : null}
              </span>
              <span className="row" style={{ gap: '0.5rem' }}>
                <DocLinks base={`/api/v1/invoices/${i.id}`} name={`${i.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${i.number}`} />
                {canIssue && i.kind === 'invoice' && i.status === 'issued' ? (
                  <button type="button" className="danger" onClick={() => setCancelling(i)}>Cancel…</button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canIssue && !live ? (
        <div className="row end">
          <button type="button" className="primary" onClick={() => void issue()}>Issue invoice</button>
        </div>
      ) : null}
      <Dialog open={cancelling !== null} title="Cancel the invoice" onClose={() => setCancelling(null)}>
        {cancelling ? <CancelInvoice invoice={cancelling} onDone={(cn) => done(`Invoice ${cancelling.number} cancelled by credit note ${cn.number}.`)} onCancel={() => setCancelling(null)} /> : null}
      </Dialog>
    </div>
  );
}

function CancelInvoice({ invoice, onDone, onCancel }: { invoice: Invoice; onDone: (cn: Invoice) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(await unwrap(client.POST('/api/v1/invoices/{id}/cancel', { params: { path: { id: invoice.id } }, body: { reason } })));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack">
      <p>Invoice {invoice.number} stays on record, marked cancelled; a credit note with its own number is issued against it.</p>
      <TextArea label="Reason" pointer="/reason" error={error ?? undefined} value={reason} onChange={(e) => setReason(e.target.value)} required />
      <div className="row end">
        <button type="button" onClick={onCancel}>Keep it</button>
        <button type="submit" className="danger">Issue credit note</button>
      </div>
    </form>
  );
}
