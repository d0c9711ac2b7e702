/**
 * Vitest global setup: migrates the template database once per run (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set) and hands its location to the test files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { JobQueue } from '../jobs/job-queue.js';
import { databaseUrlFor, withAdminClient, type TestDatabaseKind } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: TestDatabaseKind;
    databaseTemplate: string;
  }
}

/** Schema of the app and of pg-boss, as a started server leaves them. */
async function prepare(database: Database): Promise<void> {
  await applyMigrations(database);
  const jobs = new JobQueue(database, { work: false, schedule: false, pollingIntervalSeconds: 1 });
  await jobs.start(() => undefined);
  await jobs.stop();
}

export default async function setup(project: TestProject) {
  const kind = (project.config.env.SPORTELLO_TEST_DATABASE ?? 'pglite') as TestDatabaseKind;
  if (kind === 'pglite') {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-template-'));
    const database = await openDatabase({ databaseUrl: null, dataDirectory: root });
    await prepare(database);
    await database.close();
    project.provide('databaseKind', 'pglite');
    project.provide('databaseTemplate', path.join(root, 'pgdata'));
    return () => fs.rmSync(root, { recursive: true, force: true });
  }

  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('The postgres test project needs TEST_DATABASE_URL');
  const template = `sportello_template_${process.pid}`;
  await withAdminClient(baseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  const database = await openDatabase({ databaseUrl: databaseUrlFor(baseUrl, template), dataDirectory: os.tmpdir() });
  await prepare(database);
  await database.close();
  project.provide('databaseKind', 'postgres');
  project.provide('databaseTemplate', template);
  return () =>
    withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)).then(
      () => undefined,
    );
}
