/**
 * The real process: start-up faults end with one clear line; one data directory, one process;
 * kill -9 in the middle of writes loses no acknowledged write and the desk restarts at once.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectStartFailure, startSportello } from './test-support/sportello-process.js';

const directories: string[] = [];
function freshDataDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-process-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

// Each test starts real processes (PGlite, migrations, demo data): on a busy 2-core machine one
// start can take most of a minute, so the budget is the processes' own start timeout, not 30 s.
const PROCESS_TEST_TIMEOUT = 180_000;

const fastHashing = { SPORTELLO_LOGIN_RATE_LIMIT: '100000' };

describe('start-up faults', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('stops with one line on invalid configuration', async () => {
    const result = await expectStartFailure({
      DATABASE_URL: 'mysql://nowhere',
      SPORTELLO_DATA_DIR: freshDataDirectory(),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });

  it('stops with one line when PostgreSQL cannot be reached', async () => {
    const result = await expectStartFailure({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
      SPORTELLO_DATA_DIR: freshDataDirectory(),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Cannot connect to the database/);
  });

  it('stops with one line when the data directory is not writable', async () => {
    const file = path.join(freshDataDirectory(), 'a-file');
    fs.writeFileSync(file, '');
    const result = await expectStartFailure({ SPORTELLO_DATA_DIR: path.join(file, 'data') });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/not writable; set SPORTELLO_DATA_DIR/);
  });

  it('stops with one line when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await expectStartFailure({ PORT: String(port), SPORTELLO_DATA_DIR: freshDataDirectory() });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });
});

describe('one process per data directory, and crashes', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('refuses a second process on the same data directory', async () => {
    const dataDirectory = freshDataDirectory();
    const first = await startSportello({ SPORTELLO_DATA_DIR: dataDirectory });
    try {
      const second = await expectStartFailure({ SPORTELLO_DATA_DIR: dataDirectory });
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toMatch(/in use by another Sportello process/);
      // The first one is unharmed.
      expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
  });

  it('keeps every acknowledged write through kill -9 and restarts at once', async () => {
    const dataDirectory = freshDataDirectory();
    const environment = { SPORTELLO_DATA_DIR: dataDirectory, SPORTELLO_DEMO: '1', ...fastHashing };
    const first = await startSportello(environment);
    const tokenResponse = await fetch(`${first.url}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'sportello', name: 'crash test' }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };

    // Four writers create organisations until the process dies; each remembers what was acknowledged.
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (writerIndex: number) => {
      for (let index = 0; !stop; index += 1) {
        const name = `Crash ${writerIndex}-${index}`;
        try {
          const response = await fetch(`${first.url}/api/v1/organizations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ name }),
          });
          if (response.status === 201) acknowledged.push(name);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    // Kill once a good number of writes went through (a condition, not a sleep).
    while (acknowledged.length < 40) await new Promise((resolve) => setImmediate(resolve));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const second = await startSportello(environment);
    try {
      const names = new Set<string>();
      let cursor: string | null = null;
      do {
        const url: string = `${second.url}/api/v1/organizations?limit=200&q=Crash${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          items: { name: string }[];
          nextCursor: string | null;
        };
        for (const item of page.items) names.add(item.name);
        cursor = page.nextCursor;
      } while (cursor);
      const lost = acknowledged.filter((name) => !names.has(name));
      expect(lost).toEqual([]);
      // And it takes new writes.
      const after = await fetch(`${second.url}/api/v1/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'After the crash' }),
      });
      expect(after.status).toBe(201);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 240_000);
});
