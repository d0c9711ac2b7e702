/**
 * One way to reach the database, embedded or not: a `pg` pool and Drizzle over it.
 *
 * Embedded (no DATABASE_URL): PGlite in a worker thread, one connection — PGlite is a single
 * session, so every query inside a transaction must go through that transaction's `tx`; a query on
 * the pool inside a transaction waits for the one connection and fails after the acquire timeout
 * instead of hanging forever (DESIGN §3b).
 * PostgreSQL (DATABASE_URL): a normal pool.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';
import { schema, type Schema } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Drizzle bound to one connection inside an open transaction; `$client` is that connection. */
export type Transaction = NodePgDatabase<Schema> & { $client: pg.PoolClient };

export interface Database {
  kind: DatabaseKind;
  pool: pg.Pool;
  /** For reads outside any transaction; `$client` is the pool. */
  orm: NodePgDatabase<Schema> & { $client: pg.Pool };
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; null for the embedded database in `dataDirectory`. */
  databaseUrl: string | null;
  dataDirectory: string;
  poolSize?: number;
  /** How long to wait for a free connection before failing loudly. */
  acquireTimeoutMs?: number;
}

// Timestamps come back as Date; bigint counts as strings (identical on both, one driver).
function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle client that errors (server restart) must not crash the process; the pool drops it.
  pool.on('error', () => undefined);
  return pool;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 15_000;
  let embedded: EmbeddedDatabase | null = null;
  let pool: pg.Pool;
  if (options.databaseUrl) {
    pool = createPool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: acquireTimeoutMs,
      // pg's default closes a connection after 10 s idle; a new one pays for loading the text-search
      // dictionaries (a search planned in 5–23 ms instead of 0.4–0.7 ms) and for re-preparing the
      // named statements. A desk's quiet minutes should not cost the next request that.
      idleTimeoutMillis: 5 * 60_000,
      application_name: 'sportello',
      // Every connection works in UTC; the desk's time zone is applied in code (DESIGN §3b).
      // (The embedded database sets it once for its single shared session: pglite.worker.ts.)
      // No JIT (ADR 0015): a plan whose estimated cost passes jit_above_cost spent 40–800 ms
      // compiling to read 51 rows; none of the application's statements gains from it.
      options: '-c TimeZone=UTC -c jit=off',
    });
  } else {
    embedded = await startEmbeddedDatabase(options.dataDirectory);
    pool = createPool({
      host: embedded.socketDirectory,
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      connectionTimeoutMillis: acquireTimeoutMs,
      // The single connection lives as long as the process.
      idleTimeoutMillis: 0,
      // …unless a query fails: the pool then drops the client and connects again. Every socket
      // connection shares PGlite's one session, so the named prepared statements of the dropped
      // client are still there, and the new client — which believes it has none — would fail with
      // "prepared statement … already exists" (42P05) when preparing them (ticket creation does).
      // With one connection in the pool, none of them belongs to a live client. (ADR 0003.)
      onConnect: async (client) => {
        await client.query('DEALLOCATE ALL');
      },
    });
  }
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.close();
    throw new Error(`Cannot connect to the database: ${(error as Error).message}`);
  }
  const orm = drizzle(pool, { schema });
  // Building a Drizzle instance walks the whole schema (relations): once per pooled connection, not
  // once per transaction — it was a visible share of the CPU of mail ingest.
  const ormOfConnection = new WeakMap<pg.PoolClient, Transaction>();

  return {
    kind: embedded ? 'pglite' : 'postgres',
    pool,
    orm,
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        let tx = ormOfConnection.get(client);
        if (!tx) {
          tx = drizzle(client, { schema }) as Transaction;
          ormOfConnection.set(client, tx);
        }
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      await embedded?.close();
    },
  };
}
