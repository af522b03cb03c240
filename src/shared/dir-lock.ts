/**
 * An exclusive lock on the embedded data folder. PGlite does not lock its folder,
 * and two processes on one folder corrupt it, so a second process is refused.
 *
 * The lock file names its holder by pid, the process's start time (field 22 of
 * /proc/<pid>/stat, in clock ticks since boot) and the machine's boot id. A pid alone
 * is not an identity: a restarted container gets the same pid again (often 1), and a
 * lock left by a kill -9 would then look like our own. A holder counts as alive only
 * if a process with that pid exists *and* started at the recorded time in the same
 * boot; anything else is a stale lock from a crash and is taken over.
 * Where /proc is missing (not Linux) the lock falls back to "is that pid alive".
 */
import fs from 'node:fs';
import path from 'node:path';

export type DirLock = { path: string; release(): void };

/** Who holds the lock. `start` and `boot` are null where /proc cannot tell them. */
export type LockHolder = { pid: number; start: string | null; boot: string | null };

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data folder ${dir} is in use by another Orderly process (pid ${pid}). ` +
        'The embedded database cannot be shared: stop that process, or give this one its own ORDERLY_DATA_DIR ' +
        '(or use DATABASE_URL for several processes).',
    );
    this.name = 'DataDirLockedError';
  }
}

function readOr(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The machine's boot id: different after every reboot, shared by every container on one kernel. */
export function bootId(): string | null {
  return readOr('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

/** When `pid` started, in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. */
export function processStartTime(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Field 2 (the command name) is in parentheses and may contain spaces: count from the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19] ?? null; // fields 3.. start at index 0, so field 22 is index 19
}

export function currentHolder(): LockHolder {
  return { pid: process.pid, start: processStartTime(process.pid), boot: bootId() };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file: today's JSON form, or a bare pid written by an older version. */
export function parseHolder(text: string): LockHolder | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return { pid: v, start: null, boot: null };
    if (typeof v === 'object' && v !== null && 'pid' in v) {
      const o = v as Record<string, unknown>;
      const pid = o.pid;
      if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
      return { pid, start: typeof o.start === 'string' ? o.start : null, boot: typeof o.boot === 'string' ? o.boot : null };
    }
  } catch {
    /* not JSON */
  }
  return null;
}

/** Whether the process that wrote `holder` is still running (not merely a process with the same pid). */
export function holderAlive(holder: LockHolder): boolean {
  const boot = bootId();
  if (holder.boot !== null && boot !== null && holder.boot !== boot) return false; // written before a reboot
  const start = processStartTime(holder.pid);
  if (start !== null) return holder.start === null ? holder.pid !== process.pid : holder.start === start;
  // No /proc entry: on Linux the pid is gone; elsewhere ask the kernel.
  if (fs.existsSync('/proc/self/stat')) return false;
  return holder.pid !== process.pid && pidAlive(holder.pid);
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.start === b.start && a.boot === b.boot;
}

export function acquireDirLock(dir: string): DirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'orderly.lock');
  const me = currentHolder();
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, mine);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readOr(file) === mine) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { path: file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const text = readOr(file);
      if (text === null) continue; // released between our open and our read
      const holder = parseHolder(text);
      // This very process already holds it (a second open in one process): refuse as well.
      if (holder && sameHolder(holder, me)) throw new DataDirLockedError(dir, holder.pid);
      if (holder && holderAlive(holder)) throw new DataDirLockedError(dir, holder.pid);
      // Stale: its holder died without releasing it (or the file is unreadable garbage).
      // Remove it only if it still says what we read, so two starters cannot both take over.
      if (readOr(file) === text) fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
