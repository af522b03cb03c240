/**
 * Work items: a party's queue (sorted by due date, overdue marked) and an order's
 * items, each with the actions the reader may take now (allowedCommands from the
 * API: the state and the reader's role).
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Schemas } from '../../api/client';
import { Link, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, Empty, ErrorState, Loading, Page, TextArea, errorText } from '../../components/ui';
import { formatDate } from '../../lib/format';

export type WorkItem = Schemas['WorkItem'];
type Act = 'start' | 'done' | 'block' | 'unblock';

export const WORK_KIND_LABEL: Record<WorkItem['kind'], string> = {
  pick_pack: 'Pick and pack',
  invoice_collect: 'Invoice and collect',
  production_order: 'Production order',
  purchase_order: 'Purchase order',
};
const STATE_LABEL: Record<WorkItem['state'], string> = { todo: 'To do', in_progress: 'In progress', done: 'Done', blocked: 'Blocked', cancelled: 'Cancelled' };
const ACT_LABEL: Record<Act, string> = { start: 'Start', done: 'Mark done', block: 'Block…', unblock: 'Unblock' };

/** The queues the staff menu offers, by what the role works. */
export const QUEUES = [
  { kind: 'warehouse', title: 'To pick and pack', permission: 'work.warehouse' },
  { kind: 'accounts', title: 'To invoice / to collect', permission: 'work.accounts' },
  { kind: 'supplier', title: 'Purchase orders', permission: 'work.suppliers' },
  { kind: 'manufacturer', title: 'Production orders', permission: 'work.suppliers' },
] as const;

async function act(item: WorkItem, command: Act | 'assign', body: Record<string, unknown>): Promise<WorkItem> {
  const init = { params: { path: { id: item.id }, header: { 'if-match': `"${item.version}"` } } };
  switch (command) {
    case 'start':
      return unwrap(client.POST('/api/v1/work-items/{id}/start', { ...init, body: {} }));
    case 'done':
      return unwrap(client.POST('/api/v1/work-items/{id}/done', { ...init, body: {} }));
    case 'block':
      return unwrap(client.POST('/api/v1/work-items/{id}/block', { ...init, body }));
    case 'unblock':
      return unwrap(client.POST('/api/v1/work-items/{id}/unblock', { ...init, body: {} }));
    case 'assign':
      return unwrap(client.POST('/api/v1/work-items/{id}/assign', { ...init, body: { userId: (body.userId as string | null) ?? null } }));
  }
}

