/**
 * The migration step checks every journal entry by the hash of its file: a migration merged with a
 * number older than one already applied is applied too (and reported), not skipped as Drizzle's
 * migrator did.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test-support/test-database.js';
import { applyMigrations, migrationsFolder } from './migrate.js';

let testDatabase: TestDatabase;
const folders: string[] = [];

beforeAll(async () => {
  testDatabase = await openTestDatabase(inject('databaseKind'), inject('databaseTemplate'));
});
afterAll(async () => {
  await testDatabase.dispose();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

interface Extra {
  tag: string;
  sql: string;
}

/** The real migrations followed by `extra` ones, in a folder of their own. */
function folderWith(extra: Extra[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-migrations-'));
  folders.push(folder);
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: Record<string, unknown>[] };
  const last = journal.entries.at(-1)!;
  extra.forEach((migration, offset) => {
    fs.writeFileSync(path.join(folder, `${migration.tag}.sql`), migration.sql);
    journal.entries.push({
      ...last,
      idx: Number(last.idx) + offset + 1,
      when: Number(last.when) + (offset + 1) * 1000,
      tag: migration.tag,
    });
  });
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

const tableExists = async (name: string) =>
  (await testDatabase.database.pool.query('SELECT to_regclass($1) AS found', [name])).rows[0].found !== null;

it('finds every shipped migration applied on a migrated database', async () => {
  expect(await applyMigrations(testDatabase.database)).toEqual({ applied: [], outOfOrder: [] });
});

it('applies a migration merged after a later-numbered one was applied, and says so', async () => {
  const older = { tag: '9001_merged_late', sql: 'CREATE TABLE merged_late (id int)' };
  const newer = { tag: '9002_merged_first', sql: 'CREATE TABLE merged_first (id int)' };
  // The database was migrated between two merges: it has 9002 but not 9001.
  expect(await applyMigrations(testDatabase.database, { folder: folderWith([newer]) })).toEqual({
    applied: ['9002_merged_first'],
    outOfOrder: [],
  });
  const reported: string[][] = [];
  const result = await applyMigrations(testDatabase.database, {
    folder: folderWith([older, newer]),
    onOutOfOrder: (tags) => reported.push(tags),
  });
  expect(result).toEqual({ applied: ['9001_merged_late'], outOfOrder: ['9001_merged_late'] });
  expect(reported).toEqual([['9001_merged_late']]);
  expect(await tableExists('merged_late')).toBe(true);
  // Nothing left to do the second time.
  expect(await applyMigrations(testDatabase.database, { folder: folderWith([older, newer]) })).toEqual({
    applied: [],
    outOfOrder: [],
  });
});

it('applies nothing when one migration fails: the database stays as it was', async () => {
  const good = { tag: '9003_good', sql: 'CREATE TABLE good_one (id int)' };
  const bad = { tag: '9004_bad', sql: 'CREATE TABLE good_one (id int)' };
  await expect(applyMigrations(testDatabase.database, { folder: folderWith([good, bad]) })).rejects.toThrow(/good_one/);
  expect(await tableExists('good_one')).toBe(false);
});
