/**
 * The embedded database: PGlite in a worker thread (see pglite.worker.ts) behind a lock on the
 * data directory. Returns what `pg` needs to connect, and how to shut it down cleanly.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDirectory, type DataDirectoryLock } from './data-directory-lock.js';

interface PgliteWorkerData {
  clusterDirectory: string;
}

type PgliteWorkerMessage =
  { type: 'ready'; socketDirectory: string } | { type: 'failed'; message: string } | { type: 'closed' };

export interface EmbeddedDatabase {
  /** Directory holding the Unix socket; `pg` connects with `host: socketDirectory`. */
  socketDirectory: string;
  clusterDirectory: string;
  /** Checkpoints and closes PGlite, then releases the data-directory lock. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const CLOSE_TIMEOUT_MS = 60_000;

/** The worker is plain JavaScript next to this file, in the source tree and in dist/ alike. */
function createWorker(data: PgliteWorkerData): Worker {
  return new Worker(new URL('./pglite.worker.mjs', import.meta.url), { workerData: data });
}

function waitForMessage(worker: Worker, type: PgliteWorkerMessage['type'], timeoutMs: number) {
  return new Promise<PgliteWorkerMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`The embedded database did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (message: PgliteWorkerMessage) => {
      if (message.type !== type && message.type !== 'failed') return;
      cleanup();
      if (message.type === 'failed') reject(new Error(`The embedded database failed to start: ${message.message}`));
      else resolve(message);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`The embedded database thread exited (code ${code})`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export async function startEmbeddedDatabase(dataDirectory: string): Promise<EmbeddedDatabase> {
  const lock: DataDirectoryLock = lockDataDirectory(dataDirectory);
  const clusterDirectory = path.join(dataDirectory, 'pgdata');
  let worker: Worker | undefined;
  try {
    worker = createWorker({ clusterDirectory });
    const ready = await waitForMessage(worker, 'ready', START_TIMEOUT_MS);
    if (ready.type !== 'ready') throw new Error('unexpected message from the embedded database');
    const running = worker;
    let closing: Promise<void> | undefined;
    return {
      socketDirectory: ready.socketDirectory,
      clusterDirectory,
      close() {
        closing ??= (async () => {
          try {
            const closed = waitForMessage(running, 'closed', CLOSE_TIMEOUT_MS);
            running.postMessage({ type: 'close' });
            await closed;
            await running.terminate();
          } finally {
            lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await worker?.terminate();
    lock.release();
    throw error;
  }
}
