/**
 * `npm run backup -- [--output FILE|DIRECTORY]`: the embedded database (as a SQL dump made by
 * PGlite's pg_dump) and the attachment files, in one tar.gz (layout: backup/backup-archive.ts).
 * Default output: `./backups/sportello-YYYYMMDD-HHMMSS.tar.gz` (UTC).
 *
 * Consistency: the command takes the data-directory lock, so it refuses while Sportello runs and
 * nothing can change the database or `files/` while it copies them (stop Sportello, back up,
 * start again: a dump of a desk sized for the embedded database takes seconds).
 *
 * With DATABASE_URL set, the database lives on a PostgreSQL server and is backed up with that
 * server's own tools (pg_dump / pg_basebackup); the command refuses (exit 1) rather than writing an
 * archive that holds the files only and could be mistaken for a full backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  listTree,
  writeBackupArchive,
  FILES_DIRECTORY,
  SECRET_KEY_NAME,
  type BackupManifest,
} from '../backup/backup-archive.js';
import { DataDirectoryLockedError } from '../db/data-directory-lock.js';
import {
  clusterDirectoryOf,
  dumpPglite,
  hasEmbeddedDatabase,
  readDatabaseFacts,
  withDataDirectoryLocked,
  withPgliteInProcess,
} from '../db/pglite-dump.js';
import { readPackageVersion } from '../version.js';
import {
  CommandError,
  formatBytes,
  loadCommandConfig,
  parseCommandArguments,
  runGuarded,
  whileRunning,
} from './command-support.js';

const USAGE = 'npm run backup -- [--output FILE]';

function defaultFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `sportello-${stamp}.tar.gz`;
}

function resolveOutput(option: string | undefined, now: Date): string {
  if (!option) return path.resolve('backups', defaultFileName(now));
  const resolved = path.resolve(option);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) return path.join(resolved, defaultFileName(now));
  return resolved;
}

function isInside(directory: string, file: string): boolean {
  const relative = path.relative(directory, file);
  return relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

export async function runCommand(args: string[]): Promise<number> {
  return runGuarded('backup', async () => {
    const { values, positionals } = parseCommandArguments(args, { output: { type: 'string', short: 'o' } }, USAGE);
    if (positionals.length > 0) throw new CommandError(`unexpected argument ${positionals[0]} — usage: ${USAGE}`, 2);
    const config = loadCommandConfig();
    if (config.databaseUrl) {
      throw new CommandError(
        `DATABASE_URL is set, so the database is on a PostgreSQL server: back it up with that server's tools (pg_dump), and ${path.join(config.dataDirectory, FILES_DIRECTORY)} with your file backups; \`npm run backup\` covers the embedded database only`,
      );
    }
    const dataDirectory = config.dataDirectory;
    if (!hasEmbeddedDatabase(dataDirectory)) {
      throw new CommandError(`no embedded database in ${dataDirectory} (check SPORTELLO_DATA_DIR): nothing to back up`);
    }
    const now = new Date();
    const output = resolveOutput(values.output, now);
    if (fs.existsSync(output)) throw new CommandError(`${output} already exists; choose another --output`);
    if (isInside(dataDirectory, output)) {
      // A restore with --force replaces the data directory: a backup kept there would go with it.
      throw new CommandError(`the backup must be written outside the data directory ${dataDirectory}`);
    }
    fs.mkdirSync(path.dirname(output), { recursive: true });

    let manifest: BackupManifest;
    try {
      manifest = await withDataDirectoryLocked(dataDirectory, async () => {
        const { databaseSql, facts } = await withPgliteInProcess(clusterDirectoryOf(dataDirectory), async (db) => ({
          facts: await readDatabaseFacts(db),
          databaseSql: await dumpPglite(db),
        }));
        const secretKeyPath = path.join(dataDirectory, SECRET_KEY_NAME);
        const secretKey = fs.existsSync(secretKeyPath) ? fs.readFileSync(secretKeyPath) : null;
        const { items, skipped } = listTree(path.join(dataDirectory, FILES_DIRECTORY), FILES_DIRECTORY);
        const files = items.filter((item) => item.stat.isFile());
        const contents = {
          manifest: {
            format: 'sportello-backup',
            formatVersion: 1,
            sportelloVersion: readPackageVersion(),
            createdAt: now.toISOString(),
            database: { kind: 'pglite', serverVersion: facts.serverVersion, migrations: facts.migrations },
            files: { count: files.length, bytes: files.reduce((sum, item) => sum + item.stat.size, 0) },
            secretKey: secretKey !== null,
          } satisfies BackupManifest,
          databaseSql,
          secretKey,
          files: items,
        };
        await writeBackupArchive(output, contents);
        if (skipped > 0)
          process.stderr.write(`sportello backup: skipped ${skipped} entries in files/ that are not regular files\n`);
        return contents.manifest;
      });
    } catch (error) {
      if (error instanceof DataDirectoryLockedError) {
        throw whileRunning(error, dataDirectory, 'run the backup');
      }
      throw error;
    }

    const size = fs.statSync(output).size;
    process.stdout.write(
      `Backup written to ${output} (${formatBytes(size)}): database with ${manifest.database.migrations} migrations, ${manifest.files.count} attachment files (${formatBytes(manifest.files.bytes)}).\n`,
    );
    if (manifest.secretKey) {
      process.stdout.write(
        `It includes the secret key generated in ${dataDirectory}: keep the backup as safe as the data directory.\n`,
      );
    }
    return 0;
  });
}
