/**
 * A statement the database refuses reaches its caller with its SQLSTATE, and costs nothing else: the
 * pool keeps answering and other connections see no aborted transaction. On the embedded database this
 * once failed — `pg`'s pool drops a client after any error and connects again at once, and the socket
 * server refused the new connection while the old one was still closing (pglite.worker.mjs).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test-support/test-database.js';

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await openTestDatabase(inject('databaseKind'), inject('databaseTemplate'));
  await testDatabase.database.pool.query(`
    CREATE TABLE probe_parents (id integer PRIMARY KEY);
    CREATE TABLE probes (
      id integer PRIMARY KEY,
      label text NOT NULL UNIQUE,
      parent_id integer REFERENCES probe_parents (id)
    );
    INSERT INTO probe_parents VALUES (1);
    INSERT INTO probes VALUES (1, 'first', 1);
  `);
});
afterAll(async () => {
  await testDatabase.dispose();
});

/** The error `work` fails with, or null. */
function failureOf(work: Promise<unknown>): Promise<{ code?: string; constraint?: string } | null> {
  return work.then(
    () => null,
    (error: unknown) => (error as { cause?: object }).cause ?? (error as object),
  );
}

/** The refused statements: as `pg` sends them with values (extended protocol), and as simple queries. */
const refused = [
  { name: 'a unique violation', text: 'INSERT INTO probes VALUES ($1, $2, 1)', values: [2, 'first'], code: '23505' },
  {
    name: 'a foreign key violation',
    text: 'INSERT INTO probes VALUES ($1, $2, $3)',
    values: [3, 'third', 99],
    code: '23503',
  },
  { name: 'a syntax error', text: 'SELEC $1::integer', values: [1], code: '42601' },
  {
    name: 'a simple-query unique violation',
    text: "INSERT INTO probes VALUES (4, 'first', 1)",
    values: [],
    code: '23505',
  },
];

describe('a refused statement', () => {
  it('reaches the caller with its SQLSTATE, and the pool keeps working', async () => {
    const { pool } = testDatabase.database;
    // A named prepared statement, as ticket creation uses: the client that replaces a dropped one
    // prepares it again, and must be able to.
    const count = { name: 'probe-count', text: 'SELECT count(*) FROM probes' };
    await pool.query(count);
    for (const statement of refused) {
      const values = statement.values.length > 0 ? statement.values : undefined;
      const error = await failureOf(pool.query(statement.text, values));
      expect(error, statement.name).toMatchObject({ code: statement.code });
      // Right after it, and twice in a row: the pool replaces the client it dropped.
      const error2 = await failureOf(pool.query(statement.text, values));
      expect(error2, `${statement.name}, again`).toMatchObject({ code: statement.code });
      const { rows } = await pool.query<{ count: string }>(count);
      expect(rows, statement.name).toEqual([{ count: '1' }]);
    }
  });

  it('inside a transaction is rolled back and leaves the next transaction clean', async () => {
    const { database } = testDatabase;
    for (const statement of refused) {
      const error = await failureOf(
        database.transaction(async (tx) => {
          await tx.$client.query('INSERT INTO probes VALUES (100, $1, 1)', [`kept-${statement.name}`]);
          await tx.$client.query(statement.text, statement.values.length > 0 ? statement.values : undefined);
        }),
      );
      expect(error, statement.name).toMatchObject({ code: statement.code });
      await database.transaction(async (tx) => {
        await tx.$client.query('INSERT INTO probes VALUES (100, $1, 1)', [`committed-${statement.name}`]);
        await tx.$client.query('DELETE FROM probes WHERE id = 100');
      });
    }
    const { rows } = await database.pool.query<{ count: string }>('SELECT count(*) FROM probes');
    expect(rows).toEqual([{ count: '1' }]);
  });

  it('does not disturb another connection', async () => {
    const { pool } = testDatabase.database;
    const other = new pg.Client(pool.options);
    await other.connect();
    try {
      for (const statement of refused) {
        const error = await failureOf(
          pool.query(statement.text, statement.values.length > 0 ? statement.values : undefined),
        );
        expect(error, statement.name).toMatchObject({ code: statement.code });
        // Not left inside a failed transaction: a write commits and both connections see it.
        await other.query('INSERT INTO probe_parents VALUES ($1)', [refused.indexOf(statement) + 10]);
      }
      const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM probe_parents');
      expect(rows).toEqual([{ count: String(1 + refused.length) }]);
    } finally {
      await other.end();
    }
  });
});
