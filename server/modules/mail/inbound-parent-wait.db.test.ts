/**
 * Replies whose parent is still in flight (ADR 0007 §4a): a reply processed before the message it
 * answers waits for it (status stays `received`, its job sent again later), is woken when the parent
 * is applied, and gives up after PARENT_WAIT_MS on the injected clock — never by sleeping.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail as mail } from '../../test-support/raw-mail.js';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { messages } from '../tickets/tickets.schema.js';
import { PARENT_WAIT_MS } from './inbound-parent-wait.js';
import { storeInbound } from './inbound-store.js';
import { inboundEmails } from './mail.schema.js';

describe('replies whose parent is still in flight', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const db = () => server.deps.database.orm;
  const pipeline = () => server.modules.inboundMail.pipeline;
  const delivery = (raw: string) => ({
    raw: Buffer.from(raw),
    source: 'smtp' as const,
    mailboxId: null,
    envelopeFrom: 'cliente@client.example',
    envelopeTo: ['support@example.com'],
  });

  /** The parent is stored but its processing has not run (another node is slow, a job is late). */
  async function storeWithoutProcessing(raw: string) {
    return storeInbound(server.deps.database.pool, delivery(raw), server.clock.now());
  }

  async function rowOf(id: string) {
    const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, id));
    return row!;
  }

  it('waits for the parent, is woken when it is applied, and joins its ticket by References', async () => {
    await server.deps.jobs.runPendingJobs();
    const parent = mail({ from: 'Cliente Uno <uno@client.example>', subject: 'Rete lenta' });
    const reply = mail({
      from: 'Cliente Uno <uno@client.example>',
      subject: 'Re: Rete lenta',
      answering: parent.messageId,
    });
    server.clock.advance(1000);
    const storedParent = await storeWithoutProcessing(parent.raw);
    server.clock.advance(1000);
    const storedReply = await pipeline().intake.accept(delivery(reply.raw));

    // The reply's job runs first: its parent is in flight, so it waits instead of opening a ticket.
    await server.deps.jobs.runPendingJobs();
    const waiting = await rowOf(storedReply.inboundEmailId);
    expect(waiting.status).toBe('received');
    expect(waiting.ticketId).toBeNull();
    expect(waiting.outcome).toMatchObject({
      filter: 'waiting_for_parent',
      waitingFor: [parent.messageId],
      deferrals: 1,
    });

    // A second look before the parent comes: still waiting, counted.
    server.clock.advance(10_000);
    expect((await pipeline().process(storedReply.inboundEmailId)).status).toBe('deferred');
    expect((await rowOf(storedReply.inboundEmailId)).outcome).toMatchObject({ deferrals: 2 });

    // The parent is applied; it wakes the reply at once (the delayed retry is not due yet).
    server.clock.advance(1000);
    const applied = await pipeline().process(storedParent.inboundEmailId);
    expect(applied.status).toBe('processed');
    expect(await server.deps.jobs.runPendingJobs()).toBeGreaterThan(0);
    const done = await rowOf(storedReply.inboundEmailId);
    expect(done.status).toBe('processed');
    expect(done.ticketId).toBe(applied.ticketId);
    const [message] = await db().select().from(messages).where(eq(messages.id, done.ticketMessageId!));
    expect(message!.threading).toMatchObject({
      reason: 'references',
      parentWait: { waitedFor: [parent.messageId], deferrals: 2, result: 'parent_applied' },
    });
    expect(message!.emailFlags).toContain('waited_for_parent');
  });

  it('gives up after the wait and makes a new ticket, saying so on the message', async () => {
    const parent = mail({ from: 'due@client.example', subject: 'Stampante' });
    const reply = mail({ from: 'due@client.example', subject: 'Re: Stampante', answering: parent.messageId });
    server.clock.advance(1000);
    await storeWithoutProcessing(parent.raw);
    const storedReply = await storeWithoutProcessing(reply.raw);
    expect((await pipeline().process(storedReply.inboundEmailId)).status).toBe('deferred');

    server.clock.advance(PARENT_WAIT_MS);
    const result = await pipeline().process(storedReply.inboundEmailId);
    expect(result.status).toBe('processed');
    const row = await rowOf(storedReply.inboundEmailId);
    expect(row.status).toBe('processed');
    const [message] = await db().select().from(messages).where(eq(messages.id, row.ticketMessageId!));
    expect(message!.threading).toMatchObject({
      reason: 'new_ticket',
      parentWait: { waitedFor: [parent.messageId], deferrals: 1, result: 'gave_up' },
    });
    expect(message!.emailFlags).toContain('waited_for_parent');
  });

  it('does not wait for a parent it never received, nor for one that failed', async () => {
    const orphan = mail({
      from: 'tre@client.example',
      subject: 'Re: qualcosa',
      answering: 'never-seen@elsewhere.example',
    });
    server.clock.advance(1000);
    const stored = await storeWithoutProcessing(orphan.raw);
    const result = await pipeline().process(stored.inboundEmailId);
    expect(result.status).toBe('processed');
    const [message] = await db()
      .select()
      .from(messages)
      .where(eq(messages.id, (await rowOf(stored.inboundEmailId)).ticketMessageId!));
    expect(message!.threading).toMatchObject({ reason: 'new_ticket' });
    expect(message!.threading).not.toHaveProperty('parentWait');
    expect(message!.emailFlags).not.toContain('waited_for_parent');

    // A parent that failed is not in flight: the reply goes on at once.
    const parent = mail({ from: 'quattro@client.example', subject: 'Posta' });
    const storedParent = await storeWithoutProcessing(parent.raw);
    await db().update(inboundEmails).set({ status: 'failed' }).where(eq(inboundEmails.id, storedParent.inboundEmailId));
    const reply = mail({ from: 'quattro@client.example', subject: 'Re: Posta', answering: parent.messageId });
    const storedReply = await storeWithoutProcessing(reply.raw);
    expect((await pipeline().process(storedReply.inboundEmailId)).status).toBe('processed');
  });
});
