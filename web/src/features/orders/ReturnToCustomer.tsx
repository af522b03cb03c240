/**
 * "Send to the customer to complete", on a draft: the customer gets an e-mail listing exactly
 * what is missing (the answers to the products' order forms) and a link to a page with only
 * those fields; completing it there places the order. Shows when it was sent and whether the
 * customer was reminded. It sends the draft as saved.
 */
import { useState } from 'react';
import { ApiError, client, unwrap, type Order } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

export function ReturnToCustomer({ order, canSend }: { order: Order; canSend: boolean }) {
  const status = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/return-to-customer', { params: { path: { id: order.id } } })), [order.id, order.version]);
  const saved = ((order.draft ?? {}) as { customer?: { email?: string } }).customer?.email ?? '';
  const [email, setEmail] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const sent = status.data?.sent ?? null;

  const send = async () => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const r = await unwrap(client.POST('/api/v1/orders/{id}/return-to-customer', { params: { path: { id: order.id } }, body: email.trim() ? { email: email.trim() } : {} }));
      setDone(`Sent to ${r.sentTo}: ${r.missing.map((m) => `${m.product} — ${m.field}`).join('; ')}. A reminder follows on ${formatDateTime(r.reminderDueAt)} if it is not completed.`);
      status.reload();
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) setProblems(e.problem.errors.map((p) => `${p.pointer}: ${p.message}`));
    }
    setBusy(false);
  };

  return (
    <section className="panel stack" aria-labelledby="return-h" data-testid="return-to-customer">
      <h2 id="return-h">Send to the customer to complete</h2>
      {sent && !sent.completedAt ? (
        <p className="notice" role="status">
          Waiting on the customer: sent to {sent.sentTo} on {formatDateTime(sent.sentAt)} by {sent.sentBy.name};{' '}
          {sent.remindedAt ? `reminded on ${formatDateTime(sent.remindedAt)}.` : `reminder due ${formatDateTime(sent.reminderDueAt)}.`}
        </p>
      ) : null}
      <p className="muted">The customer gets an e-mail naming exactly the answers still missing from the products’ order forms, with a link to a page showing only those; answering there places the order. Anything else that is missing you complete yourself first. The draft goes as last saved.</p>
      {canSend ? (
        <div className="row">
          <label>
            Customer’s e-mail
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
          </label>
          <button type="button" disabled={busy} onClick={() => void send()}>
            {sent && !sent.completedAt ? 'Send again' : 'Send to the customer to complete'}
          </button>
        </div>
      ) : null}
      {done ? <p className="notice" role="status">{done}</p> : null}
      {error ? (
        <div className="field-error" role="alert">
          <p>{error}</p>
          {problems.length ? <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
        </div>
      ) : null}
    </section>
  );
}
