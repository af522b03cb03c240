/** Parties: the warehouse, accounts receivable, and the suppliers and manufacturers orders are handed to. The owner adds and edits them. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Checkbox, Empty, ErrorState, ErrorSummary, Loading, Page, SelectField, TextField } from '../../components/ui';
import { byPointer, focusFirstError } from '../../lib/problems';
import { NewSecret } from '../settings/Webhooks';

type Party = Schemas['Party'];
export const PARTY_KIND_LABEL: Record<Party['kind'], string> = { warehouse: 'Warehouse', accounts: 'Accounts receivable', supplier: 'Supplier', manufacturer: 'Manufacturer' };

type Draft = { kind: 'supplier' | 'manufacturer'; name: string; email: string; phone: string; leadTimeDays: string; webhookUrl: string; active: boolean };
const empty: Draft = { kind: 'supplier', name: '', email: '', phone: '', leadTimeDays: '0', webhookUrl: '', active: true };

export default function PartiesPage() {
  const session = useSession();
  const canWrite = session.can('parties.write');
  const list = useAsync(() => unwrap(client.GET('/api/v1/parties', { params: { query: {} } })), []);
  const [editing, setEditing] = useState<Party | 'new' | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  return (
    <Page
      title="Parties"
      subtitle="Who is handed an order when it goes to fulfilment: the warehouse, accounts receivable, and the suppliers and manufacturers your products name."
      actions={canWrite ? <button type="button" className="primary" onClick={() => setEditing('new')}>Add a supplier or manufacturer</button> : null}
    >
      {editing ? (
        <PartyForm
          key={editing === 'new' ? 'new' : editing.id}
          party={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved?.webhookSecret && saved.webhookUrl) setSecret({ url: saved.webhookUrl, secret: saved.webhookSecret });
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {secret ? <NewSecret {...secret} onDone={() => setSecret(null)} /> : null}
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading parties" />
      ) : list.data.items.length === 0 ? (
        <Empty>No parties yet.</Empty>
      ) : (
        <table className="list cards">
          <caption className="sr-only">Parties</caption>
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>E-mail</th>
              <th>Phone</th>
              <th>Lead time</th>
              <th>Open work</th>
              {canWrite ? <th><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td data-label="Name">
                  {p.name} {p.active ? null : <span className="muted">(inactive)</span>}
                  {p.webhookUrl ? <div className="muted">webhook: <code>{p.webhookUrl}</code></div> : null}
                </td>
                <td data-label="Kind">{PARTY_KIND_LABEL[p.kind]}</td>
                <td data-label="E-mail">{p.email ?? <span className="muted">none: sees its work in its queue only</span>}</td>
                <td data-label="Phone">{p.phone ?? '—'}</td>
                <td data-label="Lead time">{p.kind === 'supplier' || p.kind === 'manufacturer' ? `${p.leadTimeDays} working days` : '—'}</td>
                <td data-label="Open work">
                  <Link to={`/work?party=${p.id}`}>Open work items</Link>
                </td>
                {canWrite ? (
                  <td>
                    <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

type Saved = Schemas['PartySaved'];

function PartyForm({ party, onDone, onCancel }: { party: Party | null; onDone: (saved?: Saved) => void; onCancel: () => void }) {
  const builtIn = party !== null && (party.kind === 'warehouse' || party.kind === 'accounts');
  const [d, setD] = useState<Draft>(
    party
      ? { kind: party.kind === 'manufacturer' ? 'manufacturer' : 'supplier', name: party.name, email: party.email ?? '', phone: party.phone ?? '', leadTimeDays: String(party.leadTimeDays), webhookUrl: party.webhookUrl ?? '', active: party.active }
      : empty,
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const lead = d.leadTimeDays.trim() === '' ? 0 : Number(d.leadTimeDays);
    const common = { name: d.name, email: d.email.trim() || null, phone: d.phone.trim() || null, leadTimeDays: Number.isInteger(lead) ? lead : -1, webhookUrl: d.webhookUrl.trim() || null };
    try {
      const saved = party
        ? await unwrap(client.PATCH('/api/v1/parties/{id}', { params: { path: { id: party.id }, header: { 'if-match': `"${party.version}"` } }, body: builtIn ? common : { ...common, active: d.active } }))
        : await unwrap(client.POST('/api/v1/parties', { body: { ...common, kind: d.kind, active: d.active } }));
      onDone(saved);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not save', status: 0, code: 'error', detail: String(err), errors: [] });
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };
  const rotate = async () => {
    if (!party || !confirm(`Make a new signing secret for ${party.name}? The current one stops working at once.`)) return;
    setBusy(true);
    try {
      onDone(await unwrap(client.POST('/api/v1/parties/{id}/webhook-secret', { params: { path: { id: party.id } }, body: {} })));
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not make a new secret', status: 0, code: 'error', detail: String(err), errors: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="party-form-h" style={{ marginBottom: '1rem' }}>
      <h2 id="party-form-h">{party ? `Edit ${party.name}` : 'Add a supplier or manufacturer'}</h2>
      <ErrorSummary problem={problem} />
      {party ? null : (
        <SelectField label="Kind" pointer="/kind" error={errors['/kind']} value={d.kind} onChange={(e) => set({ kind: e.target.value === 'manufacturer' ? 'manufacturer' : 'supplier' })}>
          <option value="supplier">Supplier (third-party products: a purchase order)</option>
          <option value="manufacturer">Manufacturer (made-to-order products: a production order)</option>
        </SelectField>
      )}
      <TextField label="Name" required pointer="/name" error={errors['/name']} value={d.name} onChange={(e) => set({ name: e.target.value })} />
      <TextField label="Contact e-mail" type="email" hint="Where its work items are sent; without one it sees them only in its queue" pointer="/email" error={errors['/email']} value={d.email} onChange={(e) => set({ email: e.target.value })} />
      <TextField label="Phone" pointer="/phone" error={errors['/phone']} value={d.phone} onChange={(e) => set({ phone: e.target.value })} />
      {builtIn ? null : (
        <>
          <TextField label="Default lead time (working days)" hint="Used for its products that have no lead time of their own" inputMode="numeric" pointer="/leadTimeDays" error={errors['/leadTimeDays']} value={d.leadTimeDays} onChange={(e) => set({ leadTimeDays: e.target.value })} />
          <Checkbox label="Active" checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
        </>
      )}
      <TextField label="Webhook address (optional)" hint="An https:// address of the party's own system: each work item handed to it, and each one withdrawn, is POSTed there as JSON signed with the party's own secret (shown once, when the address is first set), retried when it fails, and logged under Settings → Webhooks" pointer="/webhookUrl" error={errors['/webhookUrl']} value={d.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} />
      <div className="row end">
        {party?.webhookUrl ? (
          <button type="button" onClick={() => void rotate()} disabled={busy}>
            New signing secret
          </button>
        ) : null}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : party ? 'Save' : 'Add'}
        </button>
      </div>
    </form>
  );
}
