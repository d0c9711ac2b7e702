/**
 * Threading and appending a reply read their facts in few named statements (inbound-thread-lookup.ts,
 * `lockTicketForReply` of inbound-email.service.ts; ADR 0016): the order of the cited Message-IDs,
 * our own Message-IDs, merges followed for the headers and the token, each kind of participant, the
 * author of a reply, its language's fallback and the followers told — and how many statements a
 * reply costs.
 */
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawMail as mail, type RawMailOptions } from '../../test-support/raw-mail.js';
import { acceptInbound } from '../../test-support/inbound-delivery.js';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { emailAddresses } from '../identity/identity.schema.js';
import { notifications } from '../notifications/notifications.schema.js';
import { messages, ticketFollowers, ticketParticipants, tickets } from '../tickets/tickets.schema.js';
import { mailboxAddresses, outboundMessages } from './mail.schema.js';

let requesters = 0;

describe('threading facts and the reply they append', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const db = () => server.deps.database.orm;
  const pipeline = () => server.modules.inboundMail.pipeline;

  async function deliver(raw: string) {
    server.clock.advance(1000);
    const stored = await acceptInbound(server, raw);
    return pipeline().process(stored.inboundEmailId);
  }

  async function newRequest(from = `filo${++requesters}@nuovo-cliente.example`, extra: Partial<RawMailOptions> = {}) {
    const sent = mail({ from, subject: 'Monitor spento', ...extra });
    const result = await deliver(sent.raw);
    expect(result.status).toBe('processed');
    const [ticket] = await db().select().from(tickets).where(eq(tickets.id, result.ticketId!));
    return { ticketId: result.ticketId!, number: ticket!.number, messageId: sent.messageId, from };
  }

  async function lastMessageOf(ticketId: string) {
    const rows = await db()
      .select()
      .from(messages)
      .where(eq(messages.ticketId, ticketId))
      .orderBy(messages.createdAt, messages.id);
    return rows[rows.length - 1]!;
  }

  const userIdOf = async (address: string) =>
    (await db().select().from(emailAddresses).where(eq(emailAddresses.address, address)))[0]!.userId!;

  it('threads by the newest cited Message-ID when the References name two tickets', async () => {
    const older = await newRequest();
    const newer = await newRequest(older.from);
    const reply = mail({
      from: older.from,
      subject: 'Re: Monitor spento',
      references: `<${older.messageId}> <${newer.messageId}>`,
    });
    const result = await deliver(reply.raw);
    expect(result.ticketId).toBe(newer.ticketId);
    expect((await lastMessageOf(newer.ticketId)).threading).toMatchObject({
      reason: 'references',
      matchedMessageId: newer.messageId,
    });
  });

  it('threads a reply to our acknowledgement by its Message-ID, past a cited one we never saw', async () => {
    const first = await newRequest();
    const [acknowledgement] = await db()
      .select({ emailMessageId: outboundMessages.emailMessageId })
      .from(outboundMessages)
      .where(eq(outboundMessages.ticketId, first.ticketId));
    const ours = acknowledgement!.emailMessageId!;
    const reply = mail({
      from: first.from,
      subject: 'Re: Abbiamo ricevuto la tua richiesta',
      references: `<${ours}> <mai.visto@altrove.example>`,
    });
    const result = await deliver(reply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    expect((await lastMessageOf(first.ticketId)).threading).toMatchObject({
      reason: 'references',
      matchedMessageId: ours,
      newParticipant: false,
    });
  });

  it('follows two merges from the token to the survivor and checks the sender there', async () => {
    const first = await newRequest();
    const middle = await newRequest();
    const survivor = await newRequest(first.from);
    await db().update(tickets).set({ mergedIntoId: middle.ticketId }).where(eq(tickets.id, first.ticketId));
    await db().update(tickets).set({ mergedIntoId: survivor.ticketId }).where(eq(tickets.id, middle.ticketId));
    const result = await deliver(mail({ from: first.from, subject: `Re: [#${first.number}] Monitor` }).raw);
    expect(result.ticketId).toBe(survivor.ticketId);
    expect((await lastMessageOf(survivor.ticketId)).threading).toMatchObject({
      reason: 'subject_token',
      mergedFrom: first.ticketId,
    });
    // The token of a merged ticket whose survivor is not the sender's: refused, linked to the survivor.
    const stranger = await deliver(mail({ from: middle.from, subject: `Re: [#${middle.number}] Monitor` }).raw);
    expect(stranger.ticketId).not.toBe(survivor.ticketId);
    expect((await lastMessageOf(stranger.ticketId!)).threading).toMatchObject({
      reason: 'token_rejected_not_participant',
      relatedTicketId: survivor.ticketId,
    });
  });

  it("takes a CC'd participant's reply as a participant's, and a staff member's as theirs", async () => {
    const first = await newRequest(undefined, { cc: 'collega.filo@nuovo-cliente.example' });
    const participants = await db()
      .select()
      .from(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, first.ticketId));
    expect(participants.map((entry) => entry.address)).toEqual(['collega.filo@nuovo-cliente.example']);
    await deliver(
      mail({ from: 'collega.filo@nuovo-cliente.example', subject: 'Re', references: `<${first.messageId}>` }).raw,
    );
    const byParticipant = await lastMessageOf(first.ticketId);
    expect(byParticipant.emailFlags).toEqual([]);
    expect(byParticipant.threading).toMatchObject({ reason: 'references', newParticipant: false });

    await deliver(mail({ from: 'l1@example.com', subject: 'Re', references: `<${first.messageId}>` }).raw);
    const byStaff = await lastMessageOf(first.ticketId);
    expect(byStaff.authorUserId).toBe(await userIdOf('l1@example.com'));
    expect(byStaff.authorContactId).toBeNull();
    expect(byStaff.emailFlags).toEqual(['new_participant']);
  });

  it("indexes a reply too short to tell in its requester's language, and touches the ticket", async () => {
    const first = await newRequest('james.whitfield@northwind.co.uk', { body: 'Hello, the monitor is off again.' });
    expect((await lastMessageOf(first.ticketId)).language).toBe('en');
    server.clock.advance(60_000);
    await deliver(mail({ from: first.from, subject: 'Re', references: `<${first.messageId}>`, body: 'ok' }).raw);
    const reply = await lastMessageOf(first.ticketId);
    expect(reply.language).toBe('en');
    const [ticket] = await db().select().from(tickets).where(eq(tickets.id, first.ticketId));
    expect(ticket!.updatedAt).toEqual(reply.createdAt);
  });

  it("tells the ticket's active followers of an emailed reply, never its author", async () => {
    const first = await newRequest();
    const l1 = await userIdOf('l1@example.com');
    const luca = await userIdOf('luca.ferrari@example.com');
    await db()
      .insert(ticketFollowers)
      .values([
        { ticketId: first.ticketId, userId: l1 },
        { ticketId: first.ticketId, userId: luca },
      ]);
    const told = async (kind: 'customer_replied') =>
      (
        await db()
          .select({ userId: notifications.userId })
          .from(notifications)
          .where(and(eq(notifications.ticketId, first.ticketId), eq(notifications.kind, kind)))
      )
        .map((row) => row.userId)
        .sort();
    await deliver(mail({ from: first.from, subject: 'Re', references: `<${first.messageId}>` }).raw);
    expect(await told('customer_replied')).toEqual([l1, luca].sort());
  });

  /** The statements of a message's apply transaction (BEGIN … COMMIT): its name when named, else its text. */
  async function statementsOfApply(raw: string, from: string) {
    const [mailbox] = await db()
      .select({ id: mailboxAddresses.mailboxId })
      .from(mailboxAddresses)
      .where(eq(mailboxAddresses.address, 'support@example.com'));
    server.clock.advance(1000);
    const stored = await acceptInbound(server, raw, { mailboxId: mailbox!.id, envelopeFrom: from });
    // Every statement sent on any connection while the message is processed (the spy calls through).
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    let sent: (string | { name?: string; text: string })[];
    let result: Awaited<ReturnType<ReturnType<typeof pipeline>['process']>>;
    try {
      result = await pipeline().process(stored.inboundEmailId);
    } finally {
      sent = spy.mock.calls.map(([config]) => config as string | { name?: string; text: string });
      spy.mockRestore();
    }
    const begin = sent.indexOf('BEGIN');
    const commit = sent.indexOf('COMMIT', begin);
    const named = (entry: (typeof sent)[number]) => (typeof entry === 'string' ? entry : (entry.name ?? entry.text));
    const marked = sent.find((entry) => typeof entry !== 'string' && entry.name === 'inbound-mark-applied') as
      { values: unknown[] } | undefined;
    return {
      result,
      statements: sent.slice(begin + 1, commit).map(named),
      afterCommit: sent.slice(commit + 1).map(named),
      liveChannel: marked?.values[9] ?? null,
    };
  }

  it('applies a reply by References in four statements, each written once and named', async () => {
    const first = await newRequest();
    const reply = mail({ from: first.from, subject: 'Re: Monitor spento', references: `<${first.messageId}>` });
    const { result, statements, afterCommit, liveChannel } = await statementsOfApply(reply.raw, first.from);
    expect(result.ticketId).toBe(first.ticketId);
    // The live update: on PostgreSQL a NOTIFY sent with the outcome and delivered at the commit
    // (live.db.test.ts hears it), not a statement of its own after it; in process, no statement.
    expect(afterCommit).toEqual([]);
    expect(liveChannel).toBe(server.deps.database.kind === 'postgres' ? 'sportello_live' : null);
    // Before: fourteen, nine of them built by Drizzle (outgoing and received Message-IDs, a read per
    // merge hop, three for the participation; the ticket's lock, its status, the author's address,
    // the ticket's update, the followers).
    // The threading facts are read with the row's lock, from the same snapshot (five statements before).
    expect(statements).toEqual([
      'inbound-lock-for-apply-threading',
      'inbound-lock-ticket',
      'inbound-insert-message',
      'inbound-mark-applied',
    ]);
  });

  it('threads a reply without a From address by the envelope sender, with a statement of its own', async () => {
    const first = await newRequest();
    const raw = [
      'To: support@example.com',
      'Subject: Re: Monitor spento',
      `Message-ID: <senza-mittente-${++requesters}@nuovo-cliente.example>`,
      `References: <${first.messageId}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Risposta senza intestazione From.',
      '',
    ].join('\r\n');
    const { result, statements } = await statementsOfApply(raw, first.from);
    expect(result.ticketId).toBe(first.ticketId);
    // Written by the requester (the envelope sender), so a participant's reply, not a new participant's.
    expect((await lastMessageOf(first.ticketId)).threading).toMatchObject({
      reason: 'references',
      newParticipant: false,
    });
    expect(statements.slice(0, 2)).toEqual(['inbound-lock-for-apply', 'inbound-threading-facts']);
  });

  it('reads no threading facts for a new request, and no mailbox with a statement of its own', async () => {
    const from = `filo${++requesters}@nuovo-cliente.example`;
    const { result, statements } = await statementsOfApply(mail({ from, subject: 'Nuova richiesta' }).raw, from);
    expect(result.status).toBe('processed');
    expect(statements).not.toContain('inbound-threading-facts');
    expect(statements.filter((statement) => statement.includes('"mailboxes"'))).toEqual([]);
  });
});
