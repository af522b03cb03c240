/** API tokens for integrations (owner): create one — its secret is shown once, with a copy button —, list, revoke. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { ROLES, type Role } from '../../api/contract';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, ErrorSummary, Loading, SelectField, TextField, errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { byPointer } from '../../lib/problems';

type Token = Schemas['ApiToken'];

export function ApiTokens() {
  const list = useAsync(() => unwrap(client.GET('/api/v1/api-tokens')), []);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (t: Token) => {
    if (!confirm(`Revoke "${t.name}"? Whatever uses it stops working at once.`)) return;
    try {
      await unwrap(client.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: t.id } } }));
      setError(null);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel stack" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted" style={{ margin: 0 }}>For integrations (a website, an accounting tool): each acts with the role you give it, never more than yours. Send it as <code>Authorization: Bearer …</code>.</p>
      {created ? <NewToken {...created} onDone={() => setCreated(null)} /> : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading tokens" />
      ) : list.data.items.length === 0 ? (
        <Empty>No API tokens yet.</Empty>
      ) : (
        <table className="list cards" data-testid="token-list">
          <thead>
            <tr><th>Name</th><th>Role</th><th>Created</th><th>Last used</th><th>State</th></tr>
          </thead>
          <tbody>
            {list.data.items.map((t) => (
              <tr key={t.id}>
                <td data-label="Name">{t.name}</td>
                <td data-label="Role">{t.role}</td>
                <td data-label="Created">{formatDateTime(t.createdAt)}</td>
                <td data-label="Last used">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                <td data-label="State">
                  {t.revokedAt ? <span className="muted">Revoked {formatDateTime(t.revokedAt)}</span> : (
                    <button type="button" className="danger" onClick={() => void revoke(t)} aria-label={`Revoke ${t.name}`}>Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateToken
        onCreated={(name, token) => {
          setCreated({ name, token });
          list.reload();
        }}
      />
    </section>
  );
}

function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('Copied.');
    } catch {
      // Plain http on a LAN address has no clipboard API: select it for Ctrl+C instead.
      const el = document.getElementById('new-token') as HTMLInputElement | null;
      el?.select();
      setCopied(document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.');
    }
  };
  return (
    <div className="notice warn stack" role="status" data-testid="new-token">
      <p style={{ margin: 0 }}>
        <strong>The token "{name}" — copy it now: it is shown only this once.</strong> Orderly keeps only a fingerprint of it.
      </p>
      <div className="row">
        <input id="new-token" readOnly value={token} aria-label="The new token" style={{ flex: 1, fontFamily: 'monospace' }} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={() => void copy()}>Copy</button>
        <button type="button" onClick={onDone}>I have copied it</button>
      </div>
      <span aria-live="polite">{copied}</span>
    </div>
  );
}

function CreateToken({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const t = await unwrap(client.POST('/api/v1/api-tokens', { body: { name, role } }));
      setProblem(null);
      setName('');
      onCreated(t.name, t.token);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not create the token', status: 0, code: 'error', detail: errorText(err), errors: [] });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack">
      <h3>Create a token</h3>
      <ErrorSummary problem={problem} />
      <div className="grid">
        <TextField label="Name" hint="What uses it, e.g. Website" pointer="/name" error={errors['/name']} value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Role" pointer="/role" error={errors['/role']} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </SelectField>
      </div>
      <div className="row end">
        <button type="submit">Create token</button>
      </div>
    </form>
  );
}
