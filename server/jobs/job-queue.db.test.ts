/** Jobs exist exactly when the transaction that enqueued them commits, and run idempotently. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outboundMessages } from '../modules/mail/mail.schema.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer({ demo: false });
});
afterAll(async () => {
  await server.dispose();
});

const email = { to: ['someone@example.com'], subject: 'Prova', text: 'Testo', purpose: 'test.job-queue' };

it('drops the job with the transaction that rolls back', async () => {
  const { database } = server.deps;
  await expect(
    database.transaction(async (tx) => {
      await server.modules.mail.outbox.queueEmail(tx, server.clock.now(), email);
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  const rows = await database.orm.select().from(outboundMessages).where(eq(outboundMessages.purpose, email.purpose));
  expect(rows).toEqual([]);
  expect(await server.deps.jobs.runPendingJobs()).toBe(0);
});

it('runs the job of a committed transaction once, holding mail when no SMTP is configured', async () => {
  const { database } = server.deps;
  const id = await database.transaction((tx) => server.modules.mail.outbox.queueEmail(tx, server.clock.now(), email));
  const [queued] = await database.orm.select().from(outboundMessages).where(eq(outboundMessages.id, id!));
  expect(queued!.status).toBe('queued');
  expect(queued!.headers['Message-ID']).toMatch(/^<[0-9a-f-]+@sportello\.test>$/);

  expect(await server.deps.jobs.runPendingJobs()).toBe(1);
  const [held] = await database.orm.select().from(outboundMessages).where(eq(outboundMessages.id, id!));
  expect(held!.status).toBe('held');
  expect(await server.deps.jobs.runPendingJobs()).toBe(0);
});
