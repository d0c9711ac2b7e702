/**
 * The mail ingest benchmark (issue 4): the real Sportello process on a fresh database, N messages sent
 * over SMTP by 8 concurrent senders (new requests and replies threaded by In-Reply-To, a share with
 * attachments of 50–300 KB). Measures the acceptance rate (250s per second), the latency of the 250,
 * and the end-to-end rate: until every stored message is processed onto a ticket.
 *
 *   npm run bench:mail -- --engine postgres --database-url postgres://postgres@127.0.0.1:5432/sportello_bench_mail
 *   npm run bench:mail -- --engine pglite
 *
 * Options: --messages (default 2000), --senders (8), --reply-share (0.4), --attachment-share (0.3), --warmup (40),
 * --data-dir (pglite; default a fresh folder under the system temp dir, removed after), --accept-only (no
 * worker on the node: the acceptance alone, as on an http-only node of a cluster), --inbound-concurrency
 * (SPORTELLO_INBOUND_CONCURRENCY of the node: messages processed at once), --cpu-profile DIR (a V8 CPU profile
 * of the server, written when it stops: bench/tickets/cpu-profile.mjs, summarised by profile-summary.ts),
 * --node-options (more NODE_OPTIONS for the server: `--node-options=--perf-basic-prof` for `perf record`).
 * CPU per message is read from /proc (Linux) for the server, its PostgreSQL backends and the senders
 * (this process): unlike the rates, it hardly depends on what else runs on the machine.
 * The PostgreSQL database is dropped and created again on every run, so its name must contain "bench".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../server/db/database.js';
import { mtaTransport } from '../../server/test-support/smtp-sender.js';
import { demoAccessToken, startSportello, type SportelloProcess } from '../../server/test-support/sportello-process.js';
import { calibrationMs, machineCpuTicks, machineLine, serverProfiling, summarize } from '../tickets/measure.js';
import { cpuMsOf } from '../tickets/process-cpu.js';
import { generateMail, type BenchMail } from './generate-mail.js';

const { values: options } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    messages: { type: 'string', default: '2000' },
    senders: { type: 'string', default: '8' },
    'reply-share': { type: 'string', default: '0.4' },
    /** Messages sent and processed before the measured run (the run's mix, another seed). */
    warmup: { type: 'string', default: '40' },
    'attachment-share': { type: 'string', default: '0.3' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sportello_bench_mail' },
    'data-dir': { type: 'string' },
    /** `--accept-only`: the node runs no worker, so only the SMTP acceptance is measured. */
    'accept-only': { type: 'boolean', default: false },
    /** SPORTELLO_INBOUND_CONCURRENCY of the node; unset: the node's default. */
    'inbound-concurrency': { type: 'string' },
    'cpu-profile': { type: 'string' },
    /** More NODE_OPTIONS for the server (`--node-options=--max-semi-space-size=32`, say). */
    'node-options': { type: 'string' },
  },
});
const engine = options.engine === 'postgres' ? 'postgres' : 'pglite';
const senders = Number(options.senders);
const databaseUrl = engine === 'postgres' ? options['database-url']! : null;
const dataDirectory = options['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-bench-mail-'));
const profileDirectory = options['cpu-profile'] ? path.resolve(options['cpu-profile']) : null;
const environment: Record<string, string> = {
  SPORTELLO_DEMO: '1',
  SPORTELLO_LOG_LEVEL: 'warn',
  SMTP_LISTEN_PORT: '0',
  SMTP_LISTEN_HOST: '127.0.0.1',
  SPORTELLO_LOGIN_RATE_LIMIT: '1000',
  SPORTELLO_DATA_DIR: dataDirectory,
  ...(options['accept-only'] ? { SPORTELLO_ROLES: 'http,scheduler' } : {}),
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  ...(options['inbound-concurrency'] ? { SPORTELLO_INBOUND_CONCURRENCY: options['inbound-concurrency'] } : {}),
  ...serverProfiling(profileDirectory, options['node-options']),
};

interface Results {
  accept: ReturnType<typeof summarize>;
  acceptSeconds: number;
  endToEndSeconds: number;
  /** CPU milliseconds per message over the measured run (warm-up excluded). */
  cpuMsPerMessage: { server: number; database: number; senders: number };
}

/** CPU of this process (the SMTP senders), in milliseconds. */
function sendersCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function recreatePostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('bench'))
    throw new Error(`refusing to drop ${name}: a benchmark database's name contains "bench"`);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const quoted = `"${name.replaceAll('"', '""')}"`;
  await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${quoted}`);
  await admin.end();
}

/** Sends every message with `senders` SMTP connections (reused, like an MTA); latency of each 250. */
async function send(port: number, mail: BenchMail[]): Promise<{ latenciesMs: number[]; wallMs: number }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const began = performance.now();
  const sender = async () => {
    const transport = mtaTransport(port);
    try {
      while (next < mail.length) {
        const message = mail[next++]!;
        const start = performance.now();
        const info = await transport.sendMail({
          envelope: { from: message.from, to: ['support@example.com'] },
          raw: message.raw,
        });
        if (!/^250 /.test(info.response)) throw new Error(`message ${message.index}: ${info.response}`);
        latenciesMs.push(performance.now() - start);
      }
    } finally {
      transport.close();
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return { latenciesMs, wallMs: performance.now() - began };
}

/** Polls until no stored message waits to be processed (bounded: 30 minutes). */
async function waitUntilProcessed(server: SportelloProcess, token: string): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const response = await fetch(`${server.url}/api/v1/inbound-emails?status=received&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`inbound-emails: ${response.status}`);
    if (((await response.json()) as { items: unknown[] }).items.length === 0) return;
    if (Date.now() > deadline) throw new Error('messages still unprocessed after 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function outcome(): Promise<Record<string, string>> {
  const database = await openDatabase({ databaseUrl, dataDirectory });
  try {
    const { rows } = await database.pool.query<{ what: string; count: string }>(`
      SELECT 'stored ' || status AS what, count(*)::text FROM inbound_emails GROUP BY status
      UNION ALL
      SELECT 'threading ' || coalesce(m.threading->>'reason', '-'), count(*)::text
        FROM inbound_emails i JOIN messages m ON m.id = i.ticket_message_id GROUP BY 1
      UNION ALL
      SELECT 'attachments stored', count(*)::text FROM attachments`);
    return Object.fromEntries(rows.map((row) => [row.what, row.count]));
  } finally {
    await database.close();
  }
}

