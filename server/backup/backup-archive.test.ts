/**
 * The backup archive on node-tar: what it writes is an ordinary tar.gz that GNU tar lists, holding
 * regular files and directories only; what it reads refuses, loudly and without writing outside
 * its destination, the archives a hostile sender would craft (paths that escape, links, devices,
 * a name twice) and damaged ones. Hostile archives are built header by header with node-tar's
 * Header, since no well-behaved writer produces them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, type HeaderData } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTarGz } from './archive-reader.js';
import { ArchiveError, extractBackupArchive, listTree, writeBackupArchive } from './backup-archive.js';

const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-archive-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

function hasGnuTar(): boolean {
  try {
    return execFileSync('tar', ['--version'], { encoding: 'utf8' }).includes('GNU tar');
  } catch {
    return false;
  }
}

describe('writing a backup archive', () => {
  it('writes the layout as regular files, a hard-linked pair included, skipping links in the store', async () => {
    const data = temporaryDirectory();
    const store = path.join(data, 'files');
    fs.mkdirSync(path.join(store, 'ab', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(store, 'ab', 'cd', 'one'), 'attachment');
    fs.linkSync(path.join(store, 'ab', 'cd', 'one'), path.join(store, 'ab', 'cd', 'two'));
    fs.symlinkSync('/etc', path.join(store, 'ab', 'elsewhere'));
    const { items, skipped } = listTree(store, 'files');
    expect(skipped).toBe(1);
    const createdAt = '2026-01-02T03:04:05.000Z';
    const output = path.join(temporaryDirectory(), 'backup.tar.gz');
    await writeBackupArchive(output, {
      manifest: {
        format: 'sportello-backup',
        formatVersion: 1,
        sportelloVersion: '0.0.0-test',
        createdAt,
        database: { kind: 'pglite', serverVersion: '17', migrations: 0 },
        files: { count: 2, bytes: 20 },
        secretKey: true,
      },
      databaseSql: 'SELECT 1;\n',
      secretKey: Buffer.from('key\n'),
      files: items,
    });
    expect(fs.statSync(output).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${output}.partial`)).toBe(false);

    if (hasGnuTar()) {
      const listing = execFileSync('tar', ['-tzvf', output], { encoding: 'utf8' }).trim().split('\n');
      expect(listing.map((line) => line.split(/\s+/).pop())).toEqual([
        'manifest.json',
        'database.sql',
        'secret.key',
        'files/',
        'files/ab/',
        'files/ab/cd/',
        'files/ab/cd/one',
        'files/ab/cd/two',
      ]);
      expect(listing.every((line) => /^[-d]rw/.test(line))).toBe(true);
      expect(listing[1]).toMatch(/^-rw------- .* 2026-01-02 03:04 database\.sql$/);
      expect(listing[3]).not.toMatch(/1970-01-01/); // directories keep their dates despite `portable`
    }

    const staging = temporaryDirectory();
    const manifest = await extractBackupArchive(output, staging);
    expect(manifest.createdAt).toBe(createdAt);
    expect(fs.readFileSync(path.join(staging, 'files', 'ab', 'cd', 'two'), 'utf8')).toBe('attachment');
    expect(fs.readFileSync(path.join(staging, 'secret.key'), 'utf8')).toBe('key\n');
    expect(fs.existsSync(path.join(staging, 'files', 'ab', 'elsewhere'))).toBe(false);
  });
});

interface RawEntry extends HeaderData {
  content?: string;
}

/** A tar.gz written header by header, as a hostile sender would. */
function rawArchive(entries: RawEntry[]): string {
  const blocks = entries.map(({ content = '', ...data }) => {
    const body = Buffer.from(content);
    const header = new Header({ mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, ...data, size: body.length });
    header.encode();
    return Buffer.concat([header.block!, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
  });
  const file = path.join(temporaryDirectory(), 'hostile.tar.gz');
  fs.writeFileSync(file, gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)])));
  return file;
}

