/**
 * The layout of a Sportello backup, one tar.gz:
 *
 *   manifest.json  what it is: format, Sportello version, date, database kind and version, migrations
 *   database.sql   the embedded database as plain SQL (PGlite's pg_dump)
 *   secret.key     the key generated into the data directory, when the desk has one (without it,
 *                  stored mailbox passwords could not be decrypted after a restore)
 *   files/…        the attachment store (content-addressed, copied as is)
 *
 * Why a SQL dump rather than a copy of `pgdata/`: it is consistent by construction, survives a
 * PGlite upgrade that changes the cluster format, and is the same text export-to-postgres loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ArchiveError, extractTarGz } from './archive-reader.js';
import { writeTarGz, type GeneratedMember } from './archive-writer.js';

export { ArchiveError };

export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_DUMP_NAME = 'database.sql';
export const SECRET_KEY_NAME = 'secret.key';
export const FILES_DIRECTORY = 'files';

const manifestSchema = z.object({
  format: z.literal('sportello-backup'),
  formatVersion: z.literal(1),
  sportelloVersion: z.string(),
  createdAt: z.string(),
  database: z.object({
    kind: z.literal('pglite'),
    serverVersion: z.string(),
    /** Migrations recorded in the dumped database: a restore refuses a backup newer than itself. */
    migrations: z.number().int().min(0),
  }),
  files: z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0) }),
  secretKey: z.boolean(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

interface FileItem {
  name: string;
  absolute: string;
  stat: fs.Stats;
}

/**
 * Regular files and directories under `directory`, archive names prefixed with `prefix`.
 * A missing directory is an empty store (attachments are stored on first upload). Anything else
 * (symbolic links, sockets) is skipped and counted: the store never creates any.
 */
export function listTree(directory: string, prefix: string): { items: FileItem[]; skipped: number } {
  const items: FileItem[] = [];
  let skipped = 0;
  if (!fs.existsSync(directory)) return { items, skipped };
  const visit = (absolute: string, name: string) => {
    const stat = fs.lstatSync(absolute);
    if (stat.isDirectory()) {
      items.push({ name, absolute, stat });
      for (const child of fs.readdirSync(absolute).sort()) visit(path.join(absolute, child), `${name}/${child}`);
    } else if (stat.isFile()) {
      items.push({ name, absolute, stat });
    } else {
      skipped += 1;
    }
  };
  visit(directory, prefix);
  return { items, skipped };
}

export interface BackupContents {
  manifest: BackupManifest;
  databaseSql: string;
  secretKey: Buffer | null;
  files: FileItem[];
}

/**
 * Writes the archive to `output.partial`, then renames it, so a failed backup never looks complete.
 * The members come in the order a reader lists them: manifest, dump, key, then the store.
 */
export async function writeBackupArchive(output: string, contents: BackupContents): Promise<void> {
  const partial = `${output}.partial`;
  fs.rmSync(partial, { force: true });
  const generated: GeneratedMember[] = [
    { name: MANIFEST_NAME, content: Buffer.from(`${JSON.stringify(contents.manifest, null, 2)}\n`), mode: 0o644 },
    { name: DATABASE_DUMP_NAME, content: Buffer.from(contents.databaseSql, 'utf8'), mode: 0o600 },
  ];
  if (contents.secretKey) generated.push({ name: SECRET_KEY_NAME, content: contents.secretKey, mode: 0o600 });
  // listTree lists the store's own directory first, under the name FILES_DIRECTORY.
  const root = contents.files[0];
  if (root && (root.name !== FILES_DIRECTORY || !root.stat.isDirectory())) {
    throw new Error(`the archived files must be listed by listTree(…, '${FILES_DIRECTORY}')`);
  }
  const tree = root
    ? { name: FILES_DIRECTORY, directory: root.absolute, entries: contents.files.map((item) => item.name) }
    : null;
  try {
    await writeTarGz(partial, generated, new Date(contents.manifest.createdAt), tree);
    fs.renameSync(partial, output);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

function isBackupEntry(name: string): boolean {
  return (
    name === MANIFEST_NAME ||
    name === DATABASE_DUMP_NAME ||
    name === SECRET_KEY_NAME ||
    name === FILES_DIRECTORY ||
    name.startsWith(`${FILES_DIRECTORY}/`)
  );
}

/**
 * Extracts a backup into the empty directory `staging` and returns its validated manifest.
 * Anything that is not a Sportello backup of a format this version reads is an ArchiveError.
 */
export async function extractBackupArchive(archive: string, staging: string): Promise<BackupManifest> {
  const names = await extractTarGz(archive, staging, isBackupEntry);
  const manifestPath = path.join(staging, MANIFEST_NAME);
  if (!fs.existsSync(manifestPath))
    throw new ArchiveError(`${archive} is not a Sportello backup (no ${MANIFEST_NAME})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    throw new ArchiveError(`${archive} has an unreadable ${MANIFEST_NAME}`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const format = (parsed as { format?: unknown; formatVersion?: unknown } | null) ?? {};
    if (format.format === 'sportello-backup' && format.formatVersion !== 1) {
      throw new ArchiveError(
        `${archive} uses backup format ${String(format.formatVersion)}, which this Sportello cannot read; upgrade Sportello`,
      );
    }
    throw new ArchiveError(`${archive} is not a Sportello backup (${MANIFEST_NAME} does not match)`);
  }
  if (!fs.existsSync(path.join(staging, DATABASE_DUMP_NAME)))
    throw new ArchiveError(`${archive} has no ${DATABASE_DUMP_NAME}`);
  if (result.data.secretKey !== fs.existsSync(path.join(staging, SECRET_KEY_NAME))) {
    throw new ArchiveError(`${archive} is incomplete (${SECRET_KEY_NAME} does not match the manifest)`);
  }
  const files = names.filter((name) => name.startsWith(`${FILES_DIRECTORY}/`)).length;
  if (files !== result.data.files.count) {
    throw new ArchiveError(`${archive} is incomplete (${files} of ${result.data.files.count} attachment files)`);
  }
  return result.data;
}
