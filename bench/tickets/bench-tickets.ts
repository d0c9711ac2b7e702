/**
 * The tickets benchmark (issue 3): a large desk generated in SQL, then the workspace's requests
 * measured through HTTP against the real Sportello process with concurrency 8.
 *
 *   npm run bench:tickets -- --engine postgres --tickets 1000000
 *   npm run bench:tickets -- --engine pglite --tickets 100000
 *
 * Options: --database-url (postgres; default a `sportello_bench` database on 127.0.0.1:5432, created
 * when missing), --data-dir (pglite; default a folder under the system temp dir), --requests (per
 * read scenario, default 400), --creates (default 1000), --concurrency (default 8), --warmup (requests
 * of each scenario before it is measured, default 40, at most its count), --generate-only,
 * --only (comma-separated starts of scenario names: `--only search,create`), --cpu-profile DIR (a V8
 * CPU profile of the server, written when it stops: cpu-profile.mjs), --node-options (more NODE_OPTIONS
 * for the server: `--node-options=--perf-basic-prof` lets `perf record -p PID` name JavaScript frames).
 * Generation is skipped when the database already holds the tickets, so a second run only measures.
 * Besides latencies, each scenario reports the CPU milliseconds per request of the server process
 * and of its PostgreSQL backends (from /proc): they do not depend on the machine's load. On
 * PostgreSQL, creation's CPU is sampled once the mail jobs it caused (acknowledgement, sending) are
 * done, so that work a creation leaves to the worker counts with it (`jobsDoneAfterMs`).
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../server/db/database.js';
import { startSportello, type SportelloProcess } from '../../server/test-support/sportello-process.js';
import { generateTickets } from './generate-tickets.js';
import {
  calibrationMs,
  machineCpuTicks,
  machineLine,
  measure,
  serverProfiling,
  summarize,
  type Summary,
} from './measure.js';
import { sampleCpu, sampleCpuEvery } from './process-cpu.js';

const { values: options } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    tickets: { type: 'string', default: '100000' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sportello_bench' },
    'data-dir': { type: 'string' },
    requests: { type: 'string', default: '400' },
    creates: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '40' },
    'generate-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-profile': { type: 'string' },
    /** More NODE_OPTIONS for the server (`--node-options=--perf-basic-prof`, for `perf record`). */
    'node-options': { type: 'string' },
  },
});
const engine = options.engine === 'postgres' ? 'postgres' : 'pglite';
const ticketCount = Number(options.tickets);
const requests = Number(options.requests);
const concurrency = Number(options.concurrency);
const warmup = Number(options.warmup);
const databaseUrl = engine === 'postgres' ? options['database-url']! : null;
const dataDirectory = options['data-dir'] ?? path.join(os.tmpdir(), `sportello-bench-pglite-${ticketCount}`);
/**
 * The measured server's connections carry a name of this run (set in its DATABASE_URL, which wins
 * over the pool's own), so its backends' CPU is told apart from anyone else's on the same database.
 */
const applicationName = `sportello-bench-${process.pid}`;
const serverDatabaseUrl = databaseUrl
  ? Object.assign(new URL(databaseUrl), { search: `?application_name=${applicationName}` }).toString()
  : null;
const environment: Record<string, string> = {
  SPORTELLO_DEMO: '1',
  SPORTELLO_LOG_LEVEL: 'warn',
  SMTP_LISTEN_PORT: '0',
  SPORTELLO_LOGIN_RATE_LIMIT: '1000',
  ...(serverDatabaseUrl ? { DATABASE_URL: serverDatabaseUrl } : { SPORTELLO_DATA_DIR: dataDirectory }),
};
const only = options.only?.split(',').map((prefix) => prefix.trim()) ?? null;

async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  await admin.end();
}

async function prepare(): Promise<void> {
  if (databaseUrl) await ensurePostgresDatabase(databaseUrl);
  // The first start migrates and seeds the demo desk the generated tickets belong to.
  const seeded = await startSportello(environment, 300_000);
  seeded.child.kill('SIGTERM');
  await seeded.exited;
  const database = await openDatabase({ databaseUrl, dataDirectory, acquireTimeoutMs: 600_000 });
  try {
    await generateTickets(database.pool, { tickets: ticketCount });
  } finally {
    await database.close();
  }
}

