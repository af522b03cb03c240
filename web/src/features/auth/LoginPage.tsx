/** Log-in, and the first start's owner set-up (the one-time link printed on the console). */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { useSession } from '../../app/session';
import { navigate } from '../../app/router';
import { ErrorSummary, TextField } from '../../components/ui';
import { byPointer } from '../../lib/problems';
import styles from './Login.module.css';

export function LoginPage({ expired }: { expired: boolean }) {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(email, password);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'The e-mail or password is not right.' : err instanceof ApiError && err.status === 429 ? 'Too many attempts; wait a minute and try again.' : err instanceof Error ? err.message : 'Could not log in');
      setBusy(false);
    }
  };

  return (
    <main className={styles.wrap}>
      <form className={`panel ${styles.card}`} onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Log in to Orderly</h1>
        {expired ? <p className="notice warn">Your session has ended. Log in again to carry on.</p> : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <TextField label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted">
          Customers order at <a href="/shop">the shop</a>.
        </p>
      </form>
    </main>
  );
}

export function SetupPage() {
  const session = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const token = location.hash.slice(1);
  const errors = byPointer(problem?.errors ?? []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const s = await unwrap(client.POST('/api/v1/auth/setup', { body: { token, ...form } }));
      session.adopt(s);
      navigate('/settings', { replace: true });
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Could not set up', status: 0, code: 'error', detail: String(err), errors: [] });
    }
  };
  return (
    <main className={styles.wrap}>
      <form className={`panel ${styles.card}`} onSubmit={(e) => void submit(e)}>
        <h1>Set up Orderly</h1>
        <p className="muted">Create the owner's account. This link works once.</p>
        <ErrorSummary problem={problem} />
        <TextField label="Your name" required pointer="/name" error={errors['/name']} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <TextField label="E-mail" type="email" required pointer="/email" error={errors['/email']} value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        <TextField label="Password" type="password" autoComplete="new-password" required pointer="/password" error={errors['/password']} hint="At least 10 characters" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <button className="primary" type="submit">
          Create the owner
        </button>
      </form>
    </main>
  );
}
