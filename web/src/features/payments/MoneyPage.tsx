/**
 * The back office's money: orders with money still due (unpaid), invoices past their
 * due date (overdue), and a bank statement (CSV) checked as a dry run — matched,
 * unmatched, already recorded — before anything is recorded.
 */
import { useState, type ChangeEvent } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, Loading, Page, errorText } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { METHOD_LABEL } from './PaymentsPanel';

type Tab = 'unpaid' | 'overdue' | 'statement';
const TABS: { id: Tab; label: string; permission: string }[] = [
  { id: 'unpaid', label: 'Unpaid', permission: 'payments.read' },
  { id: 'overdue', label: 'Overdue', permission: 'payments.read' },
  { id: 'statement', label: 'Bank statement', permission: 'payments.record' },
];

export function MoneyPage() {
  const { query } = useLocation();
  const session = useSession();
  const tabs = TABS.filter((t) => session.can(t.permission));
  const tab = (tabs.find((t) => t.id === query.get('tab'))?.id ?? 'unpaid') as Tab;
  return (
    <Page title="Money">
      <div className="row" role="tablist" aria-label="Money">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'primary' : ''} onClick={() => navigate(`/money?tab=${t.id}`, { replace: true })}>
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'unpaid' ? <Unpaid /> : tab === 'overdue' ? <Overdue /> : <Statement />}
    </Page>
  );
}

function Unpaid() {
  const list = useAsync(() => unwrap(client.GET('/api/v1/payments/unpaid', { params: { query: { limit: 200 } } })), []);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading unpaid orders" />;
  if (list.data.items.length === 0) return <Empty>Every order is paid.</Empty>;
  return (
    <section className="panel">
      <h2>Money still due, oldest first</h2>
      <table className="list cards" data-testid="unpaid-list">
        <thead>
          <tr><th>Order</th><th>Customer</th><th>How</th><th>Placed</th><th className="num">Paid</th><th className="num">Due</th></tr>
        </thead>
        <tbody>
          {list.data.items.map((o) => (
            <tr key={o.orderId}>
              <td data-label="Order"><Link to={`/orders/${o.orderId}`}>{o.number ?? 'Draft'}</Link></td>
              <td data-label="Customer">{o.customerName ?? '—'}</td>
              <td data-label="How">{o.method ? METHOD_LABEL[o.method] : '—'}</td>
              <td data-label="Placed">{formatDate(o.placedAt)}</td>
              <td className="num" data-label="Paid">{formatMoney(o.paidMinor, o.currency)}</td>
              <td className="num" data-label="Due"><strong>{formatMoney(o.dueMinor, o.currency)}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Overdue() {
  const list = useAsync(() => unwrap(client.GET('/api/v1/payments/overdue', { params: { query: {} } })), []);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading overdue invoices" />;
  if (list.data.items.length === 0) return <Empty>No invoice is past its due date.</Empty>;
  return (
    <section className="panel">
      <h2>Invoices past their due date</h2>
      <table className="list cards" data-testid="overdue-list">
        <thead>
          <tr><th>Order</th><th>Customer</th><th>Due date</th><th className="num">Days over</th><th className="num">Due</th></tr>
        </thead>
        <tbody>
          {list.data.items.map((o) => (
            <tr key={o.orderId}>
              <td data-label="Order"><Link to={`/orders/${o.orderId}`}>{o.number ?? '—'}</Link></td>
              <td data-label="Customer">{o.customerName ?? '—'}{o.customerEmail ? <div className="muted">{o.customerEmail}</div> : null}</td>
              <td data-label="Due date">{formatDate(o.dueDate)}</td>
              <td className="num" data-label="Days over">{o.daysOverdue}</td>
              <td className="num" data-label="Due"><strong>{formatMoney(o.dueMinor, o.currency)}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Import = Schemas['BankStatementImport'];

async function sendStatement(csv: string, dryRun: boolean): Promise<Import> {
  return unwrap(
    client.POST('/api/v1/payments/bank-statements', {
      params: { query: { dryRun: dryRun ? 'true' : 'false' } },
      body: csv as never,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

function Statement() {
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<Import | null>(null);
  const [result, setResult] = useState<Import | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setPreview(null);
    setResult(null);
    setError(null);
    if (!file) return;
    setFileName(file.name);
    const text = await file.text();
    setCsv(text);
    setBusy(true);
    try {
      setPreview(await sendStatement(text, true));
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  };
  const record = async () => {
    if (!csv) return;
    setBusy(true);
    try {
      setResult(await sendStatement(csv, false));
      setPreview(null);
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  };
  const shown = result ?? preview;
  const toRecord = preview?.matched.filter((m) => m.result === 'would_record').length ?? 0;
  return (
    <section className="panel stack">
      <h2>Import a bank statement</h2>
      <p className="muted">
        A CSV export from your bank with a header row: an amount column and a reference or description column (a date column is optional). Incoming amounts are matched to orders by their
        payment reference (RF…) or order number. You see what would be recorded first; nothing is recorded until you confirm, and a statement imported twice records each line once.
      </p>
      <div className="field">
        <label htmlFor="statement-file">Statement (CSV)</label>
        <input id="statement-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {busy ? <Loading what="Reading the statement" /> : null}
      {shown ? (
        <div data-testid={result ? 'statement-result' : 'statement-preview'}>
          <p className="notice">
            {result
              ? `Recorded ${result.matched.filter((m) => m.result === 'recorded').length} payment(s) from ${fileName}.`
              : `${fileName}: ${shown.lines} line(s) — ${toRecord} to record, ${shown.matched.length - toRecord} already recorded, ${shown.unmatched.length} unmatched, ${shown.skipped.length} skipped. Nothing has been recorded yet.`}
          </p>
          {shown.matched.length > 0 ? (
            <table className="list cards">
              <thead><tr><th>Line</th><th>Order</th><th>Reference</th><th className="num">Amount</th><th>Result</th></tr></thead>
              <tbody>
                {shown.matched.map((m) => (
                  <tr key={m.line}>
                    <td data-label="Line">{m.line}</td>
                    <td data-label="Order"><Link to={`/orders/${m.orderId}`}>{m.orderNumber ?? m.orderId}</Link></td>
                    <td data-label="Reference">{m.reference}</td>
                    <td className="num" data-label="Amount">{formatMoney(m.amountMinor, shown.currency)}</td>
                    <td data-label="Result">{m.result === 'would_record' ? 'Will be recorded' : m.result === 'recorded' ? 'Recorded' : 'Already recorded'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {shown.unmatched.length > 0 ? (
            <>
              <h3>Not matched to an order</h3>
              <ul className="plain" data-testid="statement-unmatched">
                {shown.unmatched.map((u) => (
                  <li key={u.line}>Line {u.line}: {u.text} — {u.reason}</li>
                ))}
              </ul>
            </>
          ) : null}
          {preview && toRecord > 0 ? (
            <div className="row end">
              <button type="button" className="primary" disabled={busy} onClick={() => void record()}>
                Record {toRecord} payment{toRecord === 1 ? '' : 's'}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
