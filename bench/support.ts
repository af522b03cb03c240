/** What the benchmark's parts share: a JSON client for set-up, throw-away databases, running a cell in a child process, machine facts. */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CellRequest, CellResult } from './load-client.ts';

export const adminUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Json = Record<string, unknown>;

/** A small JSON client for setting up (not for measuring). */
export function jsonClient(baseUrl: string, headers: () => Record<string, string> = () => ({})) {
  return async <T = Json>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers() },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

const DB_PREFIX = 'orderly_bench_';

/**
 * A fresh PostgreSQL database for one part of the run (the same approach as the
 * tests' createTestDatabase), named with its creation time so a later run can
 * drop what an interrupted one left behind.
 */
export async function createBenchDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const base = adminUrl();
  const name = `${DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
    // BENCH_LOG_STATEMENTS=1: every statement on this database goes to the server log with its
    // duration (parse, bind and execute separately); bench/statement-log.ts sums them up.
    if (process.env.BENCH_LOG_STATEMENTS === '1') await admin.query(`alter database "${name}" set log_min_duration_statement = 0`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Drops benchmark databases over two hours old that nobody is connected to (left by an interrupted run). */
export async function dropStaleBenchDatabases(): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like '${DB_PREFIX}%' and datname not in (select datname from pg_stat_activity where datname is not null)`,
    );
    const cutoff = Math.floor(Date.now() / 1000) - 2 * 3600;
    for (const r of rows) {
      const created = Number(new RegExp(`^${DB_PREFIX}(\\d+)_`).exec(r.datname)?.[1] ?? 0);
      if (created < cutoff) await c.query(`drop database if exists "${r.datname}" with (force)`);
    }
  } finally {
    await c.end();
  }
}

const clientScript = fileURLToPath(new URL('./load-client.ts', import.meta.url));

/** Runs one cell in a child process (its own event loop and CPU time) and returns its result. */
export function runCellInChild(req: CellRequest): Promise<CellResult> {
  return new Promise((resolve, reject) => {
    const child = fork(clientScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      if (!settled) reject(new Error(`load client did not finish within ${req.warmupMs + req.durationMs + 60_000} ms`));
      settled = true;
    }, req.warmupMs + req.durationMs + 60_000);
    child.once('message', (m: { result?: CellResult; error?: string }) => {
      clearTimeout(timeout);
      if (settled) return;
      settled = true;
      if (m.result) resolve(m.result);
      else reject(new Error(`load client failed: ${m.error ?? 'unknown'}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timeout);
      if (!settled) reject(new Error(`load client exited with ${code}`));
      settled = true;
    });
    child.send(req);
  });
}

export async function postgresFacts(): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    const facts: Record<string, string> = {};
    const { rows } = await c.query<{ v: string }>('select version() as v');
    facts.version = rows[0]?.v ?? '';
    for (const s of ['shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem', 'wal_level']) {
      const r = await c.query<Record<string, string>>(`show ${s}`);
      facts[s] = Object.values(r.rows[0] ?? {})[0] ?? '';
    }
    return facts;
  } finally {
    await c.end();
  }
}

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim() + (execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() ? '+dirty' : '');
  } catch {
    return 'unknown';
  }
}

export function machineFacts() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    commit: gitCommit(),
  };
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) of each server process of one PostgreSQL database, read from /proc. */
export async function backendCpuMs(databaseName: string): Promise<Map<number, number>> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  let pids: number[];
  try {
    pids = (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName])).rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
  return new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
}

/** CPU time (user + system, ms) a process has used, from /proc; 0 when it is gone or /proc cannot be read. */
export const processCpuMs = (pid: number): number => statCpuMs(`/proc/${pid}/stat`);

/** CPU time (user + system, ms) this process's main thread has used (the rest of `process.cpuUsage()` is its other threads: GC, compiler, libuv pool). */
export const mainThreadCpuMs = (): number => statCpuMs(`/proc/self/task/${process.pid}/stat`);

function statCpuMs(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return 0;
  }
}

/** CPU ms the database's processes used between two readings (a process that started in between counts from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
  return ms;
}

export const loadAverage = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** Resident set size of a process in MiB, from /proc (0 when it cannot be read). */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}