interface Client {
  /** The answer, parsed. */
  get(url: string): Promise<unknown>;
  /**
   * A measured request: the status is checked, the body read and let go unparsed. A page of 50 is
   * 60 KB of JSON: parsing it cost this process ≈ 0.4 ms of the two cores it shares with the server.
   */
  hit(url: string): Promise<void>;
  post(url: string, body: unknown): Promise<void>;
}

/** CPU per measured request: the server process, its database backends, and this process (the client). */
interface Cpu {
  serverCpuMs: number;
  databaseCpuMs: number;
  clientCpuMs: number;
}

async function signIn(server: SportelloProcess, email: string): Promise<Client> {
  const response = await fetch(`${server.url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'sportello', name: 'benchmark' }),
  });
  if (!response.ok) throw new Error(`token for ${email}: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  const origin = new URL(server.url);
  const call = (method: 'GET' | 'POST', url: string, parse: boolean, body?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const request = http.request(
        {
          agent: keepAlive,
          host: origin.hostname,
          port: origin.port,
          method,
          path: url,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const failed = status < 200 || status >= 300;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => {
            if (parse || failed) chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            if (!parse && !failed) return resolve(undefined);
            const text = Buffer.concat(chunks).toString('utf8');
            if (failed) reject(new Error(`${method} ${url}: ${status} ${text.slice(0, 300)}`));
            else resolve(JSON.parse(text) as unknown);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return {
    get: (url) => call('GET', url, true),
    hit: async (url) => {
      await call('GET', url, false);
    },
    post: async (url, body) => {
      await call('POST', url, false, JSON.stringify(body));
    },
  };
}

/**
 * The client shares the machine's cores with the server and PostgreSQL: node:http on kept-alive
 * connections costs it about a third of the CPU per request that `fetch` did (docs/PERFORMANCE.md).
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: Number(options.concurrency) });

const listUrls = [
  '/api/v1/tickets?view=my_groups&limit=50',
  '/api/v1/tickets?view=all_open&limit=50',
  '/api/v1/tickets?view=level1_unassigned&limit=50',
  '/api/v1/tickets?view=waiting_customer&limit=50',
  '/api/v1/tickets?view=my&limit=50',
  '/api/v1/tickets?view=all_open&priority=P1,P2&limit=50',
  '/api/v1/tickets?view=my_groups&sort=created_desc&limit=50',
  '/api/v1/tickets?view=all_open&tag=vip&limit=50',
];
const searchWords = [
  'stampante',
  'password bloccata',
  'VPN',
  'fattura contratto',
  'printer error',
  'certificate renewal',
  'backup ripristino',
  'slow network',
];

async function run(): Promise<void> {
  await prepare();
  if (options['generate-only']) return;
  const calibration = calibrationMs();
  const ticksAtStart = machineCpuTicks();
  const profileDirectory = options['cpu-profile'] ? path.resolve(options['cpu-profile']) : null;
  const server = await startSportello(
    { ...environment, ...serverProfiling(profileDirectory, options['node-options']) },
    300_000,
  );
  const admin = databaseUrl
    ? new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() })
    : null;
  await admin?.connect();
  const databaseName = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : '';
  try {
    const agent = await signIn(server, 'l1@example.com');
    const manager = await signIn(server, 'admin@example.com');
    const longTicketIds: string[] = [];
    for (let thousand = 1000; thousand <= Math.min(ticketCount, 50_000); thousand += 1000) {
      const number = `2025-${String(thousand).padStart(7, '0')}`;
      const page = (await manager.get(`/api/v1/tickets?q=${number}&limit=1`)) as { items: { id: string }[] };
      if (page.items[0]) longTicketIds.push(page.items[0].id);
    }
    if (longTicketIds.length === 0) throw new Error('no generated ticket with 20 messages found');

    const results: Record<string, Summary & Cpu> = {};
    const runScenario = async (
      name: string,
      count: number,
      call: (index: number) => Promise<unknown>,
      settle?: () => Promise<number>,
    ) => {
      if (only && !only.some((prefix) => name.startsWith(prefix))) return;
      await measure(Math.min(warmup, count), concurrency, call); // warm-up, not counted
      await settle?.();
      const clientBefore = process.cpuUsage();
      const before = await sampleCpu(server.child.pid!, admin, databaseName, applicationName);
      const stopSampling = sampleCpuEvery(250, server.child.pid!, admin, databaseName, applicationName);
      const measured = await measure(count, concurrency, call);
      // The work a request leaves to jobs (a new ticket's mail) is counted with it: sampled once done.
      const settledAfterMs = settle ? await settle() : null;
      stopSampling();
      const after = await sampleCpu(server.child.pid!, admin, databaseName, applicationName);
      const client = process.cpuUsage(clientBefore);
      results[name] = {
        ...summarize(measured),
        ...(settledAfterMs === null ? {} : { jobsDoneAfterMs: settledAfterMs }),
        serverCpuMs: Math.round(((after.serverMs - before.serverMs) / measured.latenciesMs.length) * 10) / 10,
        databaseCpuMs: Math.round(((after.databaseMs - before.databaseMs) / measured.latenciesMs.length) * 10) / 10,
        clientCpuMs: Math.round(((client.user + client.system) / 1000 / measured.latenciesMs.length) * 10) / 10,
      };
      process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
    };
    // The workspace reads the view counts whenever it opens (and folds the counts' deltas back then):
    // before the lists, as in the browser, not only in the counts' own scenario further down.
    await agent.hit('/api/v1/tickets/views');
    await runScenario('list a view of 50 (agent)', requests, (index) => agent.hit(listUrls[index % listUrls.length]!));
    // Each view on its own too: one slow view hides in the mixed percentiles.
    for (const url of listUrls) {
      await runScenario(`list ${url.replace('/api/v1/tickets?', '')}`, requests / 4, () => agent.hit(url));
    }
    await runScenario('view counts (agent)', requests / 4, () => agent.hit('/api/v1/tickets/views'));
    await runScenario('open a ticket with 20 messages: ticket', requests, (index) =>
      manager.hit(`/api/v1/tickets/${longTicketIds[index % longTicketIds.length]}`),
    );
    await runScenario('open a ticket with 20 messages: timeline', requests, (index) =>
      manager.hit(`/api/v1/tickets/${longTicketIds[index % longTicketIds.length]}/timeline`),
    );
    await runScenario('search (agent)', requests, (index) =>
      agent.hit(`/api/v1/search?q=${encodeURIComponent(searchWords[index % searchWords.length]!)}`),
    );
    await runScenario(
      'create a ticket (agent)',
      Number(options.creates),
      (index) =>
        agent.post('/api/v1/tickets', {
          type: 'incident',
          subject: `Benchmark: la stampante del piano ${index} non stampa`,
          description: 'La stampante segnala carta inceppata ma il vassoio è vuoto. Potete intervenire?',
          requester: { email: `bench-${index % 200}@example.com`, name: `Bench ${index % 200}` },
          impact: 'medium',
          urgency: 'low',
        }),
      databaseUrl ? () => mailJobsDone(databaseUrl) : undefined,
    );
    printReport(results, machineLine(calibration, ticksAtStart));
  } finally {
    await admin?.end();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/**
 * Waits until no mail job is waiting or running (a new ticket's acknowledgement and its sending, run
 * by the server's own worker), at most two minutes; returns how long that took.
 */
async function mailJobsDone(url: string): Promise<number> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    while (Date.now() - started < 120_000) {
      const { rows } = await client.query<{ pending: string }>(
        `SELECT count(*) AS pending FROM pgboss.job WHERE name LIKE 'mail.%' AND state IN ('created', 'retry', 'active')`,
      );
      if (rows[0]!.pending === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

function printReport(results: Record<string, Summary & Cpu>, machine: string): void {
  const lines = [
    `engine ${engine}, ${ticketCount.toLocaleString('en')} generated tickets, concurrency ${concurrency}, warm-up ${warmup} requests per scenario`,
    `${machine}; load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
    '',
    '| scenario | requests | p50 ms | p95 ms | p99 ms | per second | CPU ms/request: server | database | client |',
    '|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([name, summary]) =>
        `| ${name} | ${summary.count} | ${summary.p50} | ${summary.p95} | ${summary.p99} | ${summary.perSecond} | ${summary.serverCpuMs} | ${engine === 'postgres' ? summary.databaseCpuMs : '(in server)'} | ${summary.clientCpuMs} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

await run();
