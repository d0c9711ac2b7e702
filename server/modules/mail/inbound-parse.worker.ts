/**
 * A parse worker (inbound-parse-pool.ts): MIME parsing of inbound mail on its own thread, so that
 * a large message never holds the event loop that serves the HTTP API, the SMTP listener and the
 * transactions, and so that parsing uses a core the main thread leaves idle (ADR 0024).
 *
 * Messages: in { id, raw } (raw: the message's bytes, copied); out { id, email } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { parseEmail } from './inbound-parse.js';
import type { ParseReply, ParseRequest } from './inbound-parse-pool.js';

if (!parentPort) throw new Error('inbound-parse.worker must run as a worker thread');
const port = parentPort;

port.on('message', (request: ParseRequest) => {
  parseEmail(Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength)).then(
    (email) => port.postMessage({ id: request.id, email } satisfies ParseReply),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies ParseReply),
  );
});
