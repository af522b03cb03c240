/** The staff users and their roles (owner only): change a role, disable, add. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { ROLES, type Role, type StaffUser } from '../../api/contract';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { ErrorState, ErrorSummary, Loading, SelectField, TextField, errorText } from '../../components/ui';
import { byPointer } from '../../lib/problems';

export function Users() {
  const session = useSession();
  const me = session.state.status === 'signed-in' ? session.state.user.id : null;
  const users = useAsync(() => unwrap(client.GET('/api/v1/users')), []);
  const [error, setError] = useState<string | null>(null);
  const change = async (u: StaffUser, body: { role?: Role; disabled?: boolean }) => {
    try {
      const next = await unwrap(client.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body }));
      users.set({ items: (users.data?.items ?? []).map((x) => (x.id === next.id ? next : x)) });
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="users-h">
      <h2 id="users-h">Staff and roles</h2>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {users.error ? (
        <ErrorState error={users.error} retry={users.reload} />
      ) : !users.data ? (
        <Loading what="Loading users" />
      ) : (
        <table className="list cards">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th>Access</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td data-label="Name">{u.name}</td>
                <td data-label="E-mail">{u.email}</td>
                <td data-label="Role">
                  <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.id === me} onChange={(e) => void change(u, { role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td data-label="Access">
                  {u.id === me ? <span className="muted">You</span> : (
                    <button type="button" className={u.disabled ? '' : 'danger'} onClick={() => void change(u, { disabled: !u.disabled })}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddUser onAdded={(u) => users.set({ items: [...(users.data?.items ?? []), u] })} />
    </section>
  );
}

function AddUser({ onAdded }: { onAdded: (u: StaffUser) => void }) {
  const empty = { name: '', email: '', role: 'sales' as Role, password: '' };
  const [f, setF] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onAdded(await unwrap(client.POST('/api/v1/users', { body: f })));
      setF(empty);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack" style={{ marginTop: '1rem' }}>
      <h3>Add a user</h3>
      <ErrorSummary problem={problem} />
      <div className="grid">
        <TextField label="Name" pointer="/name" error={errors['/name']} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        <TextField label="E-mail" type="email" pointer="/email" error={errors['/email']} value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />
        <SelectField label="Role" value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </SelectField>
        <TextField label="First password" type="password" autoComplete="new-password" hint="At least 10 characters; they can change it" pointer="/password" error={errors['/password']} value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />
      </div>
      <div className="row end">
        <button type="submit">Add user</button>
      </div>
    </form>
  );
}
