/**
 * Talking to the customer from the order page: the communication log (every
 * e-mail for this order and what became of it), a message staff write, and
 * recording a delay (new expected date + a reason written for the customer,
 * e-mailed at once). The delay form is also used prefilled from the at-risk list.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Order } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading, TextArea, TextField, errorText } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { byPointer, type FieldErrors } from '../../lib/problems';

/** What each kind of e-mail is, as staff call it. */
export const MAIL_KIND: Record<string, string> = {
  order_received: 'Order received',
  order_confirmation: 'Confirmation',
  verification_request: 'Please check your order',
  order_link: 'Link to the order page',
  staff_message: 'Message from staff',
  order_delayed: 'Delay notice',
  shipment_shipped: 'Shipment notice',
  shipment_delivered: 'Delivered',
  inquiry_answer: 'Answer to an inquiry',
};

const STATUS_TEXT: Record<string, string> = { queued: 'Queued', sent: 'Sent', kept_locally: 'Kept in the local mailbox', failed: 'Failed', bounced: 'Bounced' };

export function CommunicationLog({ order, canSend, onSent }: { order: Order; canSend: boolean; onSent: () => void }) {
  const log = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/mail', { params: { path: { id: order.id } } })), [order.id, order.version]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const email = (order.customer as { email?: string } | null)?.email;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/orders/{id}/messages', { params: { path: { id: order.id } }, body: { message: text } }));
      setText('');
      setError(undefined);
      log.reload();
      onSent();
    } catch (err) {
      setError(err instanceof ApiError && err.problem.errors.length ? err.problem.errors.map((p) => p.message).join(' ') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="comms-h" data-testid="communication-log">
      <h2 id="comms-h">Messages to the customer</h2>
      {log.error ? (
        <ErrorState error={log.error} retry={log.reload} />
      ) : !log.data ? (
        <Loading what="Loading the messages" />
      ) : log.data.items.length === 0 ? (
        <p className="muted">No e-mail has gone to the customer about this order yet.</p>
      ) : (
        <table className="list cards">
          <thead>
            <tr>
              <th>What</th>
              <th>To</th>
              <th>Status</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((m) => (
              <tr key={m.id}>
                <td data-label="What">
                  <strong>{MAIL_KIND[m.template] ?? m.template}</strong>
                  <div className="muted">{m.subject}</div>
                </td>
                <td data-label="To">{m.to}</td>
                <td data-label="Status">
                  <span data-status={m.status}>{STATUS_TEXT[m.status] ?? m.status}</span>
                  {m.lastError ? <div className="muted">{m.lastError}</div> : null}
                </td>
                <td data-label="When">{formatDateTime(m.sentAt ?? m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canSend && order.status !== 'draft' ? (
        email ? (
          <form onSubmit={(e) => void send(e)} style={{ marginTop: '0.5rem' }}>
            <TextArea label={`Write to ${email}`} hint="Sent in the customer's language inside the “Message from staff” e-mail (Settings → E-mail wording)." value={text} onChange={(e) => setText(e.target.value)} error={error} rows={3} />
            <button type="submit" disabled={busy || !text.trim()}>
              Send message
            </button>
          </form>
        ) : (
          <p className="muted">The order has no e-mail address: call the customer instead.</p>
        )
      ) : null}
    </section>
  );
}

/** The latest delay recorded on the order (from its timeline), to show beside the expected date. */
export type DelayFacts = { previousDate: string | null; newDate: string; reason: string; at: string };

export function DelayNotice({ delay }: { delay: DelayFacts }) {
  return (
    <p className="notice warn" data-testid="delay-notice">
      <strong>Delayed</strong> on {formatDateTime(delay.at)}: expected {delay.previousDate ? <>{formatDate(delay.previousDate)} → </> : null}
      <strong>{formatDate(delay.newDate)}</strong>. Told the customer: “{delay.reason}”
    </p>
  );
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Record a delay: the customer is e-mailed the new date and the reason at once. */
export function DelayForm({ order, initialReason = '', onDone, onCancel }: { order: Pick<Order, 'id' | 'number' | 'expectedCompletionDate'>; initialReason?: string; onDone: (o: Order) => void; onCancel: () => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const current = order.expectedCompletionDate;
  const [newDate, setNewDate] = useState(addDays(current && current > today ? current : today, 7));
  const [reason, setReason] = useState(initialReason);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onDone(await unwrap(client.POST('/api/v1/orders/{id}/delays', { params: { path: { id: order.id } }, body: { newDate, reason } })));
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors.length) setErrors(byPointer(err.problem.errors));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="delay-form">
      <p>
        {current ? <>Expected now: <strong>{formatDate(current)}</strong>. </> : null}The customer is e-mailed the new date and your reason at once, in their language.
      </p>
      <TextField label="New expected date" type="date" required min={today} value={newDate} onChange={(e) => setNewDate(e.target.value)} error={errors['/newDate']} pointer="/newDate" />
      <TextArea label="Reason, written for the customer" required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors['/reason']} pointer="/reason" hint="For example: “The oak for your table arrives from the mill a week late.”" />
      {error ? <p className="notice error" role="alert">{error}</p> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Send the delay notice
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
