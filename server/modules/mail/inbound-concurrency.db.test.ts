/**
 * Inbound messages processed at once (ADR 0007 §4b, SPORTELLO_INBOUND_CONCURRENCY): on PostgreSQL
 * these `Promise.all` calls run on several pooled connections in parallel; on PGlite the single
 * connection serialises them, and the outcome must be the same.
 */
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInbound } from '../../test-support/inbound-delivery.js';
import { rawMail as mail } from '../../test-support/raw-mail.js';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { emailAddresses } from '../identity/identity.schema.js';
import { messages, tickets } from '../tickets/tickets.schema.js';
import { inboundEmails } from './mail.schema.js';

describe('inbound messages processed concurrently', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const db = () => server.deps.database.orm;
  const pipeline = () => server.modules.inboundMail.pipeline;
  const accept = (raw: string) => acceptInbound(server, raw);

  it('turns several requests from one new sender into tickets of one contact, numbered without gaps', async () => {
    const from = 'Mittente Nuovo <mittente.nuovo@concorrente.example>';
    const stored = await Promise.all(
      Array.from({ length: 6 }, (_, index) => accept(mail({ from, subject: `Richiesta ${index}` }).raw)),
    );
    const results = await Promise.all(stored.map((entry) => pipeline().process(entry.inboundEmailId)));
    expect(results.map((result) => result.status)).toEqual(Array(6).fill('processed'));
    const opened = await db()
      .select({ number: tickets.number, requesterId: tickets.requesterId })
      .from(tickets)
      .where(
        inArray(
          tickets.id,
          results.map((result) => result.ticketId!),
        ),
      );
    expect(new Set(opened.map((ticket) => ticket.requesterId)).size).toBe(1);
    const numbers = opened.map((ticket) => Number(ticket.number.split('-')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, index) => numbers[0]! + index));
    const owners = await db()
      .select({ contactId: emailAddresses.contactId })
      .from(emailAddresses)
      .where(eq(emailAddresses.address, 'mittente.nuovo@concorrente.example'));
    expect(owners).toEqual([{ contactId: opened[0]!.requesterId }]);
  });

  it('stores two copies of one message delivered at once once, and applies it once when its job runs twice', async () => {
    const sent = mail({ from: 'doppio@concorrente.example', subject: 'Consegnato due volte' });
    const [first, second] = await Promise.all([accept(sent.raw), accept(sent.raw)]);
    expect(first.inboundEmailId).toBe(second.inboundEmailId);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    const results = await Promise.all([
      pipeline().process(first.inboundEmailId),
      pipeline().process(first.inboundEmailId),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['processed', 'skipped']);
    const [row] = await db()
      .select({ total: count() })
      .from(messages)
      .where(eq(messages.emailMessageId, sent.messageId));
    expect(row!.total).toBe(1);
  });

  it('threads a reply processed together with its parent onto the parent ticket', async () => {
    const parent = mail({ from: 'genitore@concorrente.example', subject: 'Monitor spento' });
    const reply = mail({
      from: 'genitore@concorrente.example',
      subject: 'Re: Monitor spento',
      answering: parent.messageId,
    });
    const parentStored = await accept(parent.raw);
    const replyStored = await accept(reply.raw);
    const [parentResult, replyResult] = await Promise.all([
      pipeline().process(parentStored.inboundEmailId),
      pipeline().process(replyStored.inboundEmailId),
    ]);
    expect(parentResult.status).toBe('processed');
    // Either the parent was applied first, or the reply waited for it: its job, run again, threads it.
    if (replyResult.status === 'deferred') {
      expect((await pipeline().process(replyStored.inboundEmailId)).status).toBe('processed');
    } else {
      expect(replyResult.status).toBe('processed');
    }
    const [row] = await db()
      .select({ status: inboundEmails.status, ticketId: inboundEmails.ticketId })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, replyStored.inboundEmailId));
    expect(row).toEqual({ status: 'processed', ticketId: parentResult.ticketId });
  });
});
