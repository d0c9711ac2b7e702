import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, lockDataDirectory } from './data-directory-lock.js';

const directories: string[] = [];
function freshDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-lock-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

/** The PID of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data directory lock', () => {
  it('refuses a second opener while the first holds it, and allows it after release', () => {
    const directory = freshDirectory();
    const first = lockDataDirectory(directory);
    expect(() => lockDataDirectory(directory)).toThrow(DataDirectoryLockedError);
    first.release();
    const second = lockDataDirectory(directory);
    second.release();
  });

  it('names the process that holds it', () => {
    const directory = freshDirectory();
    // PID 1 is always alive: a lock it holds is live.
    fs.writeFileSync(path.join(directory, 'sportello.lock'), '1\n');
    expect(() => lockDataDirectory(directory)).toThrow(/in use by another Sportello process \(PID 1\)/);
  });

  it('takes over at once a lock left by a process that died (kill -9)', () => {
    const directory = freshDirectory();
    fs.writeFileSync(path.join(directory, 'sportello.lock'), `${deadPid()}\n`);
    const lock = lockDataDirectory(directory);
    expect(fs.readFileSync(path.join(directory, 'sportello.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(directory, 'sportello.lock'))).toBe(false);
  });

  it('takes over an unreadable lock file', () => {
    const directory = freshDirectory();
    fs.writeFileSync(path.join(directory, 'sportello.lock'), 'garbage');
    lockDataDirectory(directory).release();
  });
});
