/** Orderly as a real child process (`node --import tsx src/main.ts`), for crash, lock and start-up tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Child = { proc: ChildProcess; url: string; output: () => string };

export function runMain(env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ORDERLY_VERIFY_SERIALIZER: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => (out += String(d)));
  proc.stderr?.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Starts the server and waits until it listens. */
export async function startMain(env: Record<string, string>, timeoutMs = 180_000): Promise<Child> {
  const r = runMain(env);
  const started = Date.now();
  for (;;) {
    const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(r.output());
    if (m?.[1]) return { proc: r.proc, url: m[1], output: r.output };
    if (r.proc.exitCode !== null) throw new Error(`server exited (${r.proc.exitCode}):\n${r.output()}`);
    if (Date.now() - started > timeoutMs) {
      r.proc.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${r.output()}`);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
}

export async function kill9(c: Child): Promise<void> {
  const done = new Promise((resolve) => c.proc.on('exit', resolve));
  c.proc.kill('SIGKILL');
  await done;
}
