/**
 * Is a ticket list's generic plan as good as the custom one? For each (agent, list URL) this asks
 * the server's own code for the page (in process, through `inject`), catches the ticket-rows
 * statement it sends, and runs it again as `PREPARE` + `EXPLAIN (ANALYZE) EXECUTE` with
 * `plan_cache_mode` forced to custom, then to generic: planning and execution times and the plan's
 * outline for both. Read-only apart from the sessions of the sign-ins.
 *
 *   node --import tsx bench/tickets/explain-list.ts --database-url postgres://…/tickets_perf_bench [--runs 3]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../server/config/config.js';
import { openDatabase } from '../../server/db/database.js';
import { DEMO_PASSWORD } from '../../server/demo/demo-data.js';
import { createServer } from '../../server/server.js';
import { systemClock } from '../../server/http/context.js';

const { values: options } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '3' },
    agents: { type: 'string', default: 'l1@example.com,l2@example.com,emily.carter@example.com' },
    urls: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const databaseUrl = options['database-url'];
if (!databaseUrl) throw new Error('--database-url is required');

const urls = options.urls?.split(' ') ?? [
  'view=my_groups&limit=50',
  'view=all_open&limit=50',
  'view=level1_unassigned&limit=50',
  'view=level2_unassigned&limit=50',
  'view=waiting_customer&limit=50',
  'view=my&limit=50',
  'view=all_open&priority=P1,P2&limit=50',
  'view=all_open&priority=P5&limit=50',
  'view=my_groups&sort=created_desc&limit=50',
  'view=my_groups&sort=created_asc&limit=50',
  'view=my_groups&sort=priority&limit=50',
  'view=all_open&tag=vip&limit=50',
  'view=all_open&tag=no-such-tag&limit=50',
  'status=closed&limit=50',
  'limit=50',
  'view=my_groups&limit=50&page=2',
];

const database = await openDatabase({ databaseUrl, dataDirectory: '/nonexistent', poolSize: 2 });
const config = {
  ...loadConfig({ DATABASE_URL: databaseUrl, SPORTELLO_ROLES: 'http', SMTP_LISTEN_PORT: 'off', SPORTELLO_DEMO: '0' }),
  databaseUrl,
};
const server = await createServer({
  config,
  database,
  clock: systemClock,
  logger: pino({ level: 'silent' }),
  migrate: false,
});

const captured: { text: string; values: unknown[] }[] = [];
const pool = database.orm.$client as unknown as { query: (...args: unknown[]) => unknown };
const query = pool.query.bind(pool);
pool.query = (...args: unknown[]) => {
  const config = args[0] as { text?: string; values?: unknown[] };
  if (typeof config === 'object' && config.text?.includes('JOIN "ticket_statuses" ON')) {
    captured.push({ text: config.text, values: config.values ?? [] });
  }
  return query(...args);
};

const explainer = new pg.Client({ connectionString: databaseUrl });
await explainer.connect();
const literal = (value: unknown) =>
  value === null ? 'NULL' : explainer.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));

const argumentsOf = (values: unknown[]) => (values.length ? `(${values.map(literal).join(', ')})` : '');

interface Plan {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: Plan[];
}
const outline = (plan: Plan): string =>
  `${plan['Node Type']}${plan['Index Name'] ? `[${plan['Index Name']}]` : plan['Relation Name'] ? `[${plan['Relation Name']}]` : ''}` +
  (plan.Plans?.length
    ? `(${plan.Plans.filter((child) => !('Subplan Name' in child))
        .map(outline)
        .join(',')})`
    : '');

async function explain(text: string, values: unknown[], mode: 'custom' | 'generic') {
  await explainer.query(`SET plan_cache_mode = force_${mode}_plan`);
  await explainer.query(`PREPARE explained AS ${text}`);
  let last = { planning: 0, execution: 0, outline: '' };
  try {
    for (let run = 0; run < Number(options.runs); run++) {
      if (options.verbose && run === Number(options.runs) - 1) {
        const { rows: text } = await explainer.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) EXECUTE explained${argumentsOf(values)}`,
        );
        process.stdout.write(`--- ${mode}\n${text.map((row) => row['QUERY PLAN']).join('\n')}\n`);
      }
      const { rows } = await explainer.query<{
        'QUERY PLAN': [{ Plan: Plan; 'Planning Time': number; 'Execution Time': number }];
      }>(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE explained${argumentsOf(values)}`);
      const [result] = rows[0]!['QUERY PLAN'];
      last = { planning: result['Planning Time'], execution: result['Execution Time'], outline: outline(result.Plan) };
    }
  } finally {
    await explainer.query('DEALLOCATE explained');
  }
  return last;
}

const AUTO_RUNS = 8;
/** What PostgreSQL does by itself (plan_cache_mode = auto): after 5 custom plans it may keep a generic one. */
async function chosenByDefault(text: string, values: unknown[]) {
  await explainer.query('SET plan_cache_mode = auto');
  await explainer.query(`PREPARE explained AS ${text}`);
  try {
    for (let run = 0; run < AUTO_RUNS; run++) {
      await explainer.query(`EXECUTE explained${argumentsOf(values)}`);
    }
    const { rows } = await explainer.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'explained'`,
    );
    return `${rows[0]!.generic_plans} generic, ${rows[0]!.custom_plans} custom`;
  } finally {
    await explainer.query('DEALLOCATE explained');
  }
}

try {
  for (const email of options.agents.split(',')) {
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: DEMO_PASSWORD },
    });
    const cookie = login.cookies.find((entry) => entry.name === 'sportello_session');
    if (!cookie) throw new Error(`sign-in of ${email} failed: ${login.body}`);
    for (const url of urls) {
      const secondPage = url.endsWith('&page=2');
      let target = `/api/v1/tickets?${url.replace('&page=2', '')}`;
      if (secondPage) {
        const first = await server.app.inject({
          method: 'GET',
          url: target,
          cookies: { sportello_session: cookie.value },
        });
        target += `&cursor=${first.json<{ nextCursor: string }>().nextCursor}`;
      }
      captured.length = 0;
      const response = await server.app.inject({
        method: 'GET',
        url: target,
        cookies: { sportello_session: cookie.value },
      });
      if (response.statusCode !== 200 || captured.length !== 1) {
        throw new Error(`${url}: ${response.statusCode}, ${captured.length} statements`);
      }
      const { text, values } = captured[0]!;
      const custom = await explain(text, values, 'custom');
      const generic = await explain(text, values, 'generic');
      const auto = await chosenByDefault(text, values);
      const same = custom.outline === generic.outline;
      process.stdout.write(
        `${email} ${url}: custom plan ${custom.planning.toFixed(2)} + ${custom.execution.toFixed(2)} ms, ` +
          `generic ${generic.planning.toFixed(2)} + ${generic.execution.toFixed(2)} ms, ${same ? 'same plan' : 'DIFFERENT plans'}; ` +
          `by default after ${AUTO_RUNS} runs: ${auto}\n` +
          (same ? `  ${custom.outline}\n` : `  custom:  ${custom.outline}\n  generic: ${generic.outline}\n`),
      );
    }
  }
} finally {
  await explainer.end();
  await server.close();
  await database.close();
}
