/**
 * `npm run restore -- FILE [--force]`: replaces the embedded database, the attachment files and
 * (when the backup has one) the generated secret key of the data directory with those of a backup
 * made by `npm run backup`, then applies the migrations this version has and the backup lacks.
 *
 * Safety: it holds the data-directory lock (refusing while Sportello runs); it refuses a data
 * directory that already has a database or attachments unless `--force`; it builds the new
 * cluster beside the old one and swaps them only once the dump has loaded, so a damaged backup
 * leaves the data directory as it was. The replaced data is deleted once the swap succeeded.
 * With DATABASE_URL set it refuses: a PostgreSQL database is restored with that server's tools.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  DATABASE_DUMP_NAME,
  extractBackupArchive,
  FILES_DIRECTORY,
  SECRET_KEY_NAME,
  type BackupManifest,
} from '../backup/backup-archive.js';
import { DataDirectoryLockedError } from '../db/data-directory-lock.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations, migrationsFolder } from '../db/migrate.js';
import {
  clusterDirectoryOf,
  hasEmbeddedDatabase,
  oneLine,
  withDataDirectoryLocked,
  withPgliteInProcess,
} from '../db/pglite-dump.js';
import { runSqlStatements, splitSqlStatements, SqlScriptError } from '../db/sql-script.js';
import {
  CommandError,
  EXIT_USAGE,
  loadCommandConfig,
  parseCommandArguments,
  runGuarded,
  whileRunning,
} from './command-support.js';

const USAGE = 'npm run restore -- FILE [--force]';
const REPLACED = ['pgdata', FILES_DIRECTORY, SECRET_KEY_NAME];

/** How many migrations this version ships (a backup recording more comes from a newer Sportello). */
function knownMigrations(): number | null {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    return journal.entries.length;
  } catch {
    return null;
  }
}

function existingData(dataDirectory: string): string[] {
  const found: string[] = [];
  if (hasEmbeddedDatabase(dataDirectory)) found.push('a database');
  const files = path.join(dataDirectory, FILES_DIRECTORY);
  if (fs.existsSync(files) && fs.readdirSync(files).length > 0) found.push('attachment files');
  return found;
}

async function restoreLocked(archive: string, dataDirectory: string, force: boolean): Promise<BackupManifest> {
  const existing = existingData(dataDirectory);
  if (existing.length > 0 && !force) {
    throw new CommandError(
      `${dataDirectory} already holds ${existing.join(' and ')}; a restore replaces them: add --force to confirm`,
    );
  }
  const staging = fs.mkdtempSync(path.join(dataDirectory, '.restore-'));
  const aside = path.join(dataDirectory, `.before-restore-${path.basename(staging).slice('.restore-'.length)}`);
  const moved: string[] = [];
  try {
    const manifest = await extractBackupArchive(archive, staging);
    const known = knownMigrations();
    if (known !== null && manifest.database.migrations > known) {
      throw new CommandError(
        `the backup comes from a newer Sportello (${manifest.sportelloVersion}, ${manifest.database.migrations} migrations; this one has ${known}): upgrade Sportello first`,
      );
    }
    const currentKey = path.join(dataDirectory, SECRET_KEY_NAME);
    if (manifest.secretKey && !force && fs.existsSync(currentKey)) {
      const incoming = fs.readFileSync(path.join(staging, SECRET_KEY_NAME));
      if (!incoming.equals(fs.readFileSync(currentKey))) {
        throw new CommandError(
          `${currentKey} differs from the backup's secret key; a restore replaces it: add --force to confirm`,
        );
      }
    }

    const statements = splitSqlStatements(fs.readFileSync(path.join(staging, DATABASE_DUMP_NAME), 'utf8'));
    await withPgliteInProcess(clusterDirectoryOf(staging), async (db) => {
      await db.exec('BEGIN');
      await runSqlStatements((text) => db.exec(text), statements);
      await db.exec('COMMIT');
    });

    fs.mkdirSync(aside);
    for (const name of REPLACED) {
      if (name === SECRET_KEY_NAME && !manifest.secretKey) continue; // keep the key the desk has
      if (!fs.existsSync(path.join(dataDirectory, name))) continue;
      fs.renameSync(path.join(dataDirectory, name), path.join(aside, name));
      moved.push(name);
    }
    for (const name of REPLACED) {
      if (fs.existsSync(path.join(staging, name)))
        fs.renameSync(path.join(staging, name), path.join(dataDirectory, name));
    }
    fs.rmSync(aside, { recursive: true, force: true });
    return manifest;
  } catch (error) {
    for (const name of moved) {
      fs.rmSync(path.join(dataDirectory, name), { recursive: true, force: true });
      fs.renameSync(path.join(aside, name), path.join(dataDirectory, name));
    }
    fs.rmSync(aside, { recursive: true, force: true });
    if (error instanceof SqlScriptError) throw new CommandError(`the backup's database did not load: ${error.message}`);
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function runCommand(args: string[]): Promise<number> {
  return runGuarded('restore', async () => {
    const { values, positionals } = parseCommandArguments(args, { force: { type: 'boolean' } }, USAGE);
    if (positionals.length !== 1) throw new CommandError(`name one backup file — usage: ${USAGE}`, EXIT_USAGE);
    const config = loadCommandConfig();
    if (config.databaseUrl) {
      throw new CommandError(
        "DATABASE_URL is set, so the database is on a PostgreSQL server: restore it with that server's tools (psql, pg_restore); `npm run restore` restores the embedded database only (unset DATABASE_URL to restore into the data directory)",
      );
    }
    const archive = path.resolve(positionals[0]!);
    if (!fs.existsSync(archive)) throw new CommandError(`${archive}: no such file`);
    if (!fs.statSync(archive).isFile()) throw new CommandError(`${archive} is not a file`);
    const dataDirectory = config.dataDirectory;

    let manifest: BackupManifest;
    try {
      manifest = await withDataDirectoryLocked(dataDirectory, () =>
        restoreLocked(archive, dataDirectory, values.force === true),
      );
    } catch (error) {
      if (error instanceof DataDirectoryLockedError) {
        throw whileRunning(error, dataDirectory, 'run the restore');
      }
      throw error;
    }

    try {
      const database = await openDatabase({ databaseUrl: null, dataDirectory });
      try {
        await applyMigrations(database);
      } finally {
        await database.close();
      }
    } catch (error) {
      throw new CommandError(
        `the backup was restored into ${dataDirectory}, but applying the migrations failed (${oneLine(error)}): run \`npm run migrate\``,
      );
    }
    process.stdout.write(
      `Restored the backup of ${manifest.createdAt} (Sportello ${manifest.sportelloVersion}, ${manifest.files.count} attachment files) into ${dataDirectory}; migrations applied.\n`,
    );
    return 0;
  });
}
