/**
 * Jobs exist exactly when the transaction that enqueued them commits, and run once; a batch fetched
 * at once fails only its failed job; mail without SMTP needs no job at all.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { outboundMessages } from '../modules/mail/mail.schema.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { defineJob, JobQueue } from './job-queue.js';

let server: TestServer;
/** A queue of its own with a job that records what it ran (the server's queue is closed to new jobs). */
let queue: JobQueue;
const ran: string[] = [];
const recordKey = defineJob({
  name: 'test.record-key',
  payload: z.object({ key: z.string() }),
  handle: async ({ key }) => {
    ran.push(key);
  },
});

beforeAll(async () => {
  server = await createTestServer({ demo: false });
  queue = new JobQueue(server.deps.database, { work: false, schedule: false, pollingIntervalSeconds: 0.5 });
  queue.register(recordKey);
  await queue.start(() => undefined);
});
afterAll(async () => {
  await queue.stop();
  await server.dispose();
});

it('drops the job with the transaction that rolls back', async () => {
  await expect(
    server.deps.database.transaction(async (tx) => {
      await queue.enqueue(tx, recordKey, { key: 'rolled back' });
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect(await queue.runPendingJobs()).toBe(0);
  expect(ran).toEqual([]);
});

it('runs the job of a committed transaction once', async () => {
  await server.deps.database.transaction((tx) => queue.enqueue(tx, recordKey, { key: 'committed' }));
  expect(await queue.runPendingJobs()).toBe(1);
  expect(await queue.runPendingJobs()).toBe(0);
  expect(ran).toEqual(['committed']);
});

it('holds mail in the Outbox at once when no SMTP is configured, with no sending job', async () => {
  const { database } = server.deps;
  const email = { to: ['someone@example.com'], subject: 'Prova', text: 'Testo', purpose: 'test.job-queue' };
  const id = await database.transaction((tx) => server.modules.mail.outbox.queueEmail(tx, server.clock.now(), email));
  const [held] = await database.orm.select().from(outboundMessages).where(eq(outboundMessages.id, id!));
  expect(held).toMatchObject({ status: 'held', sentAt: null });
  expect(held!.headers['Message-ID']).toMatch(/^<[0-9a-f-]+@sportello\.test>$/);
  expect(await server.deps.jobs.runPendingJobs()).toBe(0);
});

it('runs a batch of jobs fetched at once, failing only the one that failed', async () => {
  const { database } = server.deps;
  const worker = new JobQueue(database, { work: true, schedule: false, pollingIntervalSeconds: 0.5 });
  const handled: number[] = [];
  const errors: unknown[] = [];
  const batched = defineJob({
    name: 'test.batched-job',
    payload: z.object({ n: z.number() }),
    batchSize: 5,
    retryLimit: 1,
    retryDelaySeconds: 3600,
    handle: async ({ n }) => {
      handled.push(n);
      if (n === 2) throw new Error('the second one fails');
    },
  });
  worker.register(batched);
  await worker.start((_job, error) => errors.push(error));
  try {
    await database.transaction(async (tx) => {
      for (const n of [1, 2, 3, 4, 5]) await worker.enqueue(tx, batched, { n });
    });
    await expect.poll(() => handled.length, { timeout: 20_000, interval: 100 }).toBe(5);
    const states = async () => {
      const { rows } = await database.pool.query<{ n: number; state: string }>(
        `SELECT (data->>'n')::int AS n, state FROM pgboss.job WHERE name = 'test.batched-job' ORDER BY 1`,
      );
      return rows.map((row) => `${row.n} ${row.state}`);
    };
    await expect
      .poll(states, { timeout: 20_000, interval: 100 })
      .toEqual(['1 completed', '2 retry', '3 completed', '4 completed', '5 completed']);
    expect(handled.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(errors).toHaveLength(1);
  } finally {
    await worker.stop();
  }
});
