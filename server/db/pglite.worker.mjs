// @ts-check
/**
 * Runs PGlite on its own thread and serves it over the PostgreSQL wire protocol on a private Unix
 * socket, so the app reaches it with the same `pg` pool as a real server and a slow query never
 * blocks the HTTP event loop (DESIGN §3).
 *
 * Plain JavaScript on purpose: a worker thread starts from a file Node can run as it is, both from
 * the source tree (tests) and from dist/ (the build copies it), with no TypeScript loader.
 *
 * workerData: { clusterDirectory } — where the PostgreSQL cluster files live.
 * Messages: in {type: 'close'} → checkpoint, stop, close, then out {type: 'closed'}.
 * At start, out {type: 'ready', socketDirectory} or {type: 'failed', message}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

if (!parentPort) throw new Error('pglite.worker must run as a worker thread');
const port = parentPort;
const { clusterDirectory } = /** @type {{ clusterDirectory: string }} */ (workerData);

// The socket lives in a fresh private directory: short enough for the 108-byte Unix socket path
// limit, and unreachable by other local users.
const socketDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-db-'));
fs.chmodSync(socketDirectory, 0o700);

/**
 * Not how many clients work at once — the app's pool holds one connection (database.ts) and the
 * server runs one statement at a time on the single session anyway — but room for connections that
 * are still closing. `pg`'s pool drops its client after any failed query (a unique violation, say)
 * and connects again at once; with the library's default of 1, the new connection was refused
 * while the old socket was still closing, so the next query failed with ECONNRESET or EPIPE
 * instead of running (ADR 0003, amendment of 2026-12-07).
 */
const MAX_CONNECTIONS = 32;

/** @type {PGlite | undefined} */
let database;
/** @type {PGLiteSocketServer | undefined} */
let server;

async function start() {
  database = await PGlite.create({
    dataDir: clusterDirectory,
    extensions: { pg_trgm, unaccent, pgcrypto },
  });
  // Every socket client shares this one session, so this holds for all of them (DESIGN §3b).
  await database.exec("SET TimeZone = 'UTC'");
  server = new PGLiteSocketServer({
    db: database,
    path: path.join(socketDirectory, '.s.PGSQL.5432'),
    maxConnections: MAX_CONNECTIONS,
  });
  await server.start();
  port.postMessage({ type: 'ready', socketDirectory });
}

async function close() {
  try {
    await server?.stop();
    if (database && !database.closed) {
      await database.exec('CHECKPOINT');
      await database.close();
    }
  } finally {
    fs.rmSync(socketDirectory, { recursive: true, force: true });
    port.postMessage({ type: 'closed' });
  }
}

port.on('message', (/** @type {{ type: string }} */ message) => {
  if (message.type === 'close') void close();
});

start().catch((/** @type {unknown} */ error) => {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