const loadAtStart = os
  .loadavg()
  .map((load) => load.toFixed(2))
  .join(' ');
const calibration = calibrationMs();
const ticksAtStart = machineCpuTicks();

async function run(): Promise<void> {
  const mix = {
    messages: Number(options.messages),
    replyShare: Number(options['reply-share']),
    attachmentShare: Number(options['attachment-share']),
    replyDistance: 4 * senders,
  };
  const mail = generateMail(mix);
  if (databaseUrl) await recreatePostgresDatabase(databaseUrl);
  const server = await startSportello(environment, 300_000);
  const admin = databaseUrl
    ? new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() })
    : null;
  await admin?.connect();
  const databaseName = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : '';
  // PostgreSQL backends come and go during a long run (the pool closes idle connections): each one's
  // CPU is read every second and the last reading kept, so one that exits loses at most a second.
  const backends = new Map<number, { first: number; last: number }>();
  let measuring = false;
  const readBackends = async () => {
    if (!admin) return;
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [databaseName],
    );
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      const known = backends.get(pid);
      if (known) known.last = Math.max(known.last, ms);
      else backends.set(pid, { first: measuring ? 0 : ms, last: ms });
    }
  };
  const databaseMs = () => [...backends.values()].reduce((sum, entry) => sum + entry.last - entry.first, 0);
  const sample = async () => {
    await readBackends();
    return { serverMs: cpuMsOf(server.child.pid!), databaseMs: databaseMs(), sendersMs: sendersCpuMs() };
  };
  const backendReader = setInterval(() => void readBackends().catch(() => undefined), 1000);
  let results: Results;
  try {
    const token = await demoAccessToken(server, 'admin@example.com', 'mail benchmark');
    // Warm-up, not counted: the first messages pay for connections and JIT. The run's own mix, from
    // another seed (other Message-IDs).
    const warmUp = generateMail({ ...mix, messages: Number(options.warmup) }, 7);
    await send(server.smtpPort!, warmUp);
    if (!options['accept-only']) await waitUntilProcessed(server, token);

    const before = await sample();
    // From here each backend counts from its reading now, or from zero when it starts later.
    for (const entry of backends.values()) entry.first = entry.last;
    before.databaseMs = 0;
    measuring = true;
    const began = performance.now();
    const accepted = await send(server.smtpPort!, mail);
    if (!options['accept-only']) await waitUntilProcessed(server, token);
    const endToEndMs = performance.now() - began;
    const after = await sample();
    const perMessage = (ms: number) => Math.round((ms / mail.length) * 10) / 10;
    results = {
      accept: summarize(accepted),
      acceptSeconds: accepted.wallMs / 1000,
      endToEndSeconds: endToEndMs / 1000,
      cpuMsPerMessage: {
        server: perMessage(after.serverMs - before.serverMs),
        database: perMessage(after.databaseMs - before.databaseMs),
        senders: perMessage(after.sendersMs - before.sendersMs),
      },
    };
  } finally {
    clearInterval(backendReader);
    await admin?.end();
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const counts = await outcome();
  if (!options['data-dir']) fs.rmSync(dataDirectory, { recursive: true, force: true });
  printReport(mail, results, counts);
}

function printReport(mail: BenchMail[], results: Results, counts: Record<string, string>): void {
  const replies = mail.filter((message) => message.repliesTo !== null).length;
  const withFiles = mail.filter((message) => message.attachmentBytes > 0);
  const megabytes = mail.reduce((sum, message) => sum + message.raw.length, 0) / 2 ** 20;
  const { accept } = results;
  const lines = [
    `engine ${engine}, ${mail.length} messages (${replies} replies, ${withFiles.length} with an attachment of` +
      ` 50–300 KB; ${megabytes.toFixed(0)} MB on the wire), ${senders} concurrent SMTP senders`,
    `${machineLine(calibration, ticksAtStart)}; load at the start ${loadAtStart}, at the end ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
    '',
    '| measure | value |',
    '|---|---|',
    `| accepted (250) per second | ${Math.round(mail.length / results.acceptSeconds)} |`,
    `| 250 latency p50 / p95 / p99 ms | ${accept.p50} / ${accept.p95} / ${accept.p99} |`,
    ...(options['accept-only']
      ? ['| processed onto tickets | not measured (--accept-only: no worker) |']
      : [
          `| processed onto tickets per second (first send → last processed) | ${Math.round(mail.length / results.endToEndSeconds)} |`,
          `| all accepted after s / all processed after s | ${results.acceptSeconds.toFixed(1)} / ${results.endToEndSeconds.toFixed(1)} |`,
        ]),
    `| CPU ms per message: server / database / senders | ${results.cpuMsPerMessage.server} / ${
      engine === 'postgres' ? results.cpuMsPerMessage.database : '(in the server)'
    } / ${results.cpuMsPerMessage.senders} |`,
    '',
    `outcome (warm-up included): ${Object.entries(counts)
      .map(([what, count]) => `${what} ${count}`)
      .join(', ')}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

await run();
