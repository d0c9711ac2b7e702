/**
 * Extracts a tar.gz with node-tar, for archives that may come from anywhere: a backup is a file
 * the operator was handed, so a crafted one must fail loudly rather than write outside its
 * destination, plant a link, or overwrite what it already wrote.
 *
 * Two layers. `filter` sees every entry before node-tar writes it and refuses, with its reason,
 * anything but a regular file or directory under a relative, normalised, expected name (no
 * absolute path, no `..`, no name twice); after a refusal it lets nothing else through, and the
 * extraction fails once node-tar has settled. `strict` turns every node-tar warning into an error,
 * so damage (bad checksum, truncation, a gzip error) and node-tar's own path checks (which also
 * strip roots and refuse `..`) fail the extraction instead of being skipped with a warning.
 */
import path from 'node:path';
import type { Stats } from 'node:fs';
import { extract, ReadEntry } from 'tar';

/** A damaged or unexpected archive: its message is one line for the user. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** The entry types a backup holds; 'OldFile' is a regular file in a pre-POSIX header. */
const EXTRACTED_TYPES = new Set(['File', 'OldFile', 'Directory']);

/** A relative, normalised path inside the archive, or null when it could escape or mislead. */
function safeName(name: string): string | null {
  const normalised = path.posix.normalize(name).replace(/\/$/, '');
  if (normalised === '' || normalised === '.' || normalised.includes('\0') || normalised.includes('\\')) return null;
  if (path.posix.isAbsolute(normalised) || /^[A-Za-z]:/.test(normalised)) return null;
  return normalised.split('/').includes('..') ? null : normalised;
}

/** node-tar's failures carry `tarCode`; an errno (ENOSPC, EACCES…) is the user's to fix as is. */
function describe(error: unknown, archive: string): unknown {
  const { tarCode, code } = (error ?? {}) as { tarCode?: unknown; code?: unknown };
  if (typeof tarCode !== 'string' || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) return error;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (tarCode === 'TAR_ABORT' || /Unrecognized archive format/.test(message)) {
    return new ArchiveError(`${archive} is not a gzip-compressed archive, or it is damaged`);
  }
  if (/Truncated input/.test(message)) return new ArchiveError(`${archive} is truncated`);
  return new ArchiveError(`${archive} is damaged (${message.replace(/^TAR_[A-Z_]+: /, '')})`);
}

/**
 * Extracts `archive` into the existing, empty directory `destination`. `accept(name)` decides
 * which names may appear: an unexpected one fails the extraction. Returns the regular files'
 * names, in archive order.
 */
export async function extractTarGz(
  archive: string,
  destination: string,
  accept: (name: string) => boolean,
): Promise<string[]> {
  const files: string[] = [];
  const seen = new Map<string, 'file' | 'directory'>();
  // An object, not a `let`: TypeScript does not see assignments made inside `filter`.
  const state: { refusal: ArchiveError | null } = { refusal: null };
  const refuse = (message: string): false => {
    state.refusal ??= new ArchiveError(message);
    return false;
  };

  const filter = (name: string, entry: ReadEntry | Stats): boolean => {
    if (state.refusal) return false;
    if (!(entry instanceof ReadEntry)) return refuse(`unexpected entry in the archive: ${name}`);
    if (!EXTRACTED_TYPES.has(entry.type)) {
      return refuse(`the archive holds an unsupported entry (${entry.type}): ${JSON.stringify(name)}`);
    }
    const safe = safeName(name);
    if (safe === null) return refuse(`the archive holds an unsafe path: ${JSON.stringify(name)}`);
    if (!accept(safe)) return refuse(`unexpected entry in the archive: ${safe}`);
    const kind = entry.type === 'Directory' ? 'directory' : 'file';
    if (seen.has(safe) && (kind === 'file' || seen.get(safe) === 'file')) {
      return refuse(`the archive is damaged (${safe} appears twice)`);
    }
    seen.set(safe, kind);
    // Permission bits only (no setuid, sticky…); a directory stays usable by its owner.
    entry.mode = kind === 'file' ? (entry.mode ?? 0o600) & 0o777 : ((entry.mode ?? 0o755) & 0o777) | 0o700;
    if (kind === 'file') files.push(safe);
    return true;
  };

  try {
    // preserveOwner: false, or a restore run as root would chown files to the archive's uids.
    await extract({ file: archive, cwd: destination, strict: true, preserveOwner: false, filter });
  } catch (error) {
    throw state.refusal ?? describe(error, archive);
  }
  if (state.refusal) throw state.refusal;
  return files;
}
