import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDirLock, bootId, currentHolder, DataDirLockedError, processStartTime } from './dir-lock.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const lockFile = (dir: string) => path.join(dir, 'orderly.lock');
const onLinux = fs.existsSync('/proc/self/stat');

describe.runIf(onLinux)('the data folder lock', () => {
  it('names its holder by pid, process start time and boot id', () => {
    const dir = tempDir();
    const lock = acquireDirLock(dir);
    const held: unknown = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'));
    expect(held).toEqual({ pid: process.pid, start: processStartTime(process.pid), boot: bootId() });
    expect(currentHolder().start).toMatch(/^\d+$/);
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('a restarted container with our pid but another start time takes over the crashed lock', () => {
    const dir = tempDir();
    const me = currentHolder();
    fs.writeFileSync(lockFile(dir), JSON.stringify({ ...me, start: String(Number(me.start) - 1) }));
    const lock = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toEqual(me);
    lock.release();
  });

  it('a lock written before a reboot (another boot id) is taken over, even with our pid and start time', () => {
    const dir = tempDir();
    const me = currentHolder();
    fs.writeFileSync(lockFile(dir), JSON.stringify({ ...me, boot: '00000000-0000-0000-0000-000000000000' }));
    acquireDirLock(dir).release();
  });

  it('an old bare-pid lock holding our own pid is taken over (it cannot be ours: we have not locked yet)', () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), String(process.pid));
    acquireDirLock(dir).release();
  });

  it('a live other process is still refused with a clear message', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid ?? 0;
      // Wait until its /proc entry is there.
      for (let i = 0; i < 50 && processStartTime(pid) === null; i++) await new Promise((r) => setTimeout(r, 20));
      fs.writeFileSync(lockFile(dir), JSON.stringify({ pid, start: processStartTime(pid), boot: bootId() }));
      expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDirLock(dir)).toThrow(`is in use by another Orderly process (pid ${pid})`);
      // The same pid with another start time is a different (dead) holder: taken over.
      fs.writeFileSync(lockFile(dir), JSON.stringify({ pid, start: '1', boot: bootId() }));
      acquireDirLock(dir).release();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('a second lock in the same process is refused', () => {
    const dir = tempDir();
    const lock = acquireDirLock(dir);
    expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
  });
});
