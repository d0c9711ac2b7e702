/**
 * Which inbound mail that opens a ticket gets the automatic acknowledgement: a person's mail does;
 * auto-replies, bulk mail (Precedence bulk/junk/list) and mailing-list mail (List-Id,
 * List-Unsubscribe) never do (issue 4, RFC 3834 §2). Mail goes in through the intake and its jobs,
 * as the SMTP listener hands it over; the acknowledgement is looked for in the outgoing queue.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { messages, tickets, ticketStatuses } from '../tickets/tickets.schema.js';
import { inboundEmails, outboundMessages } from './mail.schema.js';

let sequence = 0;
function mail(headers: Record<string, string>, extra: { inReplyTo?: string; from?: string } = {}) {
  sequence += 1;
  const messageId = `ack${sequence}.${Date.now()}@client.example`;
  const lines = [
    `From: ${extra.from ?? `Mittente ${sequence} <mittente${sequence}@client.example>`}`,
    'To: Assistenza <support@example.com>',
    `Subject: Richiesta ${sequence}`,
    `Message-ID: <${messageId}>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0000',
    ...(extra.inReplyTo ? [`In-Reply-To: <${extra.inReplyTo}>`] : []),
    ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Testo.',
    '',
  ];
  return { raw: lines.join('\r\n'), messageId };
}

describe('acknowledgement of inbound mail', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer();
    // The demo's own acknowledgements, out of the way.
    await server.deps.jobs.runPendingJobs();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const db = () => server.deps.database.orm;

  /** Delivers the mail, runs its jobs (processing, then notices); returns its ticket, flags and acknowledgements. */
  async function deliver(raw: string) {
    server.clock.advance(1000);
    const stored = await server.modules.inboundMail.pipeline.intake.accept({
      raw: Buffer.from(raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: 'mittente@client.example',
      envelopeTo: ['support@example.com'],
    });
    await server.deps.jobs.runPendingJobs();
    const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, stored.inboundEmailId));
    expect(row!.status, row!.error ?? '').toBe('processed');
    const [message] = await db().select().from(messages).where(eq(messages.id, row!.ticketMessageId!));
    const acknowledgements = await db()
      .select()
      .from(outboundMessages)
      .where(
        and(eq(outboundMessages.ticketId, row!.ticketId!), eq(outboundMessages.purpose, 'ticket.acknowledgement')),
      );
    return { ticketId: row!.ticketId!, flags: message!.emailFlags, threading: message!.threading, acknowledgements };
  }

  it("acknowledges a person's mail", async () => {
    const { acknowledgements, flags } = await deliver(mail({}).raw);
    expect(flags).toEqual([]);
    expect(acknowledgements).toHaveLength(1);
  });

  it('is written with the ticket, from the mailbox the mail came to, threaded to it, copied to its participants, as the job writes it', async () => {
    const sent = mail({ Cc: 'Collega <Collega@Client.example>, Altra <altra@client.example>' });
    const { ticketId, acknowledgements } = await deliver(sent.raw);
    expect(acknowledgements).toHaveLength(1);
    // Written by the mail's own transaction: no notice job was needed.
    const jobs = await server.deps.database.pool.query(
      `SELECT 1 FROM pgboss.job WHERE name = 'mail.send-ticket-notice' AND data->>'ticketId' = $1`,
      [ticketId],
    );
    expect(jobs.rowCount).toBe(0);
    const [ack] = acknowledgements;
    expect(ack!.toAddresses).toEqual([expect.stringMatching(/^mittente\d+@client\.example$/)]);
    expect(ack!.ccAddresses).toEqual(['altra@client.example', 'collega@client.example']);
    expect(ack!.headers).toMatchObject({
      From: '"Assistenza" <support@example.com>',
      'Reply-To': 'support@example.com',
      'Auto-Submitted': 'auto-replied',
      'In-Reply-To': `<${sent.messageId}>`,
      References: `<${sent.messageId}>`,
    });
    // The job's way for the same ticket (another key): the same email, threaded after this one.
    const [opening] = await db().select().from(messages).where(eq(messages.ticketId, ticketId));
    await server.modules.mail.ticketNotices.sendNotice({
      notice: 'ticket.acknowledgement',
      ticketId,
      messageId: opening!.id,
      noticeKey: `test:${ticketId}`,
      at: opening!.createdAt.toISOString(),
    });
    const [byJob] = await db()
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.ticketId, ticketId), eq(outboundMessages.noticeKey, `test:${ticketId}`)));
    const comparable = (row: typeof ack) => {
      const { 'Message-ID': _id, 'In-Reply-To': _reply, References: _references, ...headers } = row!.headers;
      return [row!.toAddresses, row!.ccAddresses, row!.subject, row!.textBody, row!.htmlBody, row!.createdAt, headers];
    };
    expect(comparable(ack)).toEqual(comparable(byJob));
    expect(byJob!.headers.References).toBe(`<${sent.messageId}> ${ack!.headers['Message-ID']}`);
  });

  it.each(['bulk', 'list', 'junk', 'Bulk'])(
    'opens a ticket from Precedence: %s mail without acknowledging it',
    async (value) => {
      const { acknowledgements, flags } = await deliver(mail({ Precedence: value }).raw);
      expect(flags).toContain('bulk');
      expect(acknowledgements).toEqual([]);
    },
  );

  it('opens a ticket from mailing-list mail (List-Id, List-Unsubscribe) without acknowledging it', async () => {
    const listed = await deliver(mail({ 'List-Id': 'Clienti IT <clienti-it.lists.client.example>' }).raw);
    expect(listed.flags).toEqual(['mailing_list']);
    expect(listed.threading).toMatchObject({ mailingList: expect.stringContaining('list-id') });
    expect(listed.acknowledgements).toEqual([]);
    const newsletter = await deliver(mail({ 'List-Unsubscribe': '<mailto:unsubscribe@news.client.example>' }).raw);
    expect(newsletter.flags).toEqual(['mailing_list']);
    expect(newsletter.acknowledgements).toEqual([]);
  });

  it('still lets mailing-list mail from a person reopen a resolved ticket (it is not automatic)', async () => {
    const first = mail({}, { from: 'persona@client.example' });
    const { ticketId } = await deliver(first.raw);
    const [resolved] = await db().select().from(ticketStatuses).where(eq(ticketStatuses.category, 'resolved')).limit(1);
    await db().update(tickets).set({ statusId: resolved!.id }).where(eq(tickets.id, ticketId));
    const reply = mail(
      { 'List-Id': '<it.client.example>' },
      { from: 'persona@client.example', inReplyTo: first.messageId },
    );
    const replied = await deliver(reply.raw);
    expect(replied.ticketId).toBe(ticketId);
    const [row] = await db()
      .select({ category: ticketStatuses.category })
      .from(tickets)
      .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
      .where(eq(tickets.id, ticketId));
    expect(row!.category).toBe('open');
  });
});
