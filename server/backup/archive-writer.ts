/**
 * Writes a tar.gz with node-tar from a private staging directory, so that the archive holds the
 * backup layout (backup-archive.ts) whatever else the data directory contains:
 *
 *   staging/<name>  the generated members (manifest, SQL dump, key), written with their mode and date
 *   staging/files   a symbolic link to the attachment store, not a copy: the store can be gigabytes,
 *                   and node-tar reads it in place through the link (`follow`)
 *
 * node-tar archives exactly the names it is given (`noDirRecurse`): the caller lists the store with
 * lstat, so a symbolic link inside the store is neither archived nor followed. `portable` leaves out
 * the owner, user names and atime/ctime, which mean nothing on the machine that restores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';

/** A member generated for the archive rather than read from the data directory. */
export interface GeneratedMember {
  name: string;
  content: Buffer;
  mode: number;
}

/** A directory archived under `name`, with the entries under it (names in the archive, in order). */
export interface ArchivedTree {
  name: string;
  directory: string;
  entries: string[];
}

/**
 * node-tar writes a second name of one inode as a hard-link entry, which a restore refuses (it
 * extracts regular files and directories only). A store copied with hard links (`cp -al`, rsync
 * snapshots) must still give a restorable backup, so this cache never remembers: every name is
 * archived as a regular file with its content, as GNU tar does with `--hard-dereference`.
 */
class NoHardLinks extends Map<`${number}:${number}`, string> {
  override set(): this {
    return this;
  }
}

/**
 * Writes `generated`, then `tree` (when there is one), to the new file `output` with mode 0600.
 * Generated members are dated `mtime`; the tree's entries keep their own dates and modes.
 */
export async function writeTarGz(
  output: string,
  generated: GeneratedMember[],
  mtime: Date,
  tree: ArchivedTree | null,
): Promise<void> {
  // mkdtemp makes a directory only this user can enter (0700): the dump and key are written there.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-backup-'));
  try {
    for (const member of generated) {
      const file = path.join(staging, member.name);
      fs.writeFileSync(file, member.content, { mode: member.mode, flag: 'wx' });
      fs.chmodSync(file, member.mode); // exactly this mode, whatever the umask
      fs.utimesSync(file, mtime, mtime);
    }
    const names = generated.map((member) => member.name);
    if (tree) {
      // 'junction' is what Windows allows without privileges; elsewhere the type is ignored.
      fs.symlinkSync(path.resolve(tree.directory), path.join(staging, tree.name), 'junction');
      names.push(...tree.entries);
    }
    await create(
      {
        file: output,
        mode: 0o600,
        cwd: staging,
        gzip: true,
        portable: true,
        follow: true,
        noDirRecurse: true,
        strict: true,
        linkCache: new NoHardLinks(),
        // `portable` also drops directories' dates; the store's directories keep theirs, as before.
        onWriteEntry: (entry) => {
          entry.noMtime = false;
        },
      },
      names,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
