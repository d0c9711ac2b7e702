/**
 * Large inbound messages parsed on worker threads (ADR 0024). MIME decoding on the main thread held
 * every HTTP request, SMTP conversation and transaction behind it: 0.22 s for a 24 MB message on a
 * fast machine, 0.7 s on a slow one. A worker costs more CPU in all (about 0.6 ms more per message:
 * copying across threads, waking two threads), which on two busy cores lowered the benchmark's rate,
 * so only a message of at least `minBytes` goes to a worker; smaller ones, parsed in a few
 * milliseconds, stay on the calling thread.
 *
 * Each worker parses one message at a time; the pool queues the rest in order. A worker that does
 * not answer within `timeoutMs`, dies, or runs out of its heap (`maxHeapMb`) costs only the message
 * it held, which fails with an error saying so (the pipeline keeps it in the failed list, ready to
 * be processed again); the next message gets a new worker. With `workers: 0` every message is
 * parsed on the calling thread. Closing fails what is queued or in flight with
 * `MailParserClosedError`.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseEmail, type ParsedEmail, type ParsedFile } from './inbound-parse.js';

export interface ParseRequest {
  id: number;
  raw: Uint8Array;
}

/** A file's content crosses the thread boundary as a Uint8Array (structured clone drops Buffer). */
type ClonedEmail = Omit<ParsedEmail, 'files'> & { files: (Omit<ParsedFile, 'content'> & { content: Uint8Array })[] };

export type ParseReply = { id: number; email: ParsedEmail | ClonedEmail } | { id: number; error: string };

export interface ParsePoolOptions {
  /** Worker threads; 0 parses on the calling thread. */
  workers: number;
  /** Smaller messages are parsed on the calling thread (default `WORKER_MIN_BYTES`). */
  minBytes?: number;
  /** A message still unparsed after this long fails, and its worker is replaced. */
  timeoutMs?: number;
  /** The old-generation heap of each worker: a message that needs more fails, the process lives. */
  maxHeapMb?: number;
  /** The worker's module (tests hand in their own); default inbound-parse.worker. */
  workerUrl?: URL;
}

export interface ParsePool {
  parse(raw: Buffer): Promise<ParsedEmail>;
  /** Stops the workers; messages still queued or in flight fail. */
  close(): Promise<void>;
}

/**
 * A message the pool did not parse because it was closing (the server stopping): not the
 * message's fault, so the pipeline leaves it to be processed at the next start.
 */
export class MailParserClosedError extends Error {
  override name = 'MailParserClosedError';
  constructor() {
    super('The mail parser is closed');
  }
}

export const PARSE_TIMEOUT_MS = 60_000;
/** Parsing 1 MiB takes about 15 ms on the main thread here: about what a worker's round trip costs. */
export const WORKER_MIN_BYTES = 1024 * 1024;
const MAX_HEAP_MB = 1024;

/**
 * The worker as Node can start it: the compiled `.js` next to this module in dist/; in the source
 * tree (tests, the benchmarks), the `.ts`, imported by a few lines that first register tsx's loader
 * on the new thread (Node 20 does not hand a `--import` loader to workers).
 */
function defaultWorker(): { filename: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts'))
    return { filename: new URL('./inbound-parse.worker.js', import.meta.url), eval: false };
  // tsx's ES module API (`require.resolve` finds its CommonJS twin, which fails on a worker).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const worker = new URL('./inbound-parse.worker.ts', import.meta.url).href;
  return {
    filename: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`,
    eval: true,
  };
}

function asParsedEmail(email: ParsedEmail | ClonedEmail): ParsedEmail {
  return {
    ...email,
    files: email.files.map((file) => ({
      ...file,
      content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
    })),
  };
}

interface Job {
  raw: Buffer;
  resolve(email: ParsedEmail): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The message it parses now, with its deadline. */
  current: { id: number; job: Job; timer: NodeJS.Timeout } | null;
}

export function createParsePool(options: ParsePoolOptions): ParsePool {
  if (options.workers <= 0) return { parse: parseEmail, close: async () => {} };
  const timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS;
  const minBytes = options.minBytes ?? WORKER_MIN_BYTES;
  const source = options.workerUrl ? { filename: options.workerUrl, eval: false } : defaultWorker();
  const queue: Job[] = [];
  const slots: (Slot | null)[] = Array.from({ length: options.workers }, () => null);
  let nextId = 1;
  let closed = false;

  /**
   * Ends the slot's current message with `error` and lets its worker go (resolved once it has
   * exited); the slot starts afresh.
   */
  function fail(index: number, error: Error): Promise<unknown> {
    const slot = slots[index];
    if (!slot) return Promise.resolve();
    slots[index] = null;
    if (slot.current) {
      clearTimeout(slot.current.timer);
      slot.current.job.reject(error);
    }
    slot.worker.removeAllListeners();
    // Its end is of no interest any more; an error while terminating is ignored.
    slot.worker.on('error', () => {});
    const exited = slot.worker.terminate();
    dispatch();
    return exited;
  }

  function start(index: number): Slot {
    const worker = new Worker(source.filename, {
      eval: source.eval,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? MAX_HEAP_MB },
    });
    // An idle worker does not keep the process alive; while one parses, its deadline's timer does.
    worker.unref();
    const slot: Slot = { worker, current: null };
    worker.on('message', (reply: ParseReply) => {
      const current = slot.current;
      if (!current || current.id !== reply.id) return;
      clearTimeout(current.timer);
      slot.current = null;
      if ('error' in reply) current.job.reject(new Error(reply.error));
      else current.job.resolve(asParsedEmail(reply.email));
      dispatch();
    });
    worker.on('error', (error) => {
      if (slots[index] === slot) void fail(index, new Error(`The mail parser stopped: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (slots[index] === slot) void fail(index, new Error(`The mail parser stopped (exit code ${code})`));
    });
    return slot;
  }

  function dispatch() {
    for (let index = 0; index < slots.length && queue.length > 0 && !closed; index++) {
      const slot = slots[index] ?? (slots[index] = start(index));
      if (slot.current) continue;
      const job = queue.shift()!;
      const id = nextId++;
      const timer = setTimeout(
        () => void fail(index, new Error(`The mail parser did not finish within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      slot.current = { id, job, timer };
      // The bytes are copied (not transferred): the caller's Buffer may share its memory.
      slot.worker.postMessage({ id, raw: job.raw } satisfies ParseRequest);
    }
  }

  return {
    parse(raw) {
      if (closed) return Promise.reject(new MailParserClosedError());
      if (raw.length < minBytes) return parseEmail(raw);
      return new Promise<ParsedEmail>((resolve, reject) => {
        queue.push({ raw, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new MailParserClosedError());
      await Promise.all(slots.map((_, index) => fail(index, new MailParserClosedError())));
    },
  };
}
