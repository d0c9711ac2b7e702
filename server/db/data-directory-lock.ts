/**
 * One process per data directory. PGlite opened twice on one directory silently loses committed
 * rows (DESIGN §3), so a second process must be refused with a clear error.
 *
 * The lock file holds the owner's PID. A lock whose owner is no longer alive (the process was
 * killed with -9, the machine rebooted) is stale and taken over at once, so a restart after a
 * crash never waits.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirectoryLockedError extends Error {
  override name = 'DataDirectoryLockedError';
}

export interface DataDirectoryLock {
  release(): void;
}

const LOCK_FILE = 'sportello.lock';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function lockDataDirectory(directory: string): DataDirectoryLock {
  fs.mkdirSync(directory, { recursive: true });
  const lockPath = path.join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readOwner(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
        throw new DataDirectoryLockedError(
          `The data directory ${directory} is in use by another Sportello process (PID ${owner}); stop it first or set SPORTELLO_DATA_DIR to another directory.`,
        );
      }
      if (owner === process.pid) {
        throw new DataDirectoryLockedError(`The data directory ${directory} is already open in this process.`);
      }
      // Stale (owner dead or file unreadable): remove it and try again.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirectoryLockedError(`Could not lock the data directory ${directory}.`);
}
