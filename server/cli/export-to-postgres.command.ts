/**
 * `npm run export-to-postgres -- DATABASE_URL [--force]`: moves an embedded desk to PostgreSQL 15+
 * when it outgrows one machine (DESIGN §3).
 *
 * The embedded database is dumped by PGlite's own pg_dump (Debian's pg_dump 15 refuses PGlite's
 * PostgreSQL 18), the few statements PostgreSQL 15 or a non-superuser cannot run are dropped, and
 * the rest is loaded in one transaction: the target gets everything or nothing. The dump carries
 * the `pgboss` schema (jobs, queues, pg-boss's version) and `public.schema_migrations`, so a server
 * started on the target neither re-runs the migrations nor re-creates pg-boss's schema.
 *
 * A target that already holds Sportello (`public.schema_migrations` or a `pgboss` schema) is
 * refused unless `--force`, which drops the `pgboss` schema and every object the dump creates
 * before creating them again (other tables of the target are left alone).
 * The embedded data directory is not modified; the attachments in `files/` are moved by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DataDirectoryLockedError } from '../db/data-directory-lock.js';
import {
  clusterDirectoryOf,
  dumpPglite,
  hasEmbeddedDatabase,
  oneLine,
  readDatabaseFacts,
  withDataDirectoryLocked,
  withPgliteInProcess,
} from '../db/pglite-dump.js';
import { runSqlStatements, splitSqlStatements, SqlScriptError } from '../db/sql-script.js';
import {
  CommandError,
  EXIT_USAGE,
  loadCommandConfig,
  parseCommandArguments,
  redactUrl,
  runGuarded,
  whileRunning,
} from './command-support.js';

const USAGE = 'npm run export-to-postgres -- DATABASE_URL [--force]';

/** Statements of a PGlite dump that the target must not run. */
const DROPPED_STATEMENTS: RegExp[] = [
  // A PostgreSQL 17+ setting: PostgreSQL 15 stops at it.
  /^SET\s+transaction_timeout\b/i,
  // Only the extension's owner may comment on it; the comment is the extension's stock text anyway.
  /^COMMENT\s+ON\s+EXTENSION\b/i,
  // (--force) Extensions may serve other objects of the target; `CREATE EXTENSION IF NOT EXISTS` follows.
  /^DROP\s+EXTENSION\b/i,
];

export function adaptDumpForPostgres(statements: readonly string[]): string[] {
  return statements.filter((statement) => !DROPPED_STATEMENTS.some((pattern) => pattern.test(statement)));
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    application_name: 'sportello-export',
    options: '-c TimeZone=UTC',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CommandError(`cannot connect to ${redactUrl(url)}: ${oneLine(error)}`);
  }
}

async function checkTarget(client: pg.Client, url: string, force: boolean): Promise<void> {
  const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  if (Number(version.rows[0]?.server_version_num) < 150000) {
    throw new CommandError(`${redactUrl(url)} runs PostgreSQL older than 15; Sportello needs 15 or later`);
  }
  const found = await client.query<{ migrations: boolean; pgboss: boolean }>(
    `SELECT to_regclass('public.schema_migrations') IS NOT NULL AS migrations,
            EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') AS pgboss`,
  );
  const row = found.rows[0];
  if (!force && (row?.migrations || row?.pgboss)) {
    throw new CommandError(
      `${redactUrl(url)} already holds Sportello tables; use an empty database, or add --force to replace them`,
    );
  }
}

async function load(
  client: pg.Client,
  statements: readonly string[],
  force: boolean,
  migrations: number,
): Promise<void> {
  await client.query('BEGIN');
  try {
    if (force) await client.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    await runSqlStatements((text) => client.query(text), statements);
    const recorded = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM public.schema_migrations',
    );
    if (recorded.rows[0]?.count !== migrations) {
      throw new CommandError(
        `the target records ${recorded.rows[0]?.count} migrations instead of ${migrations}; nothing was changed`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof SqlScriptError) {
      throw new CommandError(`loading into PostgreSQL failed, nothing was changed: ${error.message}`);
    }
    throw error;
  }
  // Fresh statistics, so the planner does not guess on the first queries.
  await client.query('ANALYZE');
}

export async function runCommand(args: string[]): Promise<number> {
  return runGuarded('export-to-postgres', async () => {
    const { values, positionals } = parseCommandArguments(args, { force: { type: 'boolean' } }, USAGE);
    if (positionals.length !== 1) throw new CommandError(`name the target database URL — usage: ${USAGE}`, EXIT_USAGE);
    const url = positionals[0]!;
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new CommandError(`the target must be a postgres:// URL — usage: ${USAGE}`, EXIT_USAGE);
    const force = values.force === true;
    const config = loadCommandConfig();
    if (config.databaseUrl) {
      throw new CommandError(
        `DATABASE_URL is set, so this desk already uses PostgreSQL; unset it to export the embedded database in ${config.dataDirectory}`,
      );
    }
    const dataDirectory = config.dataDirectory;
    if (!hasEmbeddedDatabase(dataDirectory)) {
      throw new CommandError(`no embedded database in ${dataDirectory} (check SPORTELLO_DATA_DIR): nothing to export`);
    }

    const client = await connect(url);
    try {
      await checkTarget(client, url, force);
      let dump: { sql: string; migrations: number };
      try {
        dump = await withDataDirectoryLocked(dataDirectory, () =>
          withPgliteInProcess(clusterDirectoryOf(dataDirectory), async (db) => ({
            migrations: (await readDatabaseFacts(db)).migrations,
            sql: await dumpPglite(db, { clean: force }),
          })),
        );
      } catch (error) {
        if (error instanceof DataDirectoryLockedError) {
          throw whileRunning(error, dataDirectory, 'run the export');
        }
        throw error;
      }
      await load(client, adaptDumpForPostgres(splitSqlStatements(dump.sql)), force, dump.migrations);
    } finally {
      await client.end().catch(() => undefined);
    }

    const lines = [
      `Exported the embedded database in ${dataDirectory} to ${redactUrl(url)}.`,
      'To run Sportello on PostgreSQL from now on:',
      `  1. set DATABASE_URL=${url} in Sportello's environment (on every node);`,
      `  2. move the attachments: copy ${path.join(dataDirectory, 'files')} to the data directory (SPORTELLO_DATA_DIR) of the node(s) that will run Sportello, or to their shared storage;`,
    ];
    const secretKey = path.join(dataDirectory, 'secret.key');
    if (fs.existsSync(secretKey)) {
      lines.push(
        `  3. set SPORTELLO_SECRET_KEY to the content of ${secretKey} on every node (stored credentials are encrypted with it);`,
      );
    }
    lines.push('Keep the embedded desk stopped: changes made there from now on are not in PostgreSQL.');
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
