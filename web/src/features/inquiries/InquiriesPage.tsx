/**
 * Inquiries in the back office: the list (by state, assignee, overdue follow-ups),
 * recording one from any channel, and one inquiry's page (answer — optionally by
 * e-mail —, assign, follow-up date, state moves with the lost reason, notes, timeline).
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Checkbox, Empty, ErrorState, ErrorSummary, Loading, Page, SelectField, TextArea, TextField } from '../../components/ui';
import { formatDate, formatDateTime, humanize } from '../../lib/format';
import { byPointer } from '../../lib/problems';
import { formatMoney } from '../../lib/money';

type Inquiry = Schemas['Inquiry'];
type Detail = Schemas['InquiryDetail'];
type State = Inquiry['state'];
type Channel = Inquiry['channel'];
type Command = Inquiry['allowedCommands'][number];

export const INQUIRY_STATE_LABEL: Record<State, string> = { open: 'Open', answered: 'Answered', quoted: 'Quoted', won: 'Won', lost: 'Lost' };
export const INQUIRY_CHANNEL_LABEL: Record<Channel, string> = { phone: 'Phone', email: 'E-mail', web: 'Web form', in_person: 'In person' };
const COMMAND_LABEL: Record<Exclude<Command, 'answer'>, string> = { mark_quoted: 'Mark quoted', win: 'Mark won', lose: 'Mark lost…', reopen: 'Reopen' };
const COMMAND_PATH = { mark_quoted: '/api/v1/inquiries/{id}/mark-quoted', win: '/api/v1/inquiries/{id}/win', lose: '/api/v1/inquiries/{id}/lose', reopen: '/api/v1/inquiries/{id}/reopen' } as const;

export function InquiryStateBadge({ state }: { state: State }) {
  return <span className={`badge ${state === 'lost' ? 'danger' : ''}`}>{INQUIRY_STATE_LABEL[state]}</span>;
}

const useAssignees = () => useAsync(() => unwrap(client.GET('/api/v1/inquiries/assignees')), []);

export function InquiriesPage() {
  const session = useSession();
  const { query } = useLocation();
  const [state, setState] = useState<State | ''>((query.get('state') as State | null) ?? '');
  const [assignee, setAssignee] = useState(query.get('assignee') ?? '');
  const [overdue, setOverdue] = useState(query.get('overdue') === 'true');
  const assignees = useAssignees();
  const list = useAsync(
    () => unwrap(client.GET('/api/v1/inquiries', { params: { query: { limit: 100, ...(state ? { state } : {}), ...(assignee ? { assignee } : {}), ...(overdue ? { overdue: 'true' } : {}) } } })),
    [state, assignee, overdue],
  );
  return (
    <Page title="Inquiries" subtitle="Questions customers asked before ordering: answer them, follow them up, win them." actions={session.can('inquiries.write') ? <Link to="/inquiries/new" className="button primary">Record an inquiry</Link> : null}>
      <div className="panel row" role="search" style={{ marginBottom: '1rem' }}>
        <SelectField label="State" value={state} onChange={(e) => setState(e.target.value as State | '')}>
          <option value="">Any state</option>
          {(Object.keys(INQUIRY_STATE_LABEL) as State[]).map((s) => <option key={s} value={s}>{INQUIRY_STATE_LABEL[s]}</option>)}
        </SelectField>
        <SelectField label="Assigned to" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Anyone</option>
          <option value="none">Nobody yet</option>
          {(assignees.data?.items ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </SelectField>
        <Checkbox label="Only overdue follow-ups" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading inquiries" />
      ) : list.data.items.length === 0 ? (
        <Empty><p>{overdue ? 'No follow-up is overdue.' : 'No inquiries match.'}</p></Empty>
      ) : (
        <table className="list cards">
          <caption className="sr-only">Inquiries</caption>
          <thead>
            <tr>
              <th>Question</th>
              <th>Who</th>
              <th>Channel</th>
              <th>State</th>
              <th>Assigned to</th>
              <th>Follow up</th>
              <th>Asked</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((i) => (
              <tr key={i.id}>
                <td data-label="Question"><Link to={`/inquiries/${i.id}`}>{i.question.length > 80 ? `${i.question.slice(0, 79)}…` : i.question}</Link></td>
                <td data-label="Who">{i.customer ? i.customer.name : i.contact.name}</td>
                <td data-label="Channel">{INQUIRY_CHANNEL_LABEL[i.channel]}</td>
                <td data-label="State"><InquiryStateBadge state={i.state} /></td>
                <td data-label="Assigned to">{i.assignee?.name ?? '—'}</td>
                <td data-label="Follow up">{i.followUpOn ? <span className={i.overdue ? 'badge danger' : undefined}>{formatDate(i.followUpOn)}{i.overdue ? ' · overdue' : ''}</span> : '—'}</td>
                <td data-label="Asked">{formatDate(i.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function NewInquiryPage() {
  const { query } = useLocation();
  const assignees = useAssignees();
  const products = useAsync(() => unwrap(client.GET('/api/v1/products', { params: { query: { limit: 200, active: 'true' } } })), []);
  const [customerId] = useState(query.get('customer') ?? '');
  const customer = useAsync(() => (customerId ? unwrap(client.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })) : Promise.resolve(null)), [customerId]);
  const [f, setF] = useState({ channel: 'phone' as Channel, name: '', email: '', phone: '', question: '', product: '', note: '', assigneeUserId: '', followUpOn: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const contact = { name: f.name.trim(), ...(f.email.trim() ? { email: f.email.trim() } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) };
      const created = await unwrap(
        client.POST('/api/v1/inquiries', {
          body: {
            channel: f.channel,
            question: f.question,
            ...(customerId ? { customerId } : { contact }),
            products: f.product ? [{ product: f.product, answers: {}, note: f.note.trim() }] : [],
            ...(f.assigneeUserId ? { assigneeUserId: f.assigneeUserId } : {}),
            ...(f.followUpOn ? { followUpOn: f.followUpOn } : {}),
          },
        }),
      );
      navigate(`/inquiries/${created.id}`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Record an inquiry" subtitle="A question asked on the phone, by e-mail, on the shop's form or in person. No customer is created: a known e-mail is linked to its customer.">
      <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary problem={problem} />
        <SelectField label="Channel" pointer="/channel" error={errors['/channel']} value={f.channel} onChange={(e) => setF({ ...f, channel: e.target.value as Channel })}>
          {(Object.keys(INQUIRY_CHANNEL_LABEL) as Channel[]).map((c) => <option key={c} value={c}>{INQUIRY_CHANNEL_LABEL[c]}</option>)}
        </SelectField>
        {customerId ? (
          <p>Asked by <strong>{customer.data?.name ?? '…'}</strong> (a known customer).</p>
        ) : (
          <div className="grid">
            <TextField label="Name" required pointer="/contact/name" error={errors['/contact/name'] ?? errors['/contact']} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
            <TextField label="E-mail" type="email" pointer="/contact/email" error={errors['/contact/email']} hint="An e-mail address and/or a phone number" value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />
            <TextField label="Phone" type="tel" pointer="/contact/phone" error={errors['/contact/phone']} value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
          </div>
        )}
        <TextArea label="Question" required rows={4} pointer="/question" error={errors['/question']} value={f.question} onChange={(e) => setF({ ...f, question: e.target.value })} />
        <div className="grid">
          <SelectField label="About the product" pointer="/products/0/product" error={errors['/products/0/product']} value={f.product} onChange={(e) => setF({ ...f, product: e.target.value })}>
            <option value="">No particular product</option>
            {(products.data?.items ?? []).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.sku})</option>)}
          </SelectField>
          {f.product ? <TextField label="Options or notes on the product" pointer="/products/0/note" error={errors['/products/0/note']} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} /> : null}
          <SelectField label="Assign to" pointer="/assigneeUserId" error={errors['/assigneeUserId']} value={f.assigneeUserId} onChange={(e) => setF({ ...f, assigneeUserId: e.target.value })}>
            <option value="">Nobody yet</option>
            {(assignees.data?.items ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </SelectField>
          <TextField label="Follow up on" type="date" pointer="/followUpOn" error={errors['/followUpOn']} value={f.followUpOn} onChange={(e) => setF({ ...f, followUpOn: e.target.value })} />
        </div>
        <div className="row end">
          <Link to="/inquiries" className="button">Cancel</Link>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Record inquiry'}</button>
        </div>
      </form>
    </Page>
  );
}

const EVENT_LABEL: Record<string, string> = {
  created: 'Recorded',
  answered: 'Answered',
  note_added: 'Note',
  assigned: 'Assigned',
  follow_up_set: 'Follow-up date',
  customer_linked: 'Linked to customer',
  customer_unlinked: 'Unlinked from customer',
  quoted: 'Quoted',
  won: 'Won',
  lost: 'Lost',
  reopened: 'Reopened',
  quote_sent: 'Quote sent',
  quote_accepted: 'Quote accepted',
};

function eventText(e: Detail['timeline'][number]): string {
  const d = e.data as Record<string, string | null | undefined>;
  switch (e.type) {
    case 'created':
      return `${INQUIRY_CHANNEL_LABEL[(d.channel ?? 'phone') as Channel] ?? d.channel}${d.matchedCustomer ? ' · linked to the customer with this e-mail address' : ''}`;
    case 'answered':
      return `${d.answer ?? ''}${d.to ? ` — e-mailed to ${d.to} (${d.mailStatus ?? 'queued'})` : ' — not sent'}`;
    case 'note_added':
      return d.text ?? '';
    case 'assigned':
      return d.assignee ?? 'Nobody';
    case 'follow_up_set':
      return d.followUpOn ? formatDate(d.followUpOn) : 'Cleared';
    case 'customer_linked':
      return d.name ?? '';
    case 'lost':
      return d.reason ?? '';
    case 'quote_sent':
      return `${d.quoteNumber ?? ''}${d.from !== d.to ? '' : ` — the inquiry stays ${d.to ?? ''}`}`;
    case 'quote_accepted':
      return `${d.quoteNumber ?? ''} — order ${d.orderNumber ?? ''}${d.from !== d.to ? '' : ` (the inquiry stays ${d.to ?? ''})`}`;
    default:
      return '';
  }
}

export function InquiryPage({ id }: { id: string }) {
  const session = useSession();
  const inquiry = useAsync(() => unwrap(client.GET('/api/v1/inquiries/{id}', { params: { path: { id } } })), [id]);
  const assignees = useAssignees();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [answer, setAnswer] = useState({ text: '', send: true });
  const [note, setNote] = useState('');
  const [losing, setLosing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (inquiry.error) return <ErrorState error={inquiry.error} retry={inquiry.reload} />;
  if (!inquiry.data) return <Loading what="Loading the inquiry" />;
  const i = inquiry.data;
  const canWrite = session.can('inquiries.write');
  const errors = byPointer(problem?.errors ?? []);
  const header = { 'if-match': `"${i.version}"` };
  const run = async (call: () => Promise<Detail>, after?: () => void) => {
    setBusy(true);
    try {
      inquiry.set(await call());
      setProblem(null);
      after?.();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    } finally {
      setBusy(false);
    }
  };
  const move = (command: Exclude<Command, 'answer'>, reason?: string) =>
    run(() => unwrap(client.POST(COMMAND_PATH[command], { params: { path: { id }, header }, body: reason !== undefined ? { reason } : {} })), () => setLosing(null));
  const patch = (body: { assigneeUserId?: string | null; followUpOn?: string | null }) =>
    run(() => unwrap(client.PATCH('/api/v1/inquiries/{id}', { params: { path: { id }, header }, body })));
  const email = i.contact.email;
  // The shop's form only suggests the customer whose e-mail was typed: staff confirm it.
  const created = i.timeline.find((e) => e.type === 'created')?.data as { suggestedCustomer?: string } | undefined;
  const suggested = typeof created?.suggestedCustomer === 'string' ? created.suggestedCustomer : null;
  return (
    <Page title={`Inquiry from ${i.customer?.name ?? i.contact.name}`} subtitle={<>{INQUIRY_CHANNEL_LABEL[i.channel]} · {formatDateTime(i.createdAt)} · <InquiryStateBadge state={i.state} />{i.lostReason ? ` — ${i.lostReason}` : ''}</>}>
      <div className="stack">
        <ErrorSummary problem={problem} />
        <section className="panel" aria-labelledby="q-h">
          <h2 id="q-h">The question</h2>
          <p style={{ whiteSpace: 'pre-wrap' }} data-testid="inquiry-question">{i.question}</p>
          {i.products.length ? (
            <ul>
              {i.products.map((p) => (
                <li key={p.productId}>
                  <strong>{p.name}</strong> <span className="muted">({p.sku})</span>
                  {p.answers.length ? ` — ${p.answers.map((a) => `${a.label}: ${a.display}`).join(', ')}` : ''}
                  {p.note ? ` — ${p.note}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          <dl className="facts">
            <dt>Who</dt>
            <dd>
              {i.customer ? <Link to={`/customers/${i.customer.id}`}>{i.customer.name}</Link> : i.contact.name}
              {!i.customer && suggested && canWrite ? (
                <> · <button type="button" className="link" disabled={busy} onClick={() => void run(() => unwrap(client.PATCH('/api/v1/inquiries/{id}', { params: { path: { id }, header }, body: { customerId: suggested } })))}>Link to the customer with this e-mail address</button></>
              ) : null}
            </dd>
            <dt>E-mail</dt>
            <dd>{email ? <a href={`mailto:${email}`}>{email}</a> : '—'}</dd>
            <dt>Phone</dt>
            <dd>{i.contact.phone ? <a href={`tel:${i.contact.phone}`}>{i.contact.phone}</a> : '—'}</dd>
          </dl>
        </section>

        {canWrite ? (
          <section className="panel stack" aria-labelledby="work-h">
            <h2 id="work-h">Follow-up</h2>
            <div className="grid">
              <SelectField label="Assigned to" pointer="/assigneeUserId" error={errors['/assigneeUserId']} value={i.assignee?.id ?? ''} disabled={busy} onChange={(e) => void patch({ assigneeUserId: e.target.value || null })}>
                <option value="">Nobody</option>
                {(assignees.data?.items ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </SelectField>
              <TextField label="Follow up on" type="date" pointer="/followUpOn" error={errors['/followUpOn']} hint={i.overdue ? 'Overdue' : undefined} value={i.followUpOn ?? ''} disabled={busy} onChange={(e) => void patch({ followUpOn: e.target.value || null })} />
            </div>
            <div className="row">
              {i.allowedCommands.filter((c): c is Exclude<Command, 'answer'> => c !== 'answer').map((c) => (
                <button key={c} type="button" disabled={busy} onClick={() => (c === 'lose' ? setLosing('') : void move(c))}>{COMMAND_LABEL[c]}</button>
              ))}
            </div>
            {losing !== null ? (
              <form className="stack" onSubmit={(e) => { e.preventDefault(); void move('lose', losing); }} noValidate>
                <TextField label="Why was it lost?" required pointer="/reason" error={errors['/reason']} value={losing} onChange={(e) => setLosing(e.target.value)} />
                <div className="row end">
                  <button type="button" onClick={() => setLosing(null)}>Cancel</button>
                  <button type="submit" className="primary" disabled={busy}>Mark lost</button>
                </div>
              </form>
            ) : null}
          </section>
        ) : null}

        {session.can('quotes.read') ? <InquiryQuotes inquiryId={id} canWrite={session.can('quotes.write')} /> : null}

        {canWrite && i.allowedCommands.includes('answer') ? (
          <form className="panel stack" aria-labelledby="answer-h" noValidate onSubmit={(e) => {
            e.preventDefault();
            void run(() => unwrap(client.POST('/api/v1/inquiries/{id}/answers', { params: { path: { id }, header }, body: { answer: answer.text, sendEmail: answer.send && !!email } })), () => setAnswer({ text: '', send: true }));
          }}>
            <h2 id="answer-h">Answer</h2>
            <TextArea label="Your answer" required rows={5} pointer="/answer" error={errors['/answer']} value={answer.text} onChange={(e) => setAnswer({ ...answer, text: e.target.value })} />
            {email ? <Checkbox label={<>Send it to {email} by e-mail</>} checked={answer.send} onChange={(e) => setAnswer({ ...answer, send: e.target.checked })} /> : <p className="muted">No e-mail address: call them, then record the answer here.</p>}
            <div className="row end"><button type="submit" className="primary" disabled={busy}>{answer.send && email ? 'Send answer' : 'Record answer'}</button></div>
          </form>
        ) : null}

        <section className="panel stack" aria-labelledby="tl-h">
          <h2 id="tl-h">What happened</h2>
          <ol className="timeline" data-testid="inquiry-timeline">
            {i.timeline.map((e) => (
              <li key={e.id}>
                <strong>{EVENT_LABEL[e.type] ?? humanize(e.type)}</strong> <span className="muted">· {formatDateTime(e.at)} · {e.actor.name}</span>
                {eventText(e) ? <div style={{ whiteSpace: 'pre-wrap' }}>{eventText(e)}</div> : null}
              </li>
            ))}
          </ol>
          {canWrite ? (
            <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); void run(() => unwrap(client.POST('/api/v1/inquiries/{id}/notes', { params: { path: { id } }, body: { text: note } })), () => setNote('')); }}>
              <TextArea label="Add a note" rows={2} pointer="/text" error={errors['/text']} value={note} onChange={(e) => setNote(e.target.value)} />
              <div className="row end"><button type="submit" disabled={busy || !note.trim()}>Add note</button></div>
            </form>
          ) : null}
        </section>
      </div>
    </Page>
  );
}

/** The quotes prepared from an inquiry, and "Prepare a quote" (the new-quote form filled with its customer and products). */
function InquiryQuotes({ inquiryId, canWrite }: { inquiryId: string; canWrite: boolean }) {
  const quotes = useAsync(() => unwrap(client.GET('/api/v1/quotes', { params: { query: { inquiryId, limit: 50 } } })), [inquiryId]);
  return (
    <section className="panel stack" aria-labelledby="quotes-h">
      <h2 id="quotes-h">Quotes</h2>
      {quotes.error ? <ErrorState error={quotes.error} retry={quotes.reload} /> : !quotes.data ? <Loading what="Loading the quotes" /> : quotes.data.items.length === 0 ? <p className="muted">No quote yet.</p> : (
        <ul data-testid="inquiry-quotes">
          {quotes.data.items.map((q) => (
            <li key={q.id}><Link to={`/quotes/${q.number}`}>{q.number}</Link> · {humanize(q.state)} · {formatMoney(q.totals.grandTotalMinor, q.currency)}{q.orderNumber ? <> · order <Link to={`/orders/${q.orderNumber}`}>{q.orderNumber}</Link></> : null}</li>
          ))}
        </ul>
      )}
      {canWrite ? <div className="row"><Link to={`/quotes/new?inquiry=${inquiryId}`} className="button">Prepare a quote</Link></div> : null}
    </section>
  );
}