const acceptLayout = (name: string) => ['manifest.json', 'database.sql', 'files'].includes(name.split('/')[0]!);

describe('reading an archive from elsewhere', () => {
  it.each<[string, RawEntry, RegExp]>([
    ['a path out of the destination', { path: '../escape', type: 'File', content: 'x' }, /unsafe path/],
    ['a path out through files/', { path: 'files/../../escape', type: 'File', content: 'x' }, /unsafe path/],
    ['an absolute path', { path: '/tmp/sportello-escape', type: 'File', content: 'x' }, /unsafe path/],
    ['a symbolic link', { path: 'files/link', type: 'SymbolicLink', linkpath: '/etc' }, /unsupported.*Symbolic/],
    ['a hard link', { path: 'files/hard', type: 'Link', linkpath: '/etc/passwd' }, /unsupported entry \(Link\)/],
    ['a device', { path: 'files/null', type: 'CharacterDevice', devmaj: 1, devmin: 3 }, /unsupported.*Device/],
    ['a FIFO', { path: 'files/pipe', type: 'FIFO' }, /unsupported entry \(FIFO\)/],
    ['a name twice', { path: 'manifest.json', type: 'File', content: 'again' }, /manifest\.json appears twice/],
    ['a name outside the layout', { path: 'etc/passwd', type: 'File', content: 'x' }, /unexpected entry/],
  ])('refuses %s and extracts nothing after it', async (_label, hostile, message) => {
    const archive = rawArchive([
      { path: 'manifest.json', type: 'File', content: '{}' },
      hostile,
      { path: 'database.sql', type: 'File', content: 'SELECT 1;' },
    ]);
    const destination = path.join(temporaryDirectory(), 'staging');
    fs.mkdirSync(destination);
    const outside = fs.readdirSync(path.dirname(destination));
    const extraction = extractTarGz(archive, destination, acceptLayout);
    await expect(extraction).rejects.toThrow(ArchiveError);
    await expect(extraction).rejects.toThrow(message);
    expect(fs.readdirSync(path.dirname(destination))).toEqual(outside);
    expect(fs.existsSync('/tmp/sportello-escape')).toBe(false);
    expect(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')).toBe('{}');
    expect(fs.existsSync(path.join(destination, 'database.sql'))).toBe(false);
    expect(fs.readdirSync(destination).filter((name) => name !== 'manifest.json' && name !== 'files')).toEqual([]);
  });

  it('refuses damaged archives with one line', async () => {
    const destination = temporaryDirectory();
    const notGzip = path.join(temporaryDirectory(), 'notes.txt');
    fs.writeFileSync(notGzip, 'hello');
    await expect(extractTarGz(notGzip, destination, acceptLayout)).rejects.toThrow(/not a gzip-compressed archive/);

    const good = rawArchive([{ path: 'database.sql', type: 'File', content: 'x'.repeat(100_000) }]);
    const truncated = path.join(temporaryDirectory(), 'truncated.tar.gz');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 60));
    await expect(extractTarGz(truncated, temporaryDirectory(), acceptLayout)).rejects.toThrow(ArchiveError);

    const header = new Header({ path: 'files/x', type: 'File', size: 0, mode: 0o644, mtime: new Date(0) });
    header.encode();
    const corrupt = Buffer.from(header.block!);
    corrupt[0] = 'g'.charCodeAt(0); // the name changes, the checksum does not
    const first = new Header({ path: 'manifest.json', type: 'File', size: 0, mode: 0o644, mtime: new Date(0) });
    first.encode();
    const damaged = path.join(temporaryDirectory(), 'damaged.tar.gz');
    fs.writeFileSync(damaged, gzipSync(Buffer.concat([first.block!, corrupt, Buffer.alloc(1024)])));
    await expect(extractTarGz(damaged, temporaryDirectory(), acceptLayout)).rejects.toThrow(/damaged/);
  });
});
