/**
 * Background jobs on PostgreSQL through pg-boss, with a typed registry: a job is a name, a zod
 * schema for its payload and a handler (STYLE: "a typed job registry").
 *
 * Jobs are enqueued inside the transaction of the change that causes them (`enqueue(tx, …)`), so a
 * job exists exactly when its cause was committed. Job names `module.verb-noun` are permanent.
 * Handlers receive ids, reload state and must be idempotent: pg-boss delivers at least once.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { z } from 'zod';
import type { Database, Transaction } from '../db/database.js';

export interface JobDefinition<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  handle(payload: Payload): Promise<void>;
  /** Retries after a failure (default 5), with exponential back-off from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * How many of these jobs one worker node runs at once (default 1): that many pg-boss workers on
   * the queue, each fetching its own job (SKIP LOCKED, so never the same one twice).
   */
  concurrency?: number;
  /**
   * How many due jobs one fetch takes (default 1). Each still runs on its own and fails on its own
   * (retried alone); the ones that succeeded are completed together. One fetch and one completion
   * for a batch instead of for every job: for queues that fill up under load (customer notices,
   * outgoing mail), each one statement of work per job.
   */
  batchSize?: number;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

function executorFor(queryable: pg.Pool | pg.PoolClient): SqlExecutor {
  return { executeSql: (text, values) => queryable.query(text, values as unknown[]) };
}

export interface JobQueueOptions {
  /** Run handlers in this process (role `worker`). */
  work: boolean;
  /** Run pg-boss maintenance and cron (role `scheduler`). */
  schedule: boolean;
  /** Embedded mode polls more often: NOTIFY does not cross the single PGlite session (DESIGN §3). */
  pollingIntervalSeconds: number;
}

export class JobQueue {
  readonly #boss: PgBoss;
  readonly #definitions = new Map<string, JobDefinition<unknown>>();
  readonly #schedules = new Map<string, string>();
  readonly #options: JobQueueOptions;
  #started = false;
  #queriesInFlight = 0;
  #handlersRunning = 0;

