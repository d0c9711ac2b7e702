// @ts-check
/**
 * A stand-in parse worker for inbound-parse-pool.test.ts: it answers like the real one, or
 * misbehaves on request. The message's text says how: `hang` never answers, `exit` ends the
 * thread, `heap` fills the heap until the worker's limit stops it, `throw` answers with an error;
 * anything else is answered with that text as the subject.
 */
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('parse-worker-fixture must run as a worker thread');
const port = parentPort;

port.on('message', (/** @type {{ id: number, raw: Uint8Array }} */ request) => {
  const text = Buffer.from(request.raw).toString('utf8');
  if (text === 'hang') return;
  if (text === 'exit') process.exit(3);
  if (text === 'heap') {
    const kept = [];
    for (;;) kept.push(new Array(100_000).fill(kept.length));
  }
  if (text === 'throw') return port.postMessage({ id: request.id, error: 'not a message' });
  port.postMessage({
    id: request.id,
    email: { subject: text, files: [{ filename: 'a.txt', content: new TextEncoder().encode(text) }] },
  });
});
