/**
 * Backup, restore and export-to-postgres on real databases. One embedded desk is made the way a
 * server leaves it (migrations, pg-boss's schema) plus rows, an attachment and a generated secret
 * key; it is backed up, restored into another data directory and compared, and — when
 * TEST_DATABASE_URL names a PostgreSQL server — exported into a fresh database there.
 * A fresh PGlite costs seconds and hundreds of MB, so the file opens as few as it can.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { Header } from 'tar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.js';
import { applyMigrations, migrationsFolder } from '../db/migrate.js';
import { JobQueue } from '../jobs/job-queue.js';
import { emailAddresses, organizations, users } from '../modules/identity/identity.schema.js';
import { runCommand as backup } from './backup.command.js';
import { runCommand as exportToPostgres } from './export-to-postgres.command.js';
import { runCommand as restore } from './restore.command.js';

const SLOW = 240_000;
const ORGANIZATION_ID = '0b6f1f4e-8f7a-4c55-9d7e-6a1f0f3b9a01';
const USER_ID = '5d3c2b1a-0f9e-4d8c-8b7a-6e5f4d3c2b1a';
// Quotes, a `;` before a newline, a dollar quote and accents: what a naive dump splitter gets wrong.
const ORGANIZATION_NAME = "Caffè dell'Ufficio;\nS.p.A. $$ $x$ — “Milano”";
const ATTACHMENT = path.join('files', 'ab', 'cd', 'abcd0123456789');
const ATTACHMENT_BYTES = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(70_000)]);
const MIGRATIONS = (
  JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

const directories: string[] = [];
function temporaryDirectory(label: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `sportello-${label}-`));
  directories.push(directory);
  return directory;
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command function as `npm run …` would, with SPORTELLO_DATA_DIR set and no DATABASE_URL. */
async function run(
  command: (args: string[]) => Promise<number>,
  args: string[],
  environment: Record<string, string>,
): Promise<CommandResult> {
  vi.stubEnv('DATABASE_URL', '');
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await command(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    vi.unstubAllEnvs();
  }
}

function expectOneLineFailure(result: CommandResult, pattern: RegExp, code = 1): void {
  expect(result.code).toBe(code);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** An embedded desk as a started server leaves it, with rows, an attachment and a generated key. */
async function makeDesk(dataDirectory: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: null, dataDirectory });
  try {
    await applyMigrations(database);
    const jobs = new JobQueue(database, { work: false, schedule: false, pollingIntervalSeconds: 1 });
    await jobs.start(() => undefined);
    await jobs.stop();
    await database.transaction(async (tx) => {
      await tx
        .insert(organizations)
        .values({ id: ORGANIZATION_ID, name: ORGANIZATION_NAME, domains: ['acme.it', 'acme.com'] });
      await tx.insert(users).values({ id: USER_ID, name: 'Giulia Bianchi', role: 'agent', language: 'it' });
      await tx.insert(emailAddresses).values({ address: 'giulia@acme.it', userId: USER_ID });
    });
    // Three tickets' numbers taken this year: the year's sequence (ADR 0013) must move with the desk.
    for (let taken = 0; taken < 3; taken += 1) await database.pool.query('SELECT ticket_number_next(2026)');
  } finally {
    await database.close();
  }
  fs.mkdirSync(path.dirname(path.join(dataDirectory, ATTACHMENT)), { recursive: true });
  fs.writeFileSync(path.join(dataDirectory, ATTACHMENT), ATTACHMENT_BYTES);
  fs.writeFileSync(path.join(dataDirectory, 'secret.key'), `${randomBytes(32).toString('base64url')}\n`, {
    mode: 0o600,
  });
}

