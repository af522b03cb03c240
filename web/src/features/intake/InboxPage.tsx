/**
 * Mail in: the inbox (every message taken in and what became of it), pasting or uploading
 * a message, one message (its text — never its HTML —, attachments as downloads, the raw
 * message) and "Make a draft" / "Make an inquiry" for one left for staff. Also the incoming side of an order's
 * communication log.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { ErrorState, ErrorSummary, Loading, Page, TextArea, errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { byPointer } from '../../lib/problems';

type Inbound = Schemas['InboundMessage'];

const OUTCOME: Record<Inbound['outcome'], string> = { draft: 'Draft order made', reply: 'Reply on an order', inquiry: 'Inquiry', unmatched: 'Waiting for staff' };

function Outcome({ m }: { m: Inbound }) {
  return (
    <>
      <span data-outcome={m.outcome}>{OUTCOME[m.outcome]}</span>
      {m.orderId ? (
        <>
          {' '}
          <Link to={`/orders/${m.orderId}`}>{m.outcome === 'draft' ? 'open the draft' : 'open the order'}</Link>
        </>
      ) : null}
      {m.inquiryId ? (
        <>
          {' '}
          <Link to={`/inquiries/${m.inquiryId}`}>open the inquiry</Link>
        </>
      ) : null}
    </>
  );
}

function Sender({ m }: { m: Inbound }) {
  return (
    <>
      {m.from ? (m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address) : <span className="muted">no sender</span>}
      {!m.senderTrusted ? (
        <div className="muted" data-testid="sender-untrusted">
          Sender not verified
        </div>
      ) : null}
    </>
  );
}

export function InboxPage() {
  const session = useSession();
  const list = useAsync(() => unwrap(client.GET('/api/v1/inbound-mail', { params: { query: { limit: 100 } } })), []);
  return (
    <Page title="Inbox" subtitle="E-mail taken in: orders become drafts, replies land on their order">
      {session.can('orders.place') ? <TakeInForm onDone={(m) => navigate(`/inbox/${m.id}`)} /> : null}
      <section className="panel" aria-labelledby="inbox-h">
        <h2 id="inbox-h">Received</h2>
        {list.error ? (
          <ErrorState error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading what="Loading the inbox" />
        ) : list.data.items.length === 0 ? (
          <p className="muted">No e-mail taken in yet. Paste one above, or point the business's mail server at Orderly's listener (README: mail in).</p>
        ) : (
          <table className="list cards">
            <thead>
              <tr>
                <th>When</th>
                <th>From</th>
                <th>Subject</th>
                <th>What became of it</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((m) => (
                <tr key={m.id}>
                  <td data-label="When">{formatDateTime(m.receivedAt)}</td>
                  <td data-label="From">
                    <Sender m={m} />
                  </td>
                  <td data-label="Subject">
                    <Link to={`/inbox/${m.id}`}>{m.subject || '(no subject)'}</Link>
                    {m.attachments.length ? <span className="muted"> · {m.attachments.length} attachment(s)</span> : null}
                  </td>
                  <td data-label="What became of it">
                    <Outcome m={m} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

function TakeInForm({ onDone }: { onDone: (m: Inbound) => void }) {
  const [raw, setRaw] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const take = async (body: { raw: string } | { rawBase64: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      onDone(await unwrap(client.POST('/api/v1/inbound-mail', { body })));
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: errorText(err), status: 0, code: 'error', detail: errorText(err), errors: [] });
    }
    setBusy(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void take({ raw });
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    // Byte for byte: an .eml may hold 8-bit text in any charset.
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    void take({ rawBase64: btoa(bin) });
  };
  return (
    <section className="panel" aria-labelledby="take-in-h">
      <h2 id="take-in-h">Take in an e-mail</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <ErrorSummary problem={problem} />
        <TextArea
          label="Paste the whole message"
          hint="In your mail program: “Show original” / “View source”, copy everything — headers, a blank line, the body."
          pointer="/raw"
          error={errors['/raw']}
          rows={6}
          value={raw}
          onChange={(e) => setRaw(e.target.value)}
          style={{ fontFamily: 'monospace' }}
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !raw.trim()}>
            Take it in
          </button>
          <label className="button">
            Upload an .eml file
            <input type="file" accept=".eml,message/rfc822" onChange={(e) => void upload(e)} style={{ display: 'none' }} disabled={busy} />
          </label>
        </div>
      </form>
    </section>
  );
}

export function InboundMessagePage({ id }: { id: string }) {
  const session = useSession();
  const msg = useAsync(() => unwrap(client.GET('/api/v1/inbound-mail/{id}', { params: { path: { id } } })), [id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const makeDraft = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/v1/inbound-mail/{id}/draft', { params: { path: { id } } }));
      navigate(`/orders/${r.orderId}/edit`);
    } catch (err) {
      setError(errorText(err));
      msg.reload();
    }
    setBusy(false);
  };
  const makeInquiry = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/v1/inbound-mail/{id}/inquiry', { params: { path: { id } } }));
      navigate(`/inquiries/${r.inquiryId}`);
    } catch (err) {
      setError(errorText(err));
      msg.reload();
    }
    setBusy(false);
  };
  if (msg.error) return <ErrorState error={msg.error} retry={msg.reload} />;
  if (!msg.data) return <Loading what="Loading the message" />;
  const m = msg.data;
  return (
    <Page
      title={m.subject || '(no subject)'}
      subtitle={<>Received {formatDateTime(m.receivedAt)} {m.source === 'smtp' ? 'by the mail listener' : `— brought in by ${m.receivedBy.name}`}</>}
      actions={
        m.outcome === 'unmatched' ? (
          <>
            {session.can('orders.place') ? (
              <button type="button" onClick={() => void makeDraft()} disabled={busy}>
                Make a draft
              </button>
            ) : null}
            {session.can('inquiries.write') && m.from ? (
              <button type="button" onClick={() => void makeInquiry()} disabled={busy}>
                Make an inquiry
              </button>
            ) : null}
          </>
        ) : null
      }
    >
      {error ? <p className="notice error">{error}</p> : null}
      <section className="panel">
        <dl className="facts">
          <dt>From</dt>
          <dd>
            <Sender m={m} />
          </dd>
          {m.envelopeFrom ? (
            <>
              <dt>Envelope sender</dt>
              <dd>{m.envelopeFrom}</dd>
            </>
          ) : null}
          <dt>What became of it</dt>
          <dd>
            <Outcome m={m} />
            {m.customerId ? (
              <>
                {' · '}
                <Link to={`/customers/${m.customerId}`}>the customer</Link>
              </>
            ) : null}
          </dd>
        </dl>
        {m.notes.length ? (
          <ul data-testid="inbound-notes">
            {m.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="text-h">
        <h2 id="text-h">The message</h2>
        {m.hadHtml ? <p className="muted">It had an HTML part: shown here as text only. The original is in the raw message.</p> : null}
        <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="inbound-text">
          {m.text || '(no text)'}
        </pre>
        <p>
          <a href={`/api/v1/inbound-mail/${m.id}/raw`} download>
            Download the raw message (.eml)
          </a>
        </p>
      </section>
      {m.attachments.length ? (
        <section className="panel" aria-labelledby="att-h">
          <h2 id="att-h">Attachments</h2>
          <ul>
            {m.attachments.map((a) => (
              <li key={a.id}>
                {a.kept ? (
                  <a href={`/api/v1/inbound-mail/${m.id}/attachments/${a.id}`} download={a.filename}>
                    {a.filename}
                  </a>
                ) : (
                  <span>{a.filename}</span>
                )}{' '}
                <span className="muted">
                  {a.contentType}, {Math.ceil(a.size / 1024)} KB{a.refusedReason ? ` — ${a.refusedReason}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

/** The incoming side of an order's communication log: replies, and the e-mail a draft came from. Shows nothing when there are none. */
export function ReceivedMail({ orderId, version }: { orderId: string; version: number }) {
  const log = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/inbound-mail', { params: { path: { id: orderId } } })), [orderId, version]);
  if (log.error) return <ErrorState error={log.error} retry={log.reload} />;
  if (!log.data?.items.length) return null;
  return (
    <section className="panel" aria-labelledby="received-h" data-testid="received-mail">
      <h2 id="received-h">Messages from the customer</h2>
      <ul>
        {log.data.items.map((m) => (
          <li key={m.id}>
            {formatDateTime(m.receivedAt)} — <Sender m={m} />: <Link to={`/inbox/${m.id}`}>{m.subject || '(no subject)'}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
