/**
 * What customers said after delivery: the average rating (1–5) and the recommend score (NPS)
 * by week or month, by channel and by product; the answers with their comments, newest first;
 * and the follow-ups a low rating made ("call the customer back"), to mark done with a note.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, Empty, ErrorState, Loading, Page, TextArea, errorText } from '../../components/ui';
import { formatDate } from '../../lib/format';

type Report = Schemas['FeedbackReport'];
type FollowUp = Schemas['FollowUp'];
type Score = Report['overall'];

const rating = (s: Score) => (s.averageRating === null ? '—' : s.averageRating.toFixed(1));
const nps = (s: Score) => (s.nps === null ? '—' : s.nps > 0 ? `+${s.nps}` : String(s.nps));
const CHANNEL: Record<string, string> = { web: 'Shop', phone: 'Phone', email: 'E-mail', api: 'API', in_person: 'In person' };

export function FeedbackPage() {
  const [unit, setUnit] = useState<'week' | 'month'>('week');
  const report = useAsync(() => unwrap(client.GET('/api/v1/feedback/report', { params: { query: { unit, days: unit === 'week' ? 91 : 365 } } })), [unit]);
  return (
    <Page title="Feedback" subtitle="What customers said after delivery. The recommend score (NPS) is the share of 9–10 answers less the share of 0–6 answers.">
      <FollowUps />
      {report.error ? (
        <ErrorState error={report.error} retry={report.reload} />
      ) : !report.data ? (
        <Loading what="Adding up the answers" />
      ) : (
        <ReportView report={report.data} unit={unit} setUnit={setUnit} />
      )}
    </Page>
  );
}

function ScoreTable({ caption, label, rows, testId }: { caption: string; label: string; rows: (Score & { key: string; label: string })[]; testId: string }) {
  return (
    <table className="list cards" data-testid={testId}>
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>{caption}</caption>
      <thead>
        <tr>
          <th>{label}</th>
          <th>Answers</th>
          <th>Average rating</th>
          <th>Recommend score</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td data-label={label}>{r.label}</td>
            <td data-label="Answers">{r.responses}</td>
            <td data-label="Average rating">{rating(r)}</td>
            <td data-label="Recommend score">{nps(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReportView({ report, unit, setUnit }: { report: Report; unit: 'week' | 'month'; setUnit: (u: 'week' | 'month') => void }) {
  if (report.overall.responses === 0 && report.comments.length === 0) return <Empty>No answers yet. Customers get the survey a few days after their order is delivered.</Empty>;
  return (
    <div className="stack">
      <section className="panel" aria-label="Overall" data-testid="feedback-overall">
        <p style={{ margin: 0 }}>
          <strong>{report.overall.responses}</strong> answers since {formatDate(report.since)} · average rating <strong>{rating(report.overall)}</strong> / 5 · recommend score <strong>{nps(report.overall)}</strong>
        </p>
      </section>
      <div className="row" role="group" aria-label="Group by">
        {(['week', 'month'] as const).map((u) => (
          <button key={u} type="button" className={unit === u ? 'primary' : ''} aria-pressed={unit === u} onClick={() => setUnit(u)}>
            By {u}
          </button>
        ))}
      </div>
      <ScoreTable caption={`Over time (by ${unit})`} label={unit === 'week' ? 'Week of' : 'Month'} testId="feedback-periods" rows={report.periods.map((p) => ({ ...p, key: p.period, label: unit === 'week' ? formatDate(p.period) : p.period.slice(0, 7) }))} />
      <ScoreTable caption="By channel" label="Channel" testId="feedback-channels" rows={report.channels.map((c) => ({ ...c, label: CHANNEL[c.key] ?? c.key }))} />
      <ScoreTable caption="By product" label="Product" testId="feedback-products" rows={report.products} />
      <section aria-labelledby="comments-h">
        <h2 id="comments-h">Answers, newest first</h2>
        <ul className="stack" style={{ listStyle: 'none', padding: 0 }} data-testid="feedback-comments">
          {report.comments.map((c) => (
            <li key={c.orderId} className="panel" data-order={c.orderNumber ?? c.orderId}>
              <p style={{ margin: 0 }}>
                <strong>{'★'.repeat(c.rating)}{'☆'.repeat(5 - c.rating)}</strong> <span className="muted">recommend {c.recommend}/10</span> · <Link to={`/orders/${c.orderNumber ?? c.orderId}`}>{c.orderNumber}</Link> · {c.customerName ?? '—'} · {CHANNEL[c.channel] ?? c.channel} ·{' '}
                <span className="muted">{new Date(c.createdAt).toLocaleDateString()}</span>
              </p>
              {c.comment ? <blockquote style={{ margin: '0.5rem 0 0' }}>{c.comment}</blockquote> : null}
              {c.answers.filter((a) => a.answer !== null).length ? (
                <dl style={{ margin: '0.5rem 0 0' }}>
                  {c.answers
                    .filter((a) => a.answer !== null)
                    .map((a) => (
                      <div key={a.question}>
                        <dt className="muted">{a.question}</dt>
                        <dd style={{ margin: 0 }}>{a.answer === true ? 'Yes' : a.answer === false ? 'No' : a.answer}</dd>
                      </div>
                    ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function FollowUps() {
  const session = useSession();
  const list = useAsync(() => unwrap(client.GET('/api/v1/follow-ups', { params: { query: { done: 'false' } } })), []);
  const [chosen, setChosen] = useState<FollowUp | null>(null);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading follow-ups" />;
  return (
    <section aria-labelledby="follow-ups-h">
      <h2 id="follow-ups-h">Call back ({list.data.items.length})</h2>
      {list.data.items.length === 0 ? (
        <p className="muted">No customer is waiting for a call back.</p>
      ) : (
        <table className="list cards" data-testid="follow-ups">
          <thead>
            <tr>
              <th>Due</th>
              <th>Customer</th>
              <th>Rating</th>
              <th>Order</th>
              <th>Assigned</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((f) => (
              <tr key={f.id} data-order={f.orderNumber ?? f.orderId}>
                <td data-label="Due">{formatDate(f.dueDate)}</td>
                <td data-label="Customer">
                  {f.customerName ?? '—'}
                  {f.phone ? (
                    <>
                      {' '}
                      · <a href={`tel:${f.phone}`}>{f.phone}</a>
                    </>
                  ) : null}
                  {f.comment ? <div className="muted">“{f.comment}”</div> : null}
                </td>
                <td data-label="Rating">{f.rating ?? '—'} / 5</td>
                <td data-label="Order">
                  <Link to={`/orders/${f.orderNumber ?? f.orderId}`}>{f.orderNumber}</Link>
                </td>
                <td data-label="Assigned">{f.assigneeName ?? 'Nobody'}</td>
                <td>
                  {session.can('feedback.act') ? (
                    <button type="button" onClick={() => setChosen(f)}>
                      Mark done
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={chosen !== null} title={chosen ? `Call back ${chosen.customerName ?? ''}` : 'Call back'} onClose={() => setChosen(null)}>
        {chosen ? (
          <DoneForm
            followUp={chosen}
            onCancel={() => setChosen(null)}
            onDone={() => {
              setChosen(null);
              list.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function DoneForm({ followUp, onCancel, onDone }: { followUp: FollowUp; onCancel: () => void; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/follow-ups/{id}/done', { params: { path: { id: followUp.id } }, body: { note } }));
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.problem.errors[0] ? err.problem.errors[0].message : errorText(err));
    }
    setBusy(false);
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <TextArea label="What came of it" pointer="/note" error={error ?? undefined} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Mark done
        </button>
      </div>
    </form>
  );
}
