/**
 * Test databases. A fresh PGlite costs seconds and lots of memory, so the global setup migrates
 * one template and every test file gets its own copy (DESIGN §3b). On PostgreSQL
 * (TEST_DATABASE_URL), the template is a database and each file gets `CREATE DATABASE … TEMPLATE`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export function databaseUrlFor(baseUrl: string, databaseName: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export async function withAdminClient<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  /** The PostgreSQL URL of this copy; null on PGlite. */
  url: string | null;
  /** The data directory (PGlite) — also where a test may put files. */
  dataDirectory: string;
  dispose(): Promise<void>;
}

/** A private copy of the template, not opened: for a test that runs the real process on it. */
export interface TestDatabaseCopy {
  /** The PostgreSQL URL of this copy; null on PGlite. */
  url: string | null;
  /** The data directory (PGlite's database is in its `pgdata`). */
  dataDirectory: string;
  /** What the Sportello process needs to run on this copy. */
  environment: Record<string, string>;
  dispose(): Promise<void>;
}

export async function copyTestDatabase(kind: TestDatabaseKind, template: string): Promise<TestDatabaseCopy> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-test-'));
  if (kind === 'pglite') {
    fs.cpSync(template, path.join(dataDirectory, 'pgdata'), { recursive: true });
    return {
      url: null,
      dataDirectory,
      environment: { SPORTELLO_DATA_DIR: dataDirectory },
      async dispose() {
        fs.rmSync(dataDirectory, { recursive: true, force: true });
      },
    };
  }
  const baseUrl = process.env.TEST_DATABASE_URL!;
  const name = `sportello_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrlFor(baseUrl, name);
  return {
    url,
    dataDirectory,
    environment: { SPORTELLO_DATA_DIR: dataDirectory, DATABASE_URL: url },
    async dispose() {
      await withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      fs.rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** A private copy of the template, open and ready. */
export async function openTestDatabase(kind: TestDatabaseKind, template: string): Promise<TestDatabase> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-test-'));
  if (kind === 'pglite') {
    fs.cpSync(template, path.join(dataDirectory, 'pgdata'), { recursive: true });
    const database = await openDatabase({ databaseUrl: null, dataDirectory });
    return {
      database,
      url: null,
      dataDirectory,
      async dispose() {
        await database.close();
        fs.rmSync(dataDirectory, { recursive: true, force: true });
      },
    };
  }
  const baseUrl = process.env.TEST_DATABASE_URL!;
  const name = `sportello_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrlFor(baseUrl, name);
  const database = await openDatabase({ databaseUrl: url, dataDirectory, poolSize: 5 });
  return {
    database,
    url,
    dataDirectory,
    async dispose() {
      await database.close();
      await withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      fs.rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