let source: string;
beforeAll(async () => {
  source = temporaryDirectory('source');
  await makeDesk(source);
}, SLOW);

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it(
    'backs up an embedded desk and restores it, rows, attachments and key, into another data directory',
    async () => {
      const archive = path.join(temporaryDirectory('backups'), 'desk.tar.gz');
      const backedUp = await run(backup, ['--output', archive], { SPORTELLO_DATA_DIR: source });
      expect(backedUp.stderr).toBe('');
      expect(backedUp.code).toBe(0);
      expect(backedUp.stdout).toMatch(/Backup written to .*desk\.tar\.gz/);
      expect(fs.existsSync(`${archive}.partial`)).toBe(false);

      const target = temporaryDirectory('restored');
      const restored = await run(restore, [archive], { SPORTELLO_DATA_DIR: target });
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/Restored the backup of .* migrations applied/);

      expect(fs.readFileSync(path.join(target, ATTACHMENT)).equals(ATTACHMENT_BYTES)).toBe(true);
      expect(fs.readFileSync(path.join(target, 'secret.key'), 'utf8')).toBe(
        fs.readFileSync(path.join(source, 'secret.key'), 'utf8'),
      );
      expect(fs.readdirSync(target).filter((name) => name.startsWith('.'))).toEqual([]);

      const database = await openDatabase({ databaseUrl: null, dataDirectory: target });
      try {
        const [organization] = await database.orm
          .select()
          .from(organizations)
          .where(eq(organizations.id, ORGANIZATION_ID));
        expect(organization?.name).toBe(ORGANIZATION_NAME);
        expect(organization?.domains).toEqual(['acme.it', 'acme.com']);
        const [address] = await database.orm.select().from(emailAddresses).where(eq(emailAddresses.userId, USER_ID));
        expect(address?.address).toBe('giulia@acme.it');
        const migrations = await database.pool.query<{ count: string }>(
          'SELECT count(*) FROM public.schema_migrations',
        );
        expect(Number(migrations.rows[0]?.count)).toBe(MIGRATIONS);
        const boss = await database.pool.query('SELECT version FROM pgboss.version');
        expect(boss.rowCount).toBe(1);
        // A restored desk keeps working: new rows get fresh ids, constraints still hold, ticket
        // numbers go on from where they were.
        await database.pool.query(`INSERT INTO organizations (name) VALUES ('Nuova')`);
        const next = await database.pool.query<{ number: string }>('SELECT ticket_number_next(2026) AS number');
        expect(Number(next.rows[0]?.number)).toBe(4);
        await expect(
          database.pool.query(`INSERT INTO email_addresses (address, user_id) VALUES ('giulia@acme.it', '${USER_ID}')`),
        ).rejects.toThrow(/duplicate key/);
      } finally {
        await database.close();
      }

      const again = await run(restore, [archive], { SPORTELLO_DATA_DIR: target });
      expectOneLineFailure(again, /already holds a database and attachment files.*--force/);
    },
    SLOW,
  );

  it('refuses to back up while Sportello holds the data directory', async () => {
    // The lock file of a live process (our parent) is what a running Sportello leaves.
    fs.writeFileSync(path.join(source, 'sportello.lock'), `${process.ppid}\n`);
    try {
      const result = await run(backup, ['--output', path.join(temporaryDirectory('backups'), 'x.tar.gz')], {
        SPORTELLO_DATA_DIR: source,
      });
      expectOneLineFailure(result, /Sportello is running on .* \(PID \d+\): stop it .* then run the backup again/);
    } finally {
      fs.rmSync(path.join(source, 'sportello.lock'), { force: true });
    }
  });

  it('ends expected faults with one line and a non-zero code', async () => {
    const empty = temporaryDirectory('empty');
    expectOneLineFailure(
      await run(restore, [path.join(empty, 'missing.tar.gz')], { SPORTELLO_DATA_DIR: empty }),
      /no such file/,
    );
    const notAnArchive = path.join(empty, 'notes.txt');
    fs.writeFileSync(notAnArchive, 'hello');
    expectOneLineFailure(
      await run(restore, [notAnArchive], { SPORTELLO_DATA_DIR: empty }),
      /not a gzip-compressed archive/,
    );
    // A crafted archive is refused before anything lands in the data directory or beside it.
    const escape = new Header({ path: '../escape', type: 'File', size: 0, mode: 0o644, mtime: new Date(0) });
    escape.encode();
    const hostile = path.join(empty, 'hostile.tar.gz');
    fs.writeFileSync(hostile, gzipSync(Buffer.concat([escape.block!, Buffer.alloc(1024)])));
    expectOneLineFailure(await run(restore, [hostile], { SPORTELLO_DATA_DIR: empty }), /unsafe path: "\.\.\/escape"/);
    expect(fs.existsSync(path.join(empty, 'escape'))).toBe(false);
    expectOneLineFailure(await run(restore, [], { SPORTELLO_DATA_DIR: empty }), /usage: npm run restore/, 2);
    expectOneLineFailure(await run(backup, ['--bogus'], { SPORTELLO_DATA_DIR: source }), /usage: npm run backup/, 2);
    expectOneLineFailure(await run(backup, [], { SPORTELLO_DATA_DIR: empty }), /no embedded database/);
    expectOneLineFailure(
      await run(backup, [], { SPORTELLO_DATA_DIR: source, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' }),
      /DATABASE_URL is set.*pg_dump/,
    );
    expectOneLineFailure(
      await run(exportToPostgres, ['postgres://nobody@127.0.0.1:1/nothing'], { SPORTELLO_DATA_DIR: source }),
      /cannot connect to postgres:\/\/nobody@127\.0\.0\.1:1\/nothing/,
    );
    // Nothing was left behind in the data directories.
    expect(fs.readdirSync(empty).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

const baseUrl = process.env.TEST_DATABASE_URL;

describe('export to PostgreSQL', () => {
  const name = `sportello_export_${randomBytes(6).toString('hex')}`;
  const targetUrl = (() => {
    if (!baseUrl) return '';
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  })();

  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    if (baseUrl) await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it.skipIf(!baseUrl)(
    'moves the embedded desk, pg-boss and migration bookkeeping included (skipped without TEST_DATABASE_URL)',
    async () => {
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      const exported = await run(exportToPostgres, [targetUrl], { SPORTELLO_DATA_DIR: source });
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain(`DATABASE_URL=${targetUrl}`);
      expect(exported.stdout).toMatch(/files/);
      expect(exported.stdout).toMatch(/SPORTELLO_SECRET_KEY/);

      const check = async () => {
        const client = new pg.Client({ connectionString: targetUrl });
        await client.connect();
        try {
          const organization = await client.query('SELECT name, domains FROM organizations WHERE id = $1', [
            ORGANIZATION_ID,
          ]);
          expect(organization.rows).toEqual([{ name: ORGANIZATION_NAME, domains: ['acme.it', 'acme.com'] }]);
          const address = await client.query('SELECT user_id FROM email_addresses WHERE address = $1', [
            'giulia@acme.it',
          ]);
          expect(address.rows).toEqual([{ user_id: USER_ID }]);
          const counts = await client.query<{ migrations: number; organizations: number; boss: number }>(
            `SELECT (SELECT count(*)::int FROM schema_migrations) AS migrations,
                    (SELECT count(*)::int FROM organizations) AS organizations,
                    (SELECT count(*)::int FROM pgboss.version) AS boss`,
          );
          expect(counts.rows[0]).toEqual({ migrations: MIGRATIONS, organizations: 1, boss: 1 });
          const numbers = await client.query('SELECT last_value FROM ticket_number_2026');
          expect(Number(numbers.rows[0]?.last_value)).toBe(3);
        } finally {
          await client.end();
        }
      };
      await check();

      // A server started on the target finds nothing to migrate, and pg-boss starts on its schema.
      const database = await openDatabase({ databaseUrl: targetUrl, dataDirectory: temporaryDirectory('pg-node') });
      try {
        await applyMigrations(database);
        const jobs = new JobQueue(database, { work: false, schedule: false, pollingIntervalSeconds: 1 });
        await jobs.start(() => undefined);
        await jobs.stop();
      } finally {
        await database.close();
      }
      await check();

      const refused = await run(exportToPostgres, [targetUrl], { SPORTELLO_DATA_DIR: source });
      expectOneLineFailure(refused, /already holds Sportello tables.*--force/);

      const forced = await run(exportToPostgres, [targetUrl, '--force'], { SPORTELLO_DATA_DIR: source });
      expect(forced.stderr).toBe('');
      expect(forced.code).toBe(0);
      await check();
    },
    SLOW,
  );
});
