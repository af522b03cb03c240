/**
 * Outgoing webhooks (owner): subscribe a URL to order events — its signing secret is
 * shown once —, disable, enable or delete it; the delivery log with each attempt, and
 * replay. docs/webhooks.md tells the receiver how to check the signature.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { Checkbox, Empty, ErrorState, ErrorSummary, Loading, TextField, errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { byPointer } from '../../lib/problems';

type Endpoint = Schemas['WebhookEndpoint'];
type EventName = Endpoint['events'][number];
const EVENTS: { id: EventName; label: string }[] = [
  { id: 'order.placed', label: 'Order placed' },
  { id: 'order.confirmed', label: 'Order confirmed' },
  { id: 'order.shipped', label: 'Order shipped' },
  { id: 'order.delivered', label: 'Order delivered' },
  { id: 'order.cancelled', label: 'Order cancelled' },
  { id: 'order.delayed', label: 'Order delayed (new date)' },
  { id: 'shipment.shipped', label: 'A shipment left' },
  { id: 'shipment.delivered', label: 'A shipment was delivered' },
];
const STATUS: Record<string, string> = { pending: 'Waiting / retrying', delivered: 'Delivered', failed: 'Failed' };

export function Webhooks() {
  const list = useAsync(() => unwrap(client.GET('/api/v1/webhook-endpoints')), []);
  const log = useAsync(() => unwrap(client.GET('/api/v1/webhook-deliveries', { params: { query: { limit: 50 } } })), []);
  const parties = useAsync(() => unwrap(client.GET('/api/v1/parties', { params: { query: {} } })), []);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, said: string) => {
    try {
      await what();
      setError(null);
      setMessage(said);
      list.reload();
      log.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const setActive = (e: Endpoint, active: boolean) => act(() => unwrap(client.PATCH('/api/v1/webhook-endpoints/{id}', { params: { path: { id: e.id } }, body: { active } })), `${e.url} ${active ? 'enabled' : 'disabled'}.`);
  const remove = (e: Endpoint) => {
    if (!confirm(`Delete the endpoint ${e.url} and its delivery log?`)) return;
    void act(() => unwrap(client.DELETE('/api/v1/webhook-endpoints/{id}', { params: { path: { id: e.id } } })), `${e.url} deleted.`);
  };
  const replay = (id: string) => act(() => unwrap(client.POST('/api/v1/webhook-deliveries/{id}/replay', { params: { path: { id } }, body: {} })), 'Sent again: the new delivery is at the top of the log.');
  const urlOf = new Map((list.data?.items ?? []).map((e) => [e.id, e.url]));
  const partyOf = new Map((parties.data?.items ?? []).map((p) => [p.id, p.name]));
  return (
    <>
      <section className="panel stack" aria-labelledby="webhooks-h">
        <h2 id="webhooks-h">Webhooks</h2>
        <p className="muted" style={{ margin: 0 }}>
          Orderly POSTs each chosen order event as JSON to your HTTPS address, signed with the endpoint's secret (header <code>Orderly-Webhook-Signature</code>); a failed delivery is retried with increasing pauses. How to check the signature: docs/webhooks.md.
        </p>
        {created ? <NewSecret {...created} onDone={() => setCreated(null)} /> : null}
        <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        {list.error ? <ErrorState error={list.error} retry={list.reload} /> : !list.data ? <Loading what="Loading webhooks" /> : list.data.items.length === 0 ? <Empty>No webhook endpoints yet.</Empty> : (
          <table className="list cards" data-testid="webhook-endpoints">
            <thead><tr><th>URL</th><th>Events</th><th>State</th><th /></tr></thead>
            <tbody>
              {list.data.items.map((e) => (
                <tr key={e.id}>
                  <td data-label="URL"><code>{e.url}</code>{e.description ? <div className="muted">{e.description}</div> : null}</td>
                  <td data-label="Events">{e.events.join(', ')}</td>
                  <td data-label="State">{e.active ? 'Active' : 'Disabled'}</td>
                  <td className="row">
                    <button type="button" onClick={() => void setActive(e, !e.active)} aria-label={`${e.active ? 'Disable' : 'Enable'} ${e.url}`}>{e.active ? 'Disable' : 'Enable'}</button>
                    <button type="button" className="danger" onClick={() => remove(e)} aria-label={`Delete ${e.url}`}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CreateEndpoint onCreated={(url, secret) => { setCreated({ url, secret }); setMessage(null); list.reload(); }} />
      </section>
      <section className="panel stack" aria-labelledby="deliveries-h">
        <h2 id="deliveries-h">Delivery log</h2>
        {log.error ? <ErrorState error={log.error} retry={log.reload} /> : !log.data ? <Loading what="Loading deliveries" /> : log.data.items.length === 0 ? <Empty>Nothing sent yet.</Empty> : (
          <table className="list cards" data-testid="webhook-deliveries">
            <thead><tr><th>When</th><th>Event</th><th>To</th><th>Status</th><th>Attempts</th><th /></tr></thead>
            <tbody>
              {log.data.items.map((d) => (
                <tr key={d.id}>
                  <td data-label="When">{formatDateTime(d.createdAt)}{d.replayOf ? <div className="muted">replay</div> : null}</td>
                  <td data-label="Event">{d.event}</td>
                  <td data-label="To">{d.endpointId ? <code>{urlOf.get(d.endpointId) ?? ''}</code> : <>{partyOf.get(d.partyId ?? '') ?? 'A party'}'s webhook (Parties)</>}</td>
                  <td data-label="Status">{STATUS[d.status] ?? d.status}{d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ''}{d.lastError && d.status !== 'delivered' ? <div className="muted">{d.lastError}</div> : null}</td>
                  <td data-label="Attempts">{d.attempts}</td>
                  <td><button type="button" onClick={() => void replay(d.id)} aria-label={`Replay ${d.event} of ${formatDateTime(d.createdAt)}`}>Replay</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="row end"><button type="button" onClick={log.reload}>Refresh</button></div>
      </section>
    </>
  );
}

export function NewSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <div className="notice warn stack" role="status" data-testid="new-webhook-secret">
      <p style={{ margin: 0 }}><strong>The signing secret for {url} — copy it now: it is shown only this once.</strong></p>
      <div className="row">
        <input readOnly value={secret} aria-label="The signing secret" style={{ flex: 1, fontFamily: 'monospace' }} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={onDone}>I have copied it</button>
      </div>
    </div>
  );
}

function CreateEndpoint({ onCreated }: { onCreated: (url: string, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventName[]>(['order.placed', 'order.confirmed', 'order.shipped', 'order.delivered', 'order.cancelled']);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const created = await unwrap(client.POST('/api/v1/webhook-endpoints', { body: { url, events, ...(description ? { description } : {}) } }));
      setProblem(null);
      setUrl('');
      setDescription('');
      onCreated(created.url, created.secret);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not add the endpoint', status: 0, code: 'error', detail: errorText(err), errors: [] });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack">
      <h3>Add an endpoint</h3>
      <ErrorSummary problem={problem} />
      <div className="grid">
        <TextField label="URL" hint="https://…" pointer="/url" error={errors['/url']} value={url} onChange={(e) => setUrl(e.target.value)} />
        <TextField label="Description" hint="What receives it, e.g. Accounting" pointer="/description" error={errors['/description']} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <fieldset data-pointer="/events">
        <legend>Events</legend>
        {EVENTS.map((ev) => (
          <Checkbox key={ev.id} label={ev.label} checked={events.includes(ev.id)} onChange={(e) => setEvents(e.target.checked ? [...events, ev.id] : events.filter((x) => x !== ev.id))} />
        ))}
        {errors['/events'] ? <p className="field-error">{errors['/events']}</p> : null}
      </fieldset>
      <div className="row end"><button type="submit">Add endpoint</button></div>
    </form>
  );
}
