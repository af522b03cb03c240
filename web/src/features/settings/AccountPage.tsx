/** My account: who I am and my password (every role). Changing it ends my other sessions. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorSummary, Page, TextField, errorText } from '../../components/ui';
import { byPointer } from '../../lib/problems';

export function AccountPage() {
  const session = useSession();
  const user = session.state.status === 'signed-in' ? session.state.user : null;
  return (
    <Page title="My account" subtitle={user ? `${user.name} · ${user.email} · ${user.role}` : undefined}>
      <PasswordForm />
    </Page>
  );
}

export function PasswordForm() {
  const empty = { currentPassword: '', newPassword: '', repeat: '' };
  const [f, setF] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const set = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch });
    setDone(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (f.newPassword !== f.repeat) {
      setProblem({ title: 'Check the new password', status: 422, code: 'validation_failed', detail: '', errors: [{ pointer: '/repeat', code: 'mismatch', message: 'The two new passwords are not the same' }] });
      return;
    }
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/auth/password', { body: { currentPassword: f.currentPassword, newPassword: f.newPassword } }));
      setProblem(null);
      setF(empty);
      setDone(true);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not change the password', status: 0, code: 'error', detail: errorText(err), errors: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-h" style={{ maxWidth: '32rem' }}>
      <h2 id="password-h">My password</h2>
      <ErrorSummary problem={problem} />
      <div aria-live="polite">{done ? <p className="notice">Password changed. Your other sessions (other browsers and devices) are logged out.</p> : null}</div>
      <TextField label="Current password" type="password" autoComplete="current-password" pointer="/currentPassword" error={errors['/currentPassword']} value={f.currentPassword} onChange={(e) => set({ currentPassword: e.target.value })} />
      <TextField label="New password" type="password" autoComplete="new-password" hint="At least 10 characters" pointer="/newPassword" error={errors['/newPassword']} value={f.newPassword} onChange={(e) => set({ newPassword: e.target.value })} />
      <TextField label="New password again" type="password" autoComplete="new-password" pointer="/repeat" error={errors['/repeat']} value={f.repeat} onChange={(e) => set({ repeat: e.target.value })} />
      <div className="row end">
        <button type="submit" className="primary" disabled={busy}>Change my password</button>
      </div>
    </form>
  );
}
