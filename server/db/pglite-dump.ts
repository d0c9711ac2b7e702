/**
 * The embedded database opened offline, in this process, for the maintenance commands (backup,
 * restore, export-to-postgres).
 *
 * Why in-process and offline: the only pg_dump that accepts a PGlite (PostgreSQL 18) database is
 * PGlite's own WASM build (`@electric-sql/pglite-tools`) — Debian's pg_dump 15 refuses it — and it
 * talks to the PGlite instance itself, not to a socket (DESIGN §3). While Sportello runs, that
 * instance lives in the server's worker thread, and a second process opening the same cluster
 * silently loses committed rows. So these commands take the data-directory lock (refusing while
 * Sportello runs) and open the cluster here. The lock also makes the dump and the copy of `files/`
 * one consistent moment: nothing else can write either while it is held.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { lockDataDirectory } from './data-directory-lock.js';

/** The embedded database could not be opened or dumped; the message is one line for the user. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** The same extensions as `pglite.worker.ts`: a restored dump runs `CREATE EXTENSION` for them. */
const extensions = { pg_trgm, unaccent, pgcrypto };

/** Rows per INSERT in a dump: multi-row inserts load an order of magnitude faster than one per row. */
const ROWS_PER_INSERT = 200;

export function clusterDirectoryOf(dataDirectory: string): string {
  return path.join(dataDirectory, 'pgdata');
}

/** True when the data directory holds an initialised PGlite cluster (not merely an empty folder). */
export function hasEmbeddedDatabase(dataDirectory: string): boolean {
  return fs.existsSync(path.join(clusterDirectoryOf(dataDirectory), 'PG_VERSION'));
}

/**
 * Runs `work` holding the data-directory lock; throws `DataDirectoryLockedError` (one line naming
 * the PID) when Sportello, or another command, has the directory open.
 */
export async function withDataDirectoryLocked<T>(dataDirectory: string, work: () => Promise<T>): Promise<T> {
  const lock = lockDataDirectory(dataDirectory);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/**
 * Opens (or, for an empty directory, creates) a cluster in this process and passes it to `work`,
 * then checkpoints and closes it. The caller must hold the data-directory lock.
 */
export async function withPgliteInProcess<T>(clusterDirectory: string, work: (db: PGlite) => Promise<T>): Promise<T> {
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: clusterDirectory, extensions });
  } catch (error) {
    throw new EmbeddedDatabaseError(`cannot open the embedded database in ${clusterDirectory}: ${oneLine(error)}`);
  }
  try {
    await db.exec("SET TimeZone = 'UTC'");
    return await work(db);
  } finally {
    if (!db.closed) {
      await db.exec('CHECKPOINT').catch(() => undefined);
      await db.close();
    }
  }
}

export interface DumpOptions {
  /**
   * Precede every CREATE with a `DROP … IF EXISTS`, so loading the dump replaces the objects it
   * contains (export with `--force`).
   */
  clean?: boolean;
}

/**
 * A plain-SQL dump of the whole database (schemas `public` and `pgboss`, extensions, data, sequence
 * positions), without owners or grants so that it loads as whichever role restores it.
 * The whole dump is held in memory (pg_dump writes it to PGlite's in-memory file system): fine for
 * the desks the embedded database is meant for; a larger desk belongs on PostgreSQL.
 */
export async function dumpPglite(db: PGlite, options: DumpOptions = {}): Promise<string> {
  const args = ['--no-owner', '--no-privileges', `--rows-per-insert=${ROWS_PER_INSERT}`];
  if (options.clean) args.push('--clean', '--if-exists');
  try {
    const file = await pgDump({ pg: db, args });
    return await file.text();
  } catch (error) {
    throw new EmbeddedDatabaseError(`pg_dump of the embedded database failed: ${oneLine(error)}`);
  }
}

export interface DatabaseFacts {
  /** e.g. "18.6" */
  serverVersion: string;
  /** How many migrations are recorded in `public.schema_migrations` (0 for a database never migrated). */
  migrations: number;
}

export async function readDatabaseFacts(db: PGlite): Promise<DatabaseFacts> {
  const version = await db.query<{ server_version: string }>('SHOW server_version');
  const table = await db.query<{ present: boolean }>(
    "SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present",
  );
  let migrations = 0;
  if (table.rows[0]?.present) {
    const count = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM public.schema_migrations');
    migrations = count.rows[0]?.count ?? 0;
  }
  return { serverVersion: version.rows[0]?.server_version ?? 'unknown', migrations };
}

/** An error's message on one line (pg_dump's span several). */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
