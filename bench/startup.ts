/**
 * Time from `npm start` to a ready /health, on a data folder that already exists (PGlite) or an
 * existing PostgreSQL database: `npx tsx bench/startup.ts [--starts 3] [--database-url postgres://…]`.
 * A first start prepares the folder (and builds the web app if web/dist is older than its
 * sources); the starts after it are timed, with what prestart said about the web build.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadAverage, rssMiB } from './support.ts';

const { values: a } = parseArgs({ options: { starts: { type: 'string', default: '3' }, 'database-url': { type: 'string' }, port: { type: 'string', default: '3917' } } });
const root = fileURLToPath(new URL('..', import.meta.url));

async function start(env: Record<string, string>): Promise<{ ms: number; webSaid: string; rssIdleMiB: number; stop: () => Promise<void> }> {
  const started = Date.now();
  const proc = spawn('npm', ['start'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${env.PORT}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`npm start exited (${proc.exitCode}):\n${out}`);
    if (await fetch(`${url}/health`).then((r) => r.ok).catch(() => false)) break;
    if (Date.now() - started > 300_000) throw new Error(`not ready in 300 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = Date.now() - started;
  const webSaid = /web interface[^\n]*/.exec(out)?.[0] ?? '(nothing)';
  await new Promise((r) => setTimeout(r, 2000));
  // The server is the node process listening on the port: npm → sh → node (tsx) → node.
  const serverPid = Number(
    (await new Promise<string>((resolve) => {
      const p = spawn('sh', ['-c', `ss -ltnpH 'sport = :${env.PORT}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`]);
      let s = '';
      p.stdout.on('data', (d: Buffer) => (s += d.toString()));
      p.on('exit', () => resolve(s.trim()));
    })) || 0,
  );
  return {
    ms,
    webSaid,
    rssIdleMiB: serverPid ? rssMiB(serverPid) : 0,
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      if (proc.pid) process.kill(-proc.pid, 'SIGTERM');
      await exited;
    },
  };
}

async function main() {
  console.log(`load average ${loadAverage().join(' ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'orderly-startup-'));
  const env: Record<string, string> = { PORT: a.port ?? '3917', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ORDERLY_DEMO_DATA: 'true', ...(a['database-url'] ? { DATABASE_URL: a['database-url'] } : { ORDERLY_DATA_DIR: path.join(dir, 'data') }) };
  try {
    const first = await start(env);
    await first.stop();
    console.log(`first start (fresh ${a['database-url'] ? 'database' : 'data folder'}, demo data): ${first.ms} ms; prestart: ${first.webSaid}`);
    for (let i = 1; i <= Number(a.starts); i++) {
      const s = await start(env);
      await s.stop();
      console.log(`start ${i} on the existing ${a['database-url'] ? 'database' : 'data folder'}: ${s.ms} ms to a ready /health; idle server RSS ${s.rssIdleMiB} MiB; prestart: ${s.webSaid}; load ${loadAverage()[0]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
