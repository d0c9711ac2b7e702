/**
 * The inbound pipeline on a real database with the demo desk (support@example.com → Service Desk):
 * new requests, threading by References / subject token, the participant check, the status rules
 * of customer replies, duplicates, automatic mail, bounces, loops and failures.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../db/database.js';
import { rawMail as mail, type RawMailOptions } from '../../test-support/raw-mail.js';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { contacts, emailAddresses } from '../identity/identity.schema.js';
import { notifications } from '../notifications/notifications.schema.js';
import { messages, ticketLinks, ticketParticipants, tickets, ticketStatuses } from '../tickets/tickets.schema.js';
import { WORKER_MIN_BYTES } from './inbound-parse-pool.js';
import { createInboundPipeline, type InboundFileSink } from './inbound-pipeline.js';
import { emailBounces, inboundEmails, outboundMessages } from './mail.schema.js';

interface RecordedFile {
  filename: string;
  contentType: string;
  inline: boolean;
  contentId: string | null;
  size: number;
  sha256: string;
}

/** Keeps what the pipeline hands over, so the test can check it. */
class RecordingFileSink implements InboundFileSink {
  readonly stored: (RecordedFile & { ticketId: string; messageId: string; fileId: string })[] = [];
  #staged = 0;
  async stage(file: Parameters<InboundFileSink['stage']>[0]) {
    this.#staged += 1;
    const { content, ...described } = file;
    const sha256 = createHash('sha256').update(content).digest('hex');
    return { fileId: `file-${this.#staged}`, file: { ...described, size: content.length, sha256 } };
  }
  async insert(
    _tx: Transaction,
    files: { fileId: string; file: RecordedFile }[],
    owner: { ticketId: string; messageId: string },
  ) {
    for (const { fileId, file } of files) this.stored.push({ ...file, ...owner, fileId });
  }
}

let requesters = 0;