export function WorkItemTable({ items, onChanged, showOrder, caption }: { items: WorkItem[]; onChanged: () => void; showOrder: boolean; caption: string }) {
  const session = useSession();
  const me = session.state.status === 'signed-in' ? session.state.user : null;
  const [blocking, setBlocking] = useState<WorkItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (item: WorkItem, command: Act | 'assign', body: Record<string, unknown> = {}) => {
    setBusy(item.id);
    setError(null);
    try {
      await act(item, command, body);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 412 ? 'Someone else changed this work item meanwhile; the list is reloaded, try again.' : errorText(e));
      if (e instanceof ApiError && e.status === 412) onChanged();
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {error ? (
        <p className="notice warn" role="alert">
          {error}
        </p>
      ) : null}
      <table className="list cards">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th>Due</th>
            {showOrder ? <th>Order</th> : null}
            <th>Work</th>
            <th>Lines</th>
            <th>State</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-testid={`work-item-${i.kind}`}>
              <td data-label="Due">
                {formatDate(i.dueDate)} {i.overdue ? <strong className="badge danger">Overdue</strong> : null}
              </td>
              {showOrder ? (
                <td data-label="Order">
                  <Link to={`/orders/${i.order.number ?? i.order.id}`}>{i.order.number ?? 'Order'}</Link>
                  {i.order.customerName ? <div className="muted">{i.order.customerName}</div> : null}
                </td>
              ) : null}
              <td data-label="Work">
                {WORK_KIND_LABEL[i.kind]}
                <div className="muted">{i.party ? i.party.name : 'No party'}</div>
              </td>
              <td data-label="Lines">
                <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                  {i.lines.map((l) => (
                    <li key={l.orderLineId}>
                      {l.quantity} × {l.name} <span className="muted">{l.sku}</span>
                      {l.received !== null ? (
                        <div className={l.received >= l.quantity ? 'muted' : undefined} data-testid="po-line-received">
                          received {l.received} of {l.quantity}
                          {l.received < l.quantity ? ` · ${l.quantity - l.received} outstanding` : ''}
                        </div>
                      ) : null}
                      {l.answers.length ? <div className="muted">{l.answers.map((a) => `${a.label}: ${a.value}`).join(' · ')}</div> : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label="State">
                <span data-testid="work-state">{STATE_LABEL[i.state]}</span>
                {i.blockedReason ? <div className="muted">Blocked: {i.blockedReason}</div> : null}
                {i.assignee ? <div className="muted">Assigned to {i.assignee.name}</div> : null}
              </td>
              <td>
                <div className="row" role="group" aria-label={`Actions for ${WORK_KIND_LABEL[i.kind]}${i.order.number ? ` of ${i.order.number}` : ''}`}>
                  {i.allowedCommands
                    .filter((c): c is Act => c !== 'assign')
                    .map((c) => (
                      <button key={c} type="button" disabled={busy === i.id} className={c === 'done' || (c === 'start' && !i.allowedCommands.includes('done')) ? 'primary' : ''} onClick={() => (c === 'block' ? setBlocking(i) : void run(i, c))}>
                        {ACT_LABEL[c]}
                      </button>
                    ))}
                  {i.allowedCommands.includes('assign') && me && i.assignee?.id !== me.id ? (
                    <button type="button" className="link" disabled={busy === i.id} onClick={() => void run(i, 'assign', { userId: me.id })}>
                      Assign to me
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog open={blocking !== null} title="Block this work" onClose={() => setBlocking(null)}>
        {blocking ? (
          <BlockForm
            onCancel={() => setBlocking(null)}
            onSubmit={async (reason) => {
              const item = blocking;
              setBlocking(null);
              await run(item, 'block', { reason });
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function BlockForm({ onSubmit, onCancel }: { onSubmit: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why it is blocked: it shows on the order.');
      return;
    }
    await onSubmit(reason.trim());
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <TextArea label="Why is it blocked?" required pointer="/reason" error={error} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Block
        </button>
      </div>
    </form>
  );
}

/** A queue: /work?queue=warehouse|accounts|supplier|manufacturer, or /work?party=<id>. */
export default function WorkQueuePage() {
  const { query } = useLocation();
  const session = useSession();
  const partyId = query.get('party') ?? undefined;
  const open = QUEUES.filter((q) => session.can(q.permission));
  const queue = QUEUES.find((q) => q.kind === query.get('queue')) ?? (partyId ? undefined : open[0]);
  const party = useAsync(() => (partyId ? unwrap(client.GET('/api/v1/parties/{id}', { params: { path: { id: partyId } } })) : Promise.resolve(undefined)), [partyId]);
  const list = useAsync(
    () => unwrap(client.GET('/api/v1/work-items', { params: { query: partyId ? { partyId } : queue ? { partyKind: queue.kind } : {} } })),
    [partyId, queue?.kind],
  );
  const title = partyId ? `Open work for ${party.data?.name ?? '…'}` : (queue?.title ?? 'Work');
  return (
    <Page title={title} subtitle="Open work items, the earliest due first.">
      <div className="row" role="navigation" aria-label="Queues" style={{ marginBottom: '1rem' }}>
        {open.map((q) => (
          <Link key={q.kind} to={`/work?queue=${q.kind}`} className={`button ${!partyId && queue?.kind === q.kind ? 'primary' : ''}`} aria-current={!partyId && queue?.kind === q.kind ? 'page' : undefined}>
            {q.title}
          </Link>
        ))}
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading the queue" />
      ) : list.data.items.length === 0 ? (
        <Empty>Nothing to do here right now.</Empty>
      ) : (
        <WorkItemTable items={list.data.items} onChanged={list.reload} showOrder caption={title} />
      )}
    </Page>
  );
}

/** The order page's panel: who must do what for this order, by when, in what state. */
export function OrderWorkItems({ orderId, onChanged }: { orderId: string; onChanged: () => void }) {
  const list = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/work-items', { params: { path: { id: orderId } } })), [orderId]);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data || list.data.items.length === 0) return null;
  const blocked = list.data.items.filter((i) => i.state === 'blocked');
  return (
    <section className="panel" aria-labelledby="work-h">
      <h2 id="work-h">Work items</h2>
      {blocked.length ? (
        <p className="notice warn" role="status">
          {blocked.length === 1 ? 'One work item is blocked' : `${blocked.length} work items are blocked`}: {blocked.map((b) => `${WORK_KIND_LABEL[b.kind]} — ${b.blockedReason ?? ''}`).join('; ')}
        </p>
      ) : null}
      <WorkItemTable
        items={list.data.items}
        showOrder={false}
        caption="Work items of this order"
        onChanged={() => {
          list.reload();
          onChanged();
        }}
      />
    </section>
  );
}