  constructor(database: Database, options: JobQueueOptions) {
    this.#options = options;
    const poolExecutor = executorFor(database.pool);
    this.#boss = new PgBoss({
      // Counted, so that stop() can wait for pg-boss's own queries (see there).
      db: {
        executeSql: async (text, values) => {
          this.#queriesInFlight += 1;
          try {
            return await poolExecutor.executeSql(text, values);
          } finally {
            this.#queriesInFlight -= 1;
          }
        },
      },
      schema: 'pgboss',
      supervise: options.schedule,
      schedule: options.schedule,
      migrate: true,
    });
    this.#boss.on('error', () => undefined);
  }

  register<Payload>(definition: JobDefinition<Payload>): void {
    if (this.#started) throw new Error(`Job ${definition.name} registered after start`);
    if (this.#definitions.has(definition.name)) throw new Error(`Job ${definition.name} registered twice`);
    this.#definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  /** Runs `definition` on a cron schedule (UTC), from the nodes with the scheduler role. */
  scheduleRecurring<Payload>(definition: JobDefinition<Payload>, cron: string): void {
    if (this.#started) throw new Error(`Job ${definition.name} scheduled after start`);
    this.#schedules.set(definition.name, cron);
  }

  /** Creates pg-boss's schema and the queues, then starts the handlers when this node works. */
  async start(onError: (job: string, error: unknown) => void): Promise<void> {
    await this.#boss.start();
    for (const definition of this.#definitions.values()) {
      await this.#boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 10,
        retryBackoff: true,
      });
    }
    if (this.#options.schedule) {
      for (const [name, cron] of this.#schedules) await this.#boss.schedule(name, cron, {}, { tz: 'UTC' });
    }
    this.#started = true;
    if (!this.#options.work) return;
    for (const definition of this.#definitions.values()) {
      for (let slot = 0; slot < (definition.concurrency ?? 1); slot += 1) await this.#startWorker(definition, onError);
    }
  }

  async #startWorker(definition: JobDefinition<unknown>, onError: (job: string, error: unknown) => void) {
    let workerId: string | null = null;
    const batchSize = definition.batchSize ?? 1;
    workerId = await this.#boss.work(
      definition.name,
      { pollingIntervalSeconds: this.#options.pollingIntervalSeconds, batchSize },
      async (jobs) => {
        // pg-boss waits a whole polling interval after every fetch, even one that found a job, which
        // capped each queue at one job per interval (2 per second embedded): while jobs keep coming,
        // fetch the next one at once; only an empty fetch waits for the interval.
        if (workerId) this.#boss.notifyWorker(workerId);
        this.#handlersRunning += 1;
        try {
          for (const job of jobs) {
            try {
              await definition.handle(definition.payload.parse(job.data));
            } catch (error) {
              onError(definition.name, error);
              // Alone: pg-boss fails the whole batch when the handler throws.
              if (batchSize === 1) throw error;
              // Failed on its own (retried with its back-off); pg-boss then completes the rest of the
              // batch, which only touches jobs still active.
              await this.#boss.fail(definition.name, job.id, { message: (error as Error).message });
            }
          }
        } finally {
          this.#handlersRunning -= 1;
        }
      },
    );
  }

  /**
   * Enqueues inside `tx`: the job exists only if the transaction commits. `startAfterSeconds` delays
   * it (counted by the database's clock: a retry after a wait, not a point of the injected one).
   */
  async enqueue<Payload>(
    tx: Transaction,
    definition: JobDefinition<Payload>,
    payload: Payload,
    options: { startAfterSeconds?: number } = {},
  ): Promise<void> {
    if (!this.#definitions.has(definition.name)) throw new Error(`Job ${definition.name} is not registered`);
    await this.#boss.send(definition.name, definition.payload.parse(payload) as object, {
      db: executorFor(tx.$client),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      // Per job as well as per queue: a queue created by an older version keeps its old settings.
      retryLimit: definition.retryLimit ?? 5,
      retryDelay: definition.retryDelaySeconds ?? 10,
      retryBackoff: true,
    });
  }

  /**
   * An INSERT of one `definition` job per row of `from` (an SQL source: a data-modifying CTE's
   * name, say), its payload the JSON expression `payload` over that source, written as `enqueue`
   * writes it (pg-boss 10's `send`: its job table, the queue's dead letter, expiry, retention and
   * policy; this definition's retries), for a caller that writes its change and its job in one
   * statement: a single statement is atomic without a transaction (the inbound intake, ADR 0016).
   * `job-queue.db.test.ts` compares its row with `enqueue`'s, so a pg-boss upgrade that writes
   * jobs differently fails there first.
   */
  jobInsertSql<Payload>(definition: JobDefinition<Payload>, source: { from: string; payload: string }): string {
    if (!this.#definitions.has(definition.name)) throw new Error(`Job ${definition.name} is not registered`);
    // Job names are `module.verb-noun` (checked, so that it can be written into the text).
    if (!/^[a-z0-9.-]+$/.test(definition.name)) throw new Error(`Unexpected job name ${definition.name}`);
    const retryLimit = Math.trunc(definition.retryLimit ?? 5);
    const retryDelay = Math.max(Math.trunc(definition.retryDelaySeconds ?? 10), 1);
    return `INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
                             expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
    SELECT gen_random_uuid(), queue.name, ${source.payload}, 0, now(), NULL, NULL, queue.dead_letter,
           coalesce(queue.expire_seconds * interval '1s', interval '15 minutes'),
           now() + CAST(coalesce((queue.retention_minutes * 60)::text, '14 days') AS interval),
           ${retryLimit}, ${retryDelay}, true, queue.policy
      FROM ${source.from} JOIN pgboss.queue queue ON queue.name = '${definition.name}'`;
  }

  /**
   * Runs every job that is due now, in this call, until none is left; returns how many ran.
   * For commands and tests: deterministic, no polling interval to wait for.
   */
  async runPendingJobs(): Promise<number> {
    let ran = 0;
    for (let progress = true; progress;) {
      progress = false;
      for (const definition of this.#definitions.values()) {
        const jobs = await this.#boss.fetch<unknown>(definition.name, { batchSize: 10 });
        for (const job of jobs) {
          progress = true;
          ran += 1;
          try {
            await definition.handle(definition.payload.parse(job.data));
            await this.#boss.complete(definition.name, job.id);
          } catch (error) {
            await this.#boss.fail(definition.name, job.id, { message: (error as Error).message });
          }
        }
      }
    }
    return ran;
  }

  /** Waits for running handlers, then stops polling. */
  async stop(): Promise<void> {
    const deadline = Date.now() + 30_000;
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    // pg-boss counts a worker as busy only once its fetch has returned: a fetch in flight when stop
    // was called still hands its jobs to the handler afterwards, and their complete/fail (which
    // pg-boss does not await) would then hit a closed pool as an unhandled rejection, exiting 1.
    // So wait until pg-boss's queries and our handlers are all done; a macrotask later, so the
    // microtasks from a returned fetch to the handler's start have run.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if ((this.#queriesInFlight === 0 && this.#handlersRunning === 0) || Date.now() > deadline) return;
    }
  }
}
