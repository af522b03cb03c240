/**
 * Orderly as a separate process (node running src/main.ts), for tests that kill
 * it with SIGKILL or run two of them against one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OWNER, sessionClient, type Api } from './server.ts';
import { freePort } from './smtp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Child = { proc: ChildProcess; url: string; api: Api; output(): string; kill9(): Promise<void>; stop(): Promise<void> };

/** Every process spawned and not yet gone: killed when the test process exits, whatever happened. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of alive) p.kill('SIGKILL');
});

export async function spawnApp(env: Record<string, string>, timeoutMs = 120_000): Promise<Child> {
  const port = await freePort();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ORDERLY_|SMTP_|DATABASE_|STRIPE_|MAIL_|PORT$|HOST$)/.test(k)));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...clean, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ORDERLY_DEMO_DATA: 'false', ORDERLY_OWNER_EMAIL: OWNER.email, ORDERLY_OWNER_PASSWORD: OWNER.password, ORDERLY_LOGIN_RATE_LIMIT: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(proc);
  proc.once('exit', () => alive.delete(proc));
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Orderly exited (${proc.exitCode}) before it was ready:\n${out}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() > until) {
      proc.kill('SIGKILL');
      throw new Error(`Orderly did not become ready in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // The owner, logged in (the session cookie and its CSRF token go with every request).
  const api = await sessionClient(url, OWNER.email, OWNER.password);
  return {
    proc,
    url,
    api,
    output: () => out,
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
