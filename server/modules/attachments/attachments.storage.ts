/**
 * Where attachment bytes live, behind an interface so that a shared or S3-compatible store can
 * replace the directory later (DESIGN §3b, ADR 0004). Content-addressed: a file's name is its
 * SHA-256, so the same content uploaded twice is stored once, and a file never changes once written.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SNIFF_BYTES } from './attachment-content.js';

/** Content written aside, hashed and measured, not yet visible under its address. */
export interface StagedContent {
  sha256: string;
  size: number;
  /** The first bytes, for type detection. */
  head: Buffer;
  /** Moves the content to its address (or drops it when that content is already stored). */
  commit(): Promise<void>;
  /** Forgets the content (refused, too large). */
  discard(): Promise<void>;
}

export interface StoredFile {
  sha256: string;
  /** When the file was written: files younger than a grace period are never swept. */
  storedAt: Date;
}

export interface AttachmentStorage {
  /** Writes the content aside; `commit()` publishes it. A stream that errors leaves nothing behind. */
  stage(content: Readable | Buffer): Promise<StagedContent>;
  /** `stage` then `commit`. */
  put(content: Readable | Buffer): Promise<{ sha256: string; size: number }>;
  /** The content, or null when no file has this address. */
  get(sha256: string): Promise<Readable | null>;
  delete(sha256: string): Promise<void>;
  /** Every stored file, for the sweep of files no row references any more. */
  list(): AsyncIterable<StoredFile>;
}

const SHA256 = /^[0-9a-f]{64}$/;

function assertAddress(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256 address: ${sha256}`);
}

/** Files under `<root>/ab/cd/<sha256>`, written to `<root>/tmp/` first and renamed into place. */
export function createDirectoryStorage(root: string): AttachmentStorage {
  const temporaryDirectory = path.join(root, 'tmp');
  const pathOf = (sha256: string) => {
    assertAddress(sha256);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function stage(content: Readable | Buffer): Promise<StagedContent> {
    await fsp.mkdir(temporaryDirectory, { recursive: true });
    const temporaryPath = path.join(temporaryDirectory, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headLength = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        if (headLength < CONTENT_SNIFF_BYTES) {
          const part = chunk.subarray(0, CONTENT_SNIFF_BYTES - headLength);
          headChunks.push(part);
          headLength += part.length;
        }
        callback(null, chunk);
      },
    });
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    try {
      await pipeline(source, measure, fs.createWriteStream(temporaryPath, { flags: 'wx' }));
    } catch (error) {
      await fsp.rm(temporaryPath, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    return {
      sha256,
      size,
      head: Buffer.concat(headChunks),
      async commit() {
        const target = pathOf(sha256);
        await fsp.mkdir(path.dirname(target), { recursive: true });
        // Same address, same bytes: an existing file is kept and the copy dropped.
        // Its time is refreshed so that the sweep's grace period protects it like a new file.
        if (fs.existsSync(target)) {
          await fsp.rm(temporaryPath, { force: true });
          const now = new Date();
          await fsp.utimes(target, now, now);
        } else {
          await fsp.rename(temporaryPath, target);
        }
      },
      discard: () => fsp.rm(temporaryPath, { force: true }),
    };
  }

  return {
    stage,
    async put(content) {
      const staged = await stage(content);
      await staged.commit();
      return { sha256: staged.sha256, size: staged.size };
    },
    async get(sha256) {
      const file = pathOf(sha256);
      try {
        const handle = await fsp.open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(sha256) {
      await fsp.rm(pathOf(sha256), { force: true });
    },
    async *list() {
      const level = async (directory: string) =>
        (await fsp.readdir(directory, { withFileTypes: true }).catch(() => [])).filter(
          (entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name),
        );
      for (const first of await level(root)) {
        for (const second of await level(path.join(root, first.name))) {
          const directory = path.join(root, first.name, second.name);
          for (const name of await fsp.readdir(directory)) {
            if (!SHA256.test(name)) continue;
            const stats = await fsp.stat(path.join(directory, name)).catch(() => null);
            if (stats) yield { sha256: name, storedAt: stats.mtime };
          }
        }
      }
    },
  };
}
