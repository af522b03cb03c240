/**
 * Money on the order page: what is due and how (the terms), payments and refunds with
 * their states, and the actions the user's role allows — record a payment received,
 * mark a pending one received or failed, change the method among those the channel
 * offers, refund (part of) a received payment.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Order, type Schemas } from '../../api/client';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, ErrorState, Loading, SelectField, TextField, errorText } from '../../components/ui';
import { formatDate, formatDateTime, humanize } from '../../lib/format';
import { formatMoney, parseMoney, toMajor } from '../../lib/money';
import { byPointer, type FieldErrors } from '../../lib/problems';

type Payment = Schemas['Payment'];
type Method = Payment['method'];

export const METHOD_LABEL: Record<Method, string> = {
  card: 'Card',
  bank_transfer: 'Bank transfer',
  cash_on_delivery: 'Cash on delivery',
  counter: 'Cash or card at the counter',
  invoice: 'Invoice',
};
const STATE_LABEL: Record<string, string> = { unpaid: 'Unpaid', partially_paid: 'Partly paid', paid: 'Paid', over_paid: 'Overpaid', refunded: 'Refunded' };
type Dialogs = { kind: 'record' } | { kind: 'method' } | { kind: 'refund'; payment: Payment } | { kind: 'fail'; payment: Payment } | null;

export function PaymentsPanel({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const session = useSession();
  const data = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/payments', { params: { path: { id: order.id } } })), [order.id, order.version]);
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (data.error) return <section className="panel"><h2>Payment</h2><ErrorState error={data.error} retry={data.reload} /></section>;
  if (!data.data) return <section className="panel"><h2>Payment</h2><Loading what="Loading payments" /></section>;
  const p = data.data;
  const cur = order.currency;
  const canRecord = session.can('payments.record') && p.takesPayment;
  const canRefund = session.can('payments.refund');
  const manualMethods = p.offeredMethods.filter((m) => m !== 'card');
  const done = (what: string) => {
    setDialog(null);
    setMessage(what);
    setActionError(null);
    data.reload();
    onChanged();
  };
  const receive = async (payment: Payment) => {
    try {
      await unwrap(client.POST('/api/v1/payments/{id}/receive', { params: { path: { id: payment.id } }, body: {} }));
      done(`${formatMoney(payment.amountMinor, cur)} marked received.`);
    } catch (e) {
      setActionError(errorText(e));
    }
  };

  return (
    <section className="panel" aria-labelledby="payment-h" data-testid="payments-panel">
      <h2 id="payment-h">Payment</h2>
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      {actionError ? <p className="field-error" role="alert">{actionError}</p> : null}
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="payment-state">{STATE_LABEL[p.summary.state] ?? humanize(p.summary.state)}</dd>
        <dt>Total</dt>
        <dd>{formatMoney(p.summary.totalMinor, cur)}</dd>
        <dt>Paid</dt>
        <dd>{formatMoney(p.summary.paidMinor, cur)}</dd>
        <dt>Due</dt>
        <dd data-testid="payment-due"><strong>{formatMoney(p.summary.dueMinor, cur)}</strong></dd>
        {p.summary.overpaidMinor > 0 ? (<><dt>Overpaid</dt><dd>{formatMoney(p.summary.overpaidMinor, cur)} — refund it below</dd></>) : null}
        <dt>How</dt>
        <dd>
          {METHOD_LABEL[p.terms.method]}
          {p.terms.chosen ? '' : ' (the default for this channel)'}
          {p.terms.method === 'invoice' && p.terms.netDays !== null ? `, ${p.terms.netDays} days net` : ''}
        </dd>
        {p.terms.method === 'bank_transfer' || p.terms.method === 'invoice' ? (<><dt>Reference</dt><dd><code>{p.terms.reference}</code></dd></>) : null}
        {p.terms.dueDate ? (<><dt>Due by</dt><dd>{formatDate(p.terms.dueDate)}</dd></>) : null}
      </dl>
      {p.holdsFulfilment && p.takesPayment ? (
        <p className="notice warn" data-testid="payment-hold">
          Held until paid: {METHOD_LABEL[p.terms.method].toLowerCase()} orders are not released to fulfilment before the money arrives. Record the payment here when it does{p.offeredMethods.length > 1 ? ', or change the method' : ''}.
        </p>
      ) : null}
      {canRecord ? (
        <div className="row">
          {p.summary.dueMinor > 0 && manualMethods.length > 0 ? (
            <button type="button" className="primary" onClick={() => setDialog({ kind: 'record' })}>
              Record a payment
            </button>
          ) : null}
          {p.offeredMethods.length > 1 ? (
            <button type="button" onClick={() => setDialog({ kind: 'method' })}>
              Change method
            </button>
          ) : null}
        </div>
      ) : null}

      <h3 style={{ marginTop: "1rem" }}>Payments</h3>
      {p.items.length === 0 ? (
        <p className="muted">No payment recorded yet.</p>
      ) : (
        <ul className="plain" data-testid="payments-list">
          {p.items.map((pay) => (
            <li key={pay.id}>
              <div>
                <strong>{formatMoney(pay.amountMinor, cur)}</strong> · {METHOD_LABEL[pay.method]} · <span className="badge">{humanize(pay.status)}</span>
                {pay.refundedMinor > 0 ? <span className="muted"> · {formatMoney(pay.refundedMinor, cur)} refunded</span> : null}
              </div>
              <div className="muted">
                {pay.reference ? `Ref. ${pay.reference} · ` : ''}
                {formatDateTime(pay.receivedAt ?? pay.createdAt)} · {pay.recordedBy.name}
                {pay.failureMessage ? ` · ${pay.failureMessage}` : ''}
              </div>
              <div className="row">
                {canRecord && pay.status === 'pending' && pay.method !== 'card' ? (
                  <>
                    <button type="button" onClick={() => void receive(pay)}>Mark received</button>
                    <button type="button" onClick={() => setDialog({ kind: 'fail', payment: pay })}>Did not arrive</button>
                  </>
                ) : null}
                {canRefund && (pay.status === 'captured' || pay.status === 'partially_refunded') ? (
                  <button type="button" onClick={() => setDialog({ kind: 'refund', payment: pay })}>Refund</button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {p.refunds.length > 0 ? (
        <>
          <h3 style={{ marginTop: "1rem" }}>Refunds</h3>
          <ul className="plain" data-testid="refunds-list">
            {p.refunds.map((r) => (
              <li key={r.id}>
                <strong>{formatMoney(r.amountMinor, cur)}</strong> · <span className="badge">{humanize(r.status)}</span> · {r.reason}
                <div className="muted">{formatDateTime(r.createdAt)} · {r.recordedBy.name}{r.failureMessage ? ` · ${r.failureMessage}` : ''}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <Dialog open={dialog !== null} title={dialog?.kind === 'refund' ? 'Refund' : dialog?.kind === 'method' ? 'Payment method' : dialog?.kind === 'fail' ? 'Payment did not arrive' : 'Record a payment'} onClose={() => setDialog(null)}>
        {dialog?.kind === 'record' ? <RecordPayment order={order} due={p.summary.dueMinor} methods={manualMethods} defaultMethod={(manualMethods as Method[]).includes(p.terms.method) ? p.terms.method : manualMethods[0]!} reference={p.terms.reference} onCancel={() => setDialog(null)} onDone={done} /> : null}
        {dialog?.kind === 'method' ? <ChangeMethod order={order} current={p.terms.method} methods={p.offeredMethods} onCancel={() => setDialog(null)} onDone={done} /> : null}
        {dialog?.kind === 'refund' ? <RefundPayment payment={dialog.payment} suggested={Math.min(p.summary.overpaidMinor > 0 ? p.summary.overpaidMinor : dialog.payment.amountMinor - dialog.payment.refundedMinor, dialog.payment.amountMinor - dialog.payment.refundedMinor)} onCancel={() => setDialog(null)} onDone={done} /> : null}
        {dialog?.kind === 'fail' ? <FailPayment payment={dialog.payment} onCancel={() => setDialog(null)} onDone={done} /> : null}
      </Dialog>
    </section>
  );
}

function useSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors.length) setErrors(byPointer(e.problem.errors));
      setError(errorText(e));
      setBusy(false);
    }
  };
  return { errors, setErrors, error, busy, run };
}

function Buttons({ label, busy, onCancel, danger }: { label: string; busy: boolean; onCancel: () => void; danger?: boolean }) {
  return (
    <div className="row end">
      <button type="button" onClick={onCancel}>Back</button>
      <button type="submit" className={danger ? 'primary danger' : 'primary'} disabled={busy}>{label}</button>
    </div>
  );
}

function RecordPayment({ order, due, methods, defaultMethod, reference, onDone, onCancel }: { order: Order; due: number; methods: Method[]; defaultMethod: Method; reference: string; onDone: (what: string) => void; onCancel: () => void }) {
  const [method, setMethod] = useState<Method>(defaultMethod);
  const [amount, setAmount] = useState(toMajor(due, order.currency));
  const [ref, setRef] = useState(method === 'bank_transfer' ? reference : '');
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountMinor = parseMoney(amount, order.currency);
    if (amountMinor === undefined || amountMinor <= 0) {
      s.setErrors({ '/amountMinor': 'Enter the amount received, e.g. 120.00' });
      return;
    }
    void s.run(async () => {
      const p = await unwrap(client.POST('/api/v1/orders/{id}/payments', { params: { path: { id: order.id } }, body: { method: method as Exclude<Method, 'card'>, amountMinor, status: 'captured', ...(ref.trim() ? { reference: ref.trim() } : {}) } }));
      onDone(`${formatMoney(p.amountMinor, order.currency)} recorded (${METHOD_LABEL[p.method].toLowerCase()}).`);
    });
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <SelectField label="Method" value={method} onChange={(e) => setMethod(e.target.value as Method)} error={s.errors['/method']}>
        {methods.map((m) => (
          <option key={m} value={m}>{METHOD_LABEL[m]}</option>
        ))}
      </SelectField>
      <TextField label={`Amount received (${order.currency})`} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} error={s.errors['/amountMinor']} autoFocus />
      <TextField label="Reference (optional)" value={ref} onChange={(e) => setRef(e.target.value)} error={s.errors['/reference']} hint="The bank's reference or the receipt number" />
      {s.error && !Object.keys(s.errors).length ? <p className="field-error" role="alert">{s.error}</p> : null}
      <Buttons label="Record payment" busy={s.busy} onCancel={onCancel} />
    </form>
  );
}

function ChangeMethod({ order, current, methods, onDone, onCancel }: { order: Order; current: Method; methods: Method[]; onDone: (what: string) => void; onCancel: () => void }) {
  const [method, setMethod] = useState<Method>(current);
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      const t = await unwrap(client.PUT('/api/v1/orders/{id}/payment-terms', { params: { path: { id: order.id } }, body: { method } }));
      onDone(`The order is now paid by ${METHOD_LABEL[t.method].toLowerCase()}.`);
    });
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <SelectField label="Paid by" value={method} onChange={(e) => setMethod(e.target.value as Method)} error={s.errors['/method'] ?? (s.error ?? undefined)} autoFocus>
        {methods.map((m) => (
          <option key={m} value={m}>{METHOD_LABEL[m]}</option>
        ))}
      </SelectField>
      <Buttons label="Save" busy={s.busy} onCancel={onCancel} />
    </form>
  );
}

function RefundPayment({ payment, suggested, onDone, onCancel }: { payment: Payment; suggested: number; onDone: (what: string) => void; onCancel: () => void }) {
  const [amount, setAmount] = useState(toMajor(suggested, payment.currency));
  const [reason, setReason] = useState('');
  const s = useSubmit();
  const left = payment.amountMinor - payment.refundedMinor;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountMinor = parseMoney(amount, payment.currency);
    const errs: FieldErrors = {};
    if (amountMinor === undefined || amountMinor <= 0 || amountMinor > left) errs['/amountMinor'] = `Enter an amount between ${formatMoney(1, payment.currency)} and ${formatMoney(left, payment.currency)}`;
    if (!reason.trim()) errs['/reason'] = 'Say why you refund';
    if (Object.keys(errs).length || amountMinor === undefined) {
      s.setErrors(errs);
      return;
    }
    void s.run(async () => {
      const r = await unwrap(client.POST('/api/v1/payments/{id}/refunds', { params: { path: { id: payment.id } }, body: { amountMinor, reason: reason.trim() } }));
      onDone(`Refund of ${formatMoney(r.amountMinor, payment.currency)} ${r.status === 'succeeded' ? 'recorded' : r.status}.`);
    });
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <p className="muted">Up to {formatMoney(left, payment.currency)} of this {METHOD_LABEL[payment.method].toLowerCase()} payment can be refunded.</p>
      <TextField label={`Amount to refund (${payment.currency})`} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} error={s.errors['/amountMinor']} autoFocus />
      <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} error={s.errors['/reason']} />
      {s.error && !Object.keys(s.errors).length ? <p className="field-error" role="alert">{s.error}</p> : null}
      <Buttons label="Refund" busy={s.busy} onCancel={onCancel} danger />
    </form>
  );
}

function FailPayment({ payment, onDone, onCancel }: { payment: Payment; onDone: (what: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      s.setErrors({ '/reason': 'Say what happened, e.g. "the transfer bounced"' });
      return;
    }
    void s.run(async () => {
      await unwrap(client.POST('/api/v1/payments/{id}/fail', { params: { path: { id: payment.id } }, body: { reason: reason.trim() } }));
      onDone('The payment is marked as not received.');
    });
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <TextField label="What happened" required value={reason} onChange={(e) => setReason(e.target.value)} error={s.errors['/reason']} autoFocus />
      <Buttons label="Mark as not received" busy={s.busy} onCancel={onCancel} danger />
    </form>
  );
}