describe('inbound pipeline', () => {
  let server: TestServer;
  const sink = new RecordingFileSink();

  beforeAll(async () => {
    server = await createTestServer({ inboundFileSink: sink });
  });
  afterAll(async () => {
    await server.dispose();
  });

  const db = () => server.deps.database.orm;
  const pipeline = () => server.modules.inboundMail.pipeline;

  async function deliver(raw: string, envelopeTo = ['support@example.com']) {
    // Each mail a second later: the conversation order is the arrival order.
    server.clock.advance(1000);
    const stored = await pipeline().intake.accept({
      raw: Buffer.from(raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: 'sender@client.example',
      envelopeTo,
    });
    const result = await pipeline().process(stored.inboundEmailId);
    const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, stored.inboundEmailId));
    return { stored, result, row: row! };
  }

  async function ticketOf(ticketId: string) {
    const [row] = await db()
      .select({ ticket: tickets, category: ticketStatuses.category })
      .from(tickets)
      .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
      .where(eq(tickets.id, ticketId));
    return row!;
  }

  async function messagesOf(ticketId: string) {
    return db().select().from(messages).where(eq(messages.ticketId, ticketId)).orderBy(messages.createdAt, messages.id);
  }

  async function setCategory(ticketId: string, category: 'pending_customer' | 'resolved' | 'closed', extra = {}) {
    const [status] = await db().select().from(ticketStatuses).where(eq(ticketStatuses.category, category)).limit(1);
    await db()
      .update(tickets)
      .set({ statusId: status!.id, ...extra })
      .where(eq(tickets.id, ticketId));
  }

  /** A new request from a fresh address; returns its ticket and first Message-ID. */
  async function newRequest(
    from = `cliente${++requesters}@nuovo-cliente.example`,
    extra: Partial<RawMailOptions> = {},
  ) {
    const sent = mail({ from, subject: 'Stampante guasta', ...extra });
    const { result } = await deliver(sent.raw);
    expect(result.status).toBe('processed');
    const ticket = await ticketOf(result.ticketId!);
    return { ticketId: result.ticketId!, number: ticket.ticket.number, messageId: sent.messageId, from };
  }

  it('turns a new request into a ticket of the mailbox group, with a new contact and the CC as participants', async () => {
    const sent = mail({
      from: 'Nuovo Collega <nuovo.collega@acme.it>',
      cc: 'Capo Ufficio <capo@acme.it>, Assistenza <support@example.com>',
      subject: 'VPN non si connette',
    });
    const { result, row } = await deliver(sent.raw);
    expect(result.status).toBe('processed');
    expect(row.status).toBe('processed');
    expect(row.ticketMessageId).not.toBeNull();
    const { ticket, category } = await ticketOf(result.ticketId!);
    expect(category).toBe('new');
    expect(ticket.channel).toBe('email');
    expect(ticket.subject).toBe('VPN non si connette');
    const [mailbox] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, row.id));
    expect(mailbox?.mailboxId).not.toBeNull();
    const [requester] = await db()
      .select({ name: contacts.name, organizationId: contacts.organizationId })
      .from(emailAddresses)
      .innerJoin(contacts, eq(contacts.id, emailAddresses.contactId))
      .where(eq(emailAddresses.address, 'nuovo.collega@acme.it'));
    expect(requester?.name).toBe('Nuovo Collega');
    expect(requester?.organizationId).toBe(ticket.organizationId);
    expect(ticket.organizationId).not.toBeNull();
    const participants = await db()
      .select({ address: ticketParticipants.address })
      .from(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, ticket.id));
    expect(participants.map((entry) => entry.address)).toEqual(['capo@acme.it']);
    const [message] = await messagesOf(ticket.id);
    expect(message?.kind).toBe('email');
    expect(message?.emailMessageId).toBe(sent.messageId);
    expect(message?.threading).toMatchObject({ reason: 'new_ticket' });
    expect(message?.emailHeaders).toMatchObject({ cc: ['capo@acme.it', 'support@example.com'] });
  });

  it('threads a reply that carries only References', async () => {
    const first = await newRequest();
    const reply = mail({ from: first.from, subject: 'Re: Stampante guasta', references: `<${first.messageId}>` });
    const { result } = await deliver(reply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    const [, second] = await messagesOf(first.ticketId);
    expect(second?.threading).toMatchObject({ reason: 'references', matchedMessageId: first.messageId });
    expect(second?.emailFlags).toEqual([]);
  });

  it('threads a reply that carries only the subject token, from a participant', async () => {
    const first = await newRequest();
    const reply = mail({ from: first.from, subject: `Re: [#${first.number}] Stampante guasta` });
    const { result } = await deliver(reply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    expect((await messagesOf(first.ticketId))[1]?.threading).toMatchObject({
      reason: 'subject_token',
      token: first.number,
    });
  });

  it('prefers the headers when a reply carries both', async () => {
    const first = await newRequest();
    const reply = mail({
      from: first.from,
      subject: `Re: [#${first.number}] Stampante guasta`,
      inReplyTo: first.messageId,
      references: `<${first.messageId}>`,
    });
    const { result } = await deliver(reply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    expect((await messagesOf(first.ticketId))[1]?.threading).toMatchObject({ reason: 'references' });
  });

  it('makes a new ticket of a reply with neither', async () => {
    const first = await newRequest();
    const { result } = await deliver(mail({ from: first.from, subject: 'Re: Stampante guasta' }).raw);
    expect(result.ticketId).not.toBe(first.ticketId);
    expect((await messagesOf(result.ticketId!))[0]?.threading).toMatchObject({ reason: 'new_ticket' });
  });

  it('accepts the token from an organisation member when the organisation shares tickets', async () => {
    const first = await newRequest('chiara.galli@acme.it');
    const { result } = await deliver(
      mail({ from: 'roberto.mancini@acme.it', subject: `[#${first.number}] anche io` }).raw,
    );
    expect(result.ticketId).toBe(first.ticketId);
  });

  it('does not let a stranger join by the token: a new ticket, linked as related', async () => {
    const first = await newRequest();
    const { result } = await deliver(mail({ from: 'estraneo@altrove.example', subject: `Re: [#${first.number}]` }).raw);
    expect(result.ticketId).not.toBe(first.ticketId);
    expect((await messagesOf(result.ticketId!))[0]?.threading).toMatchObject({
      reason: 'token_rejected_not_participant',
      relatedTicketId: first.ticketId,
    });
    const links = await db().select().from(ticketLinks).where(eq(ticketLinks.ticketId, result.ticketId!));
    expect(links).toEqual([expect.objectContaining({ linkedTicketId: first.ticketId, kind: 'related' })]);
  });

  it('rejects the token of a message that fails DMARC, even from the requester', async () => {
    const first = await newRequest();
    const reply = mail({
      from: first.from,
      subject: `Re: [#${first.number}]`,
      headers: { 'Authentication-Results': 'mx.example.com; spf=fail smtp.mailfrom=x; dkim=none; dmarc=fail' },
    });
    const { result } = await deliver(reply.raw);
    expect(result.ticketId).not.toBe(first.ticketId);
    const [message] = await messagesOf(result.ticketId!);
    expect(message?.threading).toMatchObject({ reason: 'token_rejected_dmarc', authentication: { dmarc: 'fail' } });
    expect(message?.emailFlags).toContain('dmarc_fail');
    expect(message?.emailHeaders?.authenticationResults).toContain('dmarc=fail');
  });

  it('lets a stranger matching the headers join flagged, tells the assignee, and does not add them', async () => {
    const first = await newRequest();
    const [l1] = await db()
      .select({ id: emailAddresses.userId })
      .from(emailAddresses)
      .where(eq(emailAddresses.address, 'l1@example.com'));
    await db().update(tickets).set({ assigneeId: l1!.id }).where(eq(tickets.id, first.ticketId));
    const reply = mail({
      from: 'inoltrato@altrove.example',
      subject: 'Fwd: Stampante',
      references: `<${first.messageId}>`,
    });
    const { result } = await deliver(reply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    const joined = (await messagesOf(first.ticketId))[1];
    expect(joined?.emailFlags).toEqual(['new_participant']);
    const participants = await db()
      .select()
      .from(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, first.ticketId));
    expect(participants.map((entry) => entry.address)).not.toContain('inoltrato@altrove.example');
    const told = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, first.ticketId), eq(notifications.kind, 'email_from_new_participant')));
    expect(told.map((entry) => entry.userId)).toEqual([l1!.id]);
  });

  it('stores a message delivered twice once, and ignores a Message-ID already on a ticket', async () => {
    const sent = mail({ from: 'doppio@nuovo-cliente.example', subject: 'Doppio' });
    const first = await deliver(sent.raw);
    const second = await pipeline().intake.accept({
      raw: Buffer.from(sent.raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: null,
      envelopeTo: ['support@example.com'],
    });
    expect(second).toEqual({ inboundEmailId: first.row.id, duplicate: true });
    expect(await messagesOf(first.result.ticketId!)).toHaveLength(1);
    // The same message reached us by another way (e.g. stored under another key): the filter stops it.
    await db()
      .update(messages)
      .set({ emailMessageId: 'already@client.example' })
      .where(eq(messages.ticketId, first.result.ticketId!));
    const again = await deliver(
      mail({ from: 'doppio@nuovo-cliente.example', subject: 'x', messageId: 'already@client.example' }).raw,
    );
    expect(again.row.status).toBe('ignored');
    expect(again.row.outcome).toMatchObject({ filter: 'duplicate_message_id' });
  });

  it('adds an out-of-office reply to the ticket without changing its status, and ignores one about nothing', async () => {
    const first = await newRequest();
    await setCategory(first.ticketId, 'pending_customer');
    const autoReply = mail({
      from: first.from,
      subject: 'Risposta automatica: Stampante guasta',
      references: `<${first.messageId}>`,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const { result } = await deliver(autoReply.raw);
    expect(result.ticketId).toBe(first.ticketId);
    expect((await ticketOf(first.ticketId)).category).toBe('pending_customer');
    expect((await messagesOf(first.ticketId))[1]?.emailFlags).toEqual(['auto_reply']);
    const lost = await deliver(
      mail({ from: 'x@y.example', subject: 'Out of office', headers: { 'X-Autoreply': 'yes' } }).raw,
    );
    expect(lost.row.status).toBe('ignored');
    expect(lost.row.outcome).toMatchObject({ filter: 'auto_reply' });
  });

  it('attaches a bounce to the ticket whose mail bounced and flags the recipient', async () => {
    const first = await newRequest();
    await db()
      .insert(outboundMessages)
      .values({
        toAddresses: [first.from],
        subject: `[#${first.number}] Stampante guasta`,
        textBody: 'Ci serve il modello.',
        purpose: 'tickets.reply',
        createdAt: server.clock.now(),
        ticketId: first.ticketId,
        emailMessageId: `out-${first.ticketId}@sportello.test`,
      });
    const dsn = [
      'From: Mail Delivery Subsystem <mailer-daemon@mx.client.example>',
      'To: support@example.com',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${first.ticketId}@mx.client.example>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.client.example',
      '',
      `Final-Recipient: rfc822; ${first.from}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '',
      '--B',
      'Content-Type: message/rfc822',
      '',
      'From: support@example.com',
      `Message-ID: <out-${first.ticketId}@sportello.test>`,
      'Subject: x',
      '',
      'Ci serve il modello.',
      '--B--',
      '',
    ].join('\r\n');
    const { result, row } = await deliver(dsn);
    expect(result.ticketId).toBe(first.ticketId);
    expect(row.outcome).toMatchObject({ filter: 'bounce', recipients: [first.from] });
    const bounce = (await messagesOf(first.ticketId))[1];
    expect(bounce?.visibility).toBe('internal');
    expect(bounce?.emailFlags).toEqual(['bounce']);
    const flagged = await db().select().from(emailBounces).where(eq(emailBounces.ticketId, first.ticketId));
    expect(flagged).toEqual([
      expect.objectContaining({
        address: first.from,
        status: '5.1.1',
        action: 'failed',
        originalMessageId: `out-${first.ticketId}@sportello.test`,
      }),
    ]);
    expect((await ticketOf(first.ticketId)).category).toBe('new');
  });

  it('never applies our own mail coming back', async () => {
    const fromUs = await deliver(mail({ from: 'Assistenza <support@example.com>', subject: 'loop' }).raw);
    expect(fromUs.row.status).toBe('ignored');
    expect(fromUs.row.outcome).toEqual({ filter: 'loop', reason: 'own_address' });
    await db()
      .insert(outboundMessages)
      .values({
        toAddresses: ['a@b.example'],
        subject: 'x',
        textBody: 'x',
        purpose: 'test',
        createdAt: server.clock.now(),
        emailMessageId: 'ours-1@sportello.test',
      });
    const ours = await deliver(
      mail({ from: 'relay@list.example', subject: 'x', messageId: 'ours-1@sportello.test' }).raw,
    );
    expect(ours.row.outcome).toEqual({ filter: 'loop', reason: 'own_message_id' });
  });

  it('moves a ticket waiting for the customer back to open, and reopens a resolved one', async () => {
    const first = await newRequest();
    await setCategory(first.ticketId, 'pending_customer');
    await deliver(mail({ from: first.from, subject: 'Re', references: `<${first.messageId}>` }).raw);
    expect((await ticketOf(first.ticketId)).category).toBe('open');
    await setCategory(first.ticketId, 'resolved', { resolvedAt: server.clock.now() });
    await deliver(mail({ from: first.from, subject: 'Re', references: `<${first.messageId}>` }).raw);
    const reopened = await ticketOf(first.ticketId);
    expect(reopened.category).toBe('open');
    expect(reopened.ticket.resolvedAt).toBeNull();
  });

  it('continues a closed ticket only with reply_reopens and within the window', async () => {
    const withFlag = await newRequest();
    await setCategory(withFlag.ticketId, 'closed', { replyReopens: true, closedAt: server.clock.now() });
    server.clock.advance(3 * 24 * 3600 * 1000);
    const reopened = await deliver(
      mail({ from: withFlag.from, subject: 'Re', references: `<${withFlag.messageId}>` }).raw,
    );
    expect(reopened.result.ticketId).toBe(withFlag.ticketId);
    expect((await ticketOf(withFlag.ticketId)).category).toBe('open');

    const tooLate = await newRequest();
    await setCategory(tooLate.ticketId, 'closed', { replyReopens: true, closedAt: server.clock.now() });
    server.clock.advance(15 * 24 * 3600 * 1000);
    const late = await deliver(mail({ from: tooLate.from, subject: 'Re', references: `<${tooLate.messageId}>` }).raw);
    expect(late.result.ticketId).not.toBe(tooLate.ticketId);
    expect((await ticketOf(tooLate.ticketId)).category).toBe('closed');

    const withoutFlag = await newRequest();
    await setCategory(withoutFlag.ticketId, 'closed', { replyReopens: false, closedAt: server.clock.now() });
    const fresh = await deliver(
      mail({ from: withoutFlag.from, subject: 'Re', references: `<${withoutFlag.messageId}>` }).raw,
    );
    expect(fresh.result.ticketId).not.toBe(withoutFlag.ticketId);
    expect((await messagesOf(fresh.result.ticketId!))[0]?.threading).toMatchObject({
      reason: 'closed_ticket_new',
      previousReason: 'references',
      relatedTicketId: withoutFlag.ticketId,
    });
  });

  it('sends a reply to a merged ticket to the surviving one', async () => {
    const merged = await newRequest();
    const survivor = await newRequest();
    await db().update(tickets).set({ mergedIntoId: survivor.ticketId }).where(eq(tickets.id, merged.ticketId));
    const { result } = await deliver(
      mail({ from: merged.from, subject: 'Re', references: `<${merged.messageId}>` }).raw,
    );
    expect(result.ticketId).toBe(survivor.ticketId);
    expect((await messagesOf(survivor.ticketId))[1]?.threading).toMatchObject({ mergedFrom: merged.ticketId });
  });

  it('keeps a message that fails with its error, and processes it again on request', async () => {
    // A staff address cannot be a requester: the apply fails, the message stays.
    const { result, row } = await deliver(mail({ from: 'l2@example.com', subject: 'Da un collega' }).raw);
    expect(result.status).toBe('failed');
    expect(row.status).toBe('failed');
    expect(row.error).toContain('staff');
    expect(row.attempts).toBe(1);
    const again = await pipeline().reprocess(row.id);
    expect(again.status).toBe('failed');
    const [after] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, row.id));
    expect(after?.attempts).toBe(2);
  });

  it('sanitizes HTML, blocks remote images, keeps cid images and files through the sink, marks quotes', async () => {
    const raw = [
      'From: html@nuovo-cliente.example',
      'To: support@example.com',
      'Subject: =?ISO-8859-1?Q?Caff=E8_rovesciato?=',
      'Message-ID: <html-1@client.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="M"',
      '',
      '--M',
      'Content-Type: multipart/related; boundary="R"',
      '',
      '--R',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p onclick="x()">Ecco <img src="cid:logo@x"> e <img src="https://tracker.example/p.gif"></p><script>alert(1)</script>',
      '<blockquote type="cite">vecchio messaggio</blockquote>',
      '--R',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Disposition: inline; filename="logo.png"',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--R--',
      '--M',
      "Content-Type: application/pdf; name*=utf-8''fattura%20n%C2%B01.pdf",
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQ=',
      '--M--',
      '',
    ].join('\r\n');
    const { result } = await deliver(raw);
    const { ticket } = await ticketOf(result.ticketId!);
    expect(ticket.subject).toBe('Caffè rovesciato');
    const [message] = await messagesOf(ticket.id);
    expect(message?.bodyHtml).not.toMatch(/script|onclick| src="https:/);
    expect(message?.bodyHtml).toContain('src="cid:logo@x"');
    expect(message?.bodyHtml).toContain('data-blocked-src="https://tracker.example/p.gif"');
    expect(message?.bodyHtml).toContain('<blockquote data-quoted="true">');
    expect(message?.emailAttachments).toEqual([
      expect.objectContaining({ filename: 'logo.png', inline: true, contentId: 'logo@x', fileId: expect.any(String) }),
      expect.objectContaining({ filename: 'fattura n°1.pdf', inline: false, contentType: 'application/pdf' }),
    ]);
    const sunk = sink.stored.filter((file) => file.ticketId === ticket.id);
    expect(sunk.map((file) => file.filename)).toEqual(['logo.png', 'fattura n°1.pdf']);
    // The message lists its files by the ids their rows are written with, once it exists.
    expect(message?.emailAttachments?.map((file) => file.fileId)).toEqual(sunk.map((file) => file.fileId));
    expect(sunk.map((file) => file.messageId)).toEqual([message!.id, message!.id]);
  });

  it('takes a message of several megabytes, parsed on a worker thread, with its file whole', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < content.length; index++) content[index] = (index * 7919) % 251;
    const raw = [
      'From: grande@nuovo-cliente.example',
      'To: support@example.com',
      'Subject: Registro completo',
      'Message-ID: <big-1@client.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="M"',
      '',
      '--M',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'In allegato il registro del server.',
      '--M',
      'Content-Type: application/octet-stream; name="server.log.gz"',
      'Content-Transfer-Encoding: base64',
      '',
      content.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--M--',
      '',
    ].join('\r\n');
    expect(raw.length).toBeGreaterThan(WORKER_MIN_BYTES);
    const { result } = await deliver(raw);
    expect(result.status).toBe('processed');
    const [message] = await messagesOf(result.ticketId!);
    expect(message?.bodyText).toContain('In allegato il registro del server.');
    const sunk = sink.stored.filter((file) => file.ticketId === result.ticketId);
    expect(sunk.map((file) => [file.filename, file.size, file.sha256])).toEqual([
      ['server.log.gz', content.length, createHash('sha256').update(content).digest('hex')],
    ]);
  });

  /** A second pipeline as on a node with the worker role; its job is the one already registered. */
  function workerNodePipeline() {
    const jobs = {
      register: () => undefined,
      enqueue: server.deps.jobs.enqueue.bind(server.deps.jobs),
      jobInsertSql: server.deps.jobs.jobInsertSql.bind(server.deps.jobs),
    } as unknown as typeof server.deps.jobs;
    return createInboundPipeline(
      { ...server.deps, jobs, config: { ...server.deps.config, roles: ['worker'] } },
      server.modules.tickets.inboundEmail,
      { fileSink: null },
    );
  }

  it('leaves a message the stopping server did not parse for the next start', async () => {
    const stopping = workerNodePipeline();
    const stored = await stopping.intake.accept({
      raw: Buffer.from(mail({ from: 'arresto@nuovo-cliente.example', subject: 'Durante l’arresto' }).raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: 'sender@client.example',
      envelopeTo: ['support@example.com'],
    });
    await stopping.close();
    expect(await stopping.process(stored.inboundEmailId)).toEqual({
      status: 'interrupted',
      ticketId: null,
      outcome: null,
      error: null,
    });
    const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, stored.inboundEmailId));
    expect({ status: row?.status, attempts: row?.attempts, error: row?.error }).toEqual({
      status: 'received',
      attempts: 0,
      error: null,
    });
    // The next start takes the messages still received.
    expect(await pipeline().processStranded()).toBeGreaterThanOrEqual(1);
    const [after] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, stored.inboundEmailId));
    expect(after?.status).toBe('processed');
  });

  it('on a worker node, processes the copy it accepted without reading it back, and the stored row otherwise', async () => {
    const worker = workerNodePipeline();
    const accept = (raw: string) =>
      worker.intake.accept({
        raw: Buffer.from(raw),
        source: 'smtp',
        mailboxId: null,
        envelopeFrom: 'sender@client.example',
        envelopeTo: ['support@example.com'],
      });
    const kept = await accept(mail({ from: 'nodo@lavoratore.example', subject: 'Copia tenuta' }).raw);
    // Were the row read back, this is what the job would parse.
    await db()
      .update(inboundEmails)
      .set({ raw: Buffer.from(mail({ from: 'nodo@lavoratore.example', subject: 'Riletta' }).raw) })
      .where(eq(inboundEmails.id, kept.inboundEmailId));
    const processed = await worker.process(kept.inboundEmailId);
    expect(processed.status).toBe('processed');
    expect((await ticketOf(processed.ticketId!)).ticket.subject).toBe('Copia tenuta');
    // Processed: nothing kept any more, and a second run of the job leaves it alone.
    expect(await worker.process(kept.inboundEmailId)).toMatchObject({
      status: 'skipped',
      ticketId: processed.ticketId,
    });

    // A failure is recorded with its attempts, and the re-process reads the stored row.
    const failing = await accept(mail({ from: 'l2@example.com', subject: 'Da un collega, nodo lavoratore' }).raw);
    expect((await worker.process(failing.inboundEmailId)).status).toBe('failed');
    expect((await worker.reprocess(failing.inboundEmailId)).status).toBe('failed');
    const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.id, failing.inboundEmailId));
    expect({ status: row?.status, attempts: row?.attempts }).toEqual({ status: 'failed', attempts: 2 });
    await worker.close();
  });
});
