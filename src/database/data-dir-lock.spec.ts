import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir, readOwner, runDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  const plant = (owner: object) => {
    mkdirSync(runDir(dir), { recursive: true });
    writeFileSync(join(runDir(dir), 'owner.json'), JSON.stringify(owner));
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apt-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a free dir, refuses it to the next taker while held, and frees it on release', () => {
    const lock = lockDataDir(dir, 'server');
    expect(readOwner(dir)).toMatchObject({ pid: process.pid, role: 'server' });
    expect(() => lockDataDir(dir, 'seed CLI')).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir, 'seed CLI')).toThrow(`in use by process ${process.pid} (server`);
    lock.update({ ready: true, socketDir: '/x' });
    expect(readOwner(dir)).toMatchObject({ ready: true, socketDir: '/x' });
    lock.release();
    expect(readOwner(dir)).toBeNull();
    lockDataDir(dir, 'seed CLI').release();
  });

  it('breaks the lock of a process that is gone', () => {
    plant({ pid: 2 ** 22 + 17, start: null, boot: null, role: 'server', since: 'then' });
    const lock = lockDataDir(dir, 'server');
    expect(readOwner(dir)).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('breaks the lock of a dead process whose pid now belongs to another (a restart reused it)', () => {
    const mine = lockDataDir(dir, 'server');
    const owner = readOwner(dir)!;
    mine.release();
    expect(owner.start).not.toBeNull(); // Linux: the start time tells a reused pid apart
    plant({ ...owner, start: String(Number(owner.start) - 1) });
    lockDataDir(dir, 'server').release();
  });

  it('leaves alone a lock another process put in place of its own', () => {
    const lock = lockDataDir(dir, 'server');
    plant({ pid: 1, start: null, boot: null, role: 'other', since: 'now' });
    lock.release();
    expect(readOwner(dir)).toMatchObject({ pid: 1, role: 'other' });
  });
});
