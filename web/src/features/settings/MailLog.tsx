/** The mail log: every message Orderly sent or means to send, with its text, and a resend (to the same or another address). */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, Empty, ErrorState, ErrorSummary, Loading, TextField, errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { byPointer } from '../../lib/problems';

type Mail = Schemas['MailMessage'];
const STATUS: Record<Mail['status'], string> = { queued: 'Waiting to send', sent: 'Sent', kept_locally: 'Kept here (not sent)', failed: 'Failed', bounced: 'Refused by the recipient' };

export function MailLog({ localMailbox }: { localMailbox: boolean }) {
  const session = useSession();
  const [after, setAfter] = useState<string | undefined>();
  const list = useAsync(() => unwrap(client.GET('/api/v1/mail', { params: { query: { limit: 50, ...(after ? { after } : {}) } } })), [after]);
  const [open, setOpen] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <section className="panel stack" aria-labelledby="mail-h">
      <h2 id="mail-h">Mail log</h2>
      {localMailbox ? (
        <p className="notice warn" data-testid="local-mailbox">
          No SMTP server is configured, so e-mails are <strong>not sent</strong>: they are kept here, in the local mailbox, where you can read them. Set <code>SMTP_URL</code> (see the README) to send them to customers.
        </p>
      ) : null}
      <div aria-live="polite">{flash ? <p className="notice">{flash}</p> : null}</div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading the mail log" />
      ) : list.data.items.length === 0 ? (
        <Empty>No e-mails yet. Confirming an order sends the customer its confirmation.</Empty>
      ) : (
        <>
          <table className="list cards" data-testid="mail-log">
            <thead>
              <tr><th>When</th><th>To</th><th>Subject</th><th>Status</th><th>Order</th><th><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {list.data.items.map((m) => (
                <tr key={m.id}>
                  <td data-label="When">{formatDateTime(m.createdAt)}</td>
                  <td data-label="To">{m.toName ? `${m.toName} <${m.to}>` : m.to}</td>
                  <td data-label="Subject">{m.subject}</td>
                  <td data-label="Status">
                    {STATUS[m.status]}
                    {m.lastError && m.status !== 'sent' ? <div className="muted" style={{ fontSize: '0.85rem' }}>{m.lastError}</div> : null}
                  </td>
                  <td data-label="Order">{m.orderId ? <Link to={`/orders/${m.orderId}`}>Open</Link> : '—'}</td>
                  <td>
                    <button type="button" onClick={() => setOpen(m.id)}>Read{session.can('mail.resend') ? ' or resend' : ''}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.nextCursor ? (
            <div className="row end">
              <button type="button" onClick={() => setAfter(list.data?.nextCursor ?? undefined)}>Older messages</button>
            </div>
          ) : null}
        </>
      )}
      <Dialog open={open !== null} title="E-mail" onClose={() => setOpen(null)}>
        {open ? (
          <MailMessage
            id={open}
            canResend={session.can('mail.resend')}
            onClose={() => setOpen(null)}
            onResent={(to) => {
              setOpen(null);
              setFlash(`Sent again to ${to}${localMailbox ? ' (kept in the local mailbox: no SMTP server is configured)' : ''}.`);
              list.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function MailMessage({ id, canResend, onClose, onResent }: { id: string; canResend: boolean; onClose: () => void; onResent: (to: string) => void }) {
  const mail = useAsync(() => unwrap(client.GET('/api/v1/mail/{id}', { params: { path: { id } } })), [id]);
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const resend = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const m = await unwrap(client.POST('/api/v1/mail/{id}/resend', { params: { path: { id } }, body: to.trim() ? { to: to.trim() } : {} }));
      onResent(m.to);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not resend', status: 0, code: 'error', detail: errorText(err), errors: [] });
    } finally {
      setBusy(false);
    }
  };
  if (mail.error) return <ErrorState error={mail.error} retry={mail.reload} />;
  if (!mail.data) return <Loading what="Loading the message" />;
  const m = mail.data;
  return (
    <div className="stack">
      <dl className="facts">
        <dt>To</dt>
        <dd>{m.to}</dd>
        <dt>Subject</dt>
        <dd>{m.subject}</dd>
        <dt>Status</dt>
        <dd>{STATUS[m.status]}</dd>
      </dl>
      <pre style={{ whiteSpace: 'pre-wrap', maxHeight: '40vh', overflow: 'auto', background: '#f6f7f9', padding: '0.75rem', borderRadius: 6, fontFamily: 'inherit' }} data-testid="mail-text">
        {m.text}
      </pre>
      {canResend ? (
        <form onSubmit={(e) => void resend(e)} noValidate className="stack">
          <ErrorSummary problem={problem} />
          <TextField label="Send again to" type="email" hint={`Leave empty to send to ${m.to}`} pointer="/to" error={errors['/to']} value={to} onChange={(e) => setTo(e.target.value)} />
          <div className="row end">
            <button type="button" onClick={onClose}>Close</button>
            <button type="submit" className="primary" disabled={busy}>Send again</button>
          </div>
        </form>
      ) : (
        <div className="row end">
          <button type="button" onClick={onClose}>Close</button>
        </div>
      )}
    </div>
  );
}
