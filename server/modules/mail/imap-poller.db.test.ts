/**
 * The IMAP poller against a real Dovecot (started by the test on loopback, ephemeral port): unseen
 * messages become tickets; a message is flagged \Seen (or moved) only after its commit; a message
 * whose storing fails stays unseen and is read again; a duplicate is stored once; connection
 * failures are recorded on the mailbox and retried with back-off; on PostgreSQL one poller holds a
 * mailbox at a time. Skipped, saying why, where Dovecot is not installed.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Mailbox, MailboxTestResult } from '../../../contracts/mailboxes.contract.js';
import { secretBoxOf } from '../../secret-key.js';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type Dovecot } from '../../test-support/dovecot.js';
import { openDesk, type Desk } from '../../test-support/tickets-fixture.js';
import { messages } from '../tickets/tickets.schema.js';
import { createImapPoller, type ImapPoller } from './imap-poller.js';
import type { MailIntake } from './inbound-store.js';
import { inboundEmails, mailboxes } from './mail.schema.js';

// The run says why the test is skipped (issue 4: "skips only that test and says so").
// eslint-disable-next-line no-console
if (!dovecotAvailable) console.warn(dovecotMissingReason);

const raw = (messageId: string, subject: string, body = 'La stampante del secondo piano non stampa.') =>
  [
    'From: Marta Gallo <marta.gallo@cliente-imap.example>',
    'To: desk@imap.test',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Mon, 02 Mar 2026 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

describe.skipIf(!dovecotAvailable)('IMAP poller with Dovecot', () => {
  let desk: Desk;
  let dovecot: Dovecot;
  let mailbox: Mailbox;
  let poller: ImapPoller;
  const pollers: ImapPoller[] = [];

  /** A poller as the worker role runs it, without timers or IDLE: the test says when to poll. */
  function newPoller(intake: MailIntake = desk.server.modules.inboundMail.pipeline.intake): ImapPoller {
    const created = createImapPoller(desk.server.deps, intake, secretBoxOf(desk.server.config), {
      pollSeconds: 60,
      idle: false,
      timeouts: { connectionMs: 5000, greetingMs: 5000, socketMs: 30_000 },
    });
    pollers.push(created);
    return created;
  }

  const reportFor = async (target: ImapPoller, id = mailbox.id) =>
    (await target.pollAll()).find((r) => r.mailboxId === id)!;
  const flagsOf = async (messageId: string, folder = 'INBOX') =>
    (await dovecot.messages(folder)).find((message) => message.messageId === messageId)?.flags;
  const storedRows = (messageId: string) =>
    desk.server.deps.database.orm.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
  const mailboxRow = async (id = mailbox.id) =>
    (await desk.server.deps.database.orm.select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!;

  beforeAll(async () => {
    [desk, dovecot] = await Promise.all([openDesk(), startDovecot()]);
    const response = await desk.call(desk.as.admin, 'POST', '/api/v1/mailboxes', {
      name: 'Casella IMAP',
      address: 'desk@imap.test',
      groupId: desk.groups.desk,
      serviceId: desk.services.workstation,
      imap: { host: dovecot.host, port: dovecot.port, tls: 'none', username: dovecot.user, password: dovecot.password },
    });
    expect(response.statusCode, response.body).toBe(201);
    mailbox = response.json<Mailbox>();
    poller = newPoller();
  });
  afterAll(async () => {
    for (const each of pollers) await each.stop();
    await dovecot?.stop();
    await desk?.dispose();
  });

  it('passes the connection test, and names a wrong password IMAP_AUTH_FAILED', async () => {
    await dovecot.append(raw('test-1@cliente-imap.example', 'Prova'), { flags: ['\\Seen'] });
    const ok = await desk.call(desk.as.admin, 'POST', `/api/v1/mailboxes/${mailbox.id}/test`);
    expect(ok.json<MailboxTestResult>()).toMatchObject({ ok: true, messages: 1, unseen: 0, error: null });

    const wrong = await desk.call(desk.as.admin, 'POST', '/api/v1/mailboxes', {
      name: 'Password sbagliata',
      address: 'wrong@imap.test',
      groupId: desk.groups.desk,
      imap: { host: dovecot.host, port: dovecot.port, tls: 'none', username: dovecot.user, password: 'nope' },
    });
    const wrongId = wrong.json<Mailbox>().id;
    const refused = await desk.call(desk.as.admin, 'POST', `/api/v1/mailboxes/${wrongId}/test`);
    expect(refused.statusCode).toBe(200);
    expect(refused.json<MailboxTestResult>().error?.code).toBe('IMAP_AUTH_FAILED');
    // Not polled by the tests below.
    await desk.call(desk.as.admin, 'PATCH', `/api/v1/mailboxes/${wrongId}`, { version: 1, active: false });
  });

  it('stores unseen messages, flags them \\Seen only after the commit, and makes tickets', async () => {
    await dovecot.append(raw('imap-1@cliente-imap.example', 'Stampante guasta'));
    await dovecot.append(raw('imap-2@cliente-imap.example', 'Monitor nero'));
    // Each message is checked while the intake runs: still unseen on the server until committed.
    const seenDuringStore: (string[] | undefined)[] = [];
    const real = desk.server.modules.inboundMail.pipeline.intake;
    const watching = newPoller({
      async accept(delivery) {
        const id = /Message-ID: <([^>]+)>/.exec(delivery.raw.toString())![1]!;
        seenDuringStore.push(await flagsOf(id));
        return real.accept(delivery);
      },
    });

    const report = await reportFor(watching);
    expect(report).toMatchObject({ skipped: null, stored: 2, duplicates: 0, failed: 0, error: null });
    await watching.stop(); // and with it its hold on the mailbox (PostgreSQL)
    expect(seenDuringStore).toEqual([[], []]);
    expect(await flagsOf('imap-1@cliente-imap.example')).toEqual(['\\Seen']);
    expect(await flagsOf('imap-2@cliente-imap.example')).toEqual(['\\Seen']);
    // The message that was already seen was left alone.
    expect(await storedRows('test-1@cliente-imap.example')).toHaveLength(0);

    const [stored] = await storedRows('imap-1@cliente-imap.example');
    expect(stored).toMatchObject({ source: 'imap', mailboxId: mailbox.id, status: 'received' });
    await desk.server.deps.jobs.runPendingJobs();
    const [processed] = await storedRows('imap-1@cliente-imap.example');
    expect(processed?.status).toBe('processed');
    const ticket = await desk.getTicket(desk.as.admin, processed!.ticketId!);
    expect(ticket).toMatchObject({ subject: 'Stampante guasta' });
    const onTicket = await desk.server.deps.database.orm
      .select()
      .from(messages)
      .where(eq(messages.emailMessageId, 'imap-2@cliente-imap.example'));
    expect(onTicket).toHaveLength(1);

    const row = await mailboxRow();
    expect(row).toMatchObject({ lastPollStatus: 'ok', lastError: null });
    expect(row.lastPolledAt).not.toBeNull();
  });

  it('leaves a message unseen when storing it fails, and reads it again on the next poll', async () => {
    await dovecot.append(raw('imap-3@cliente-imap.example', 'Rete lenta'));
    const failing = newPoller({
      accept: () => Promise.reject(new Error('database unavailable')),
    });
    const report = await reportFor(failing);
    await failing.stop();
    expect(report).toMatchObject({ stored: 0, failed: 1 });
    expect(await flagsOf('imap-3@cliente-imap.example')).toEqual([]);
    expect(await storedRows('imap-3@cliente-imap.example')).toHaveLength(0);
    const row = await mailboxRow();
    expect(row.lastPollStatus).toBe('error');
    expect(row.lastError).toContain('database unavailable');

    expect(await reportFor(poller)).toMatchObject({ stored: 1, failed: 0, error: null });
    expect(await flagsOf('imap-3@cliente-imap.example')).toEqual(['\\Seen']);
    expect(await storedRows('imap-3@cliente-imap.example')).toHaveLength(1);
    expect((await mailboxRow()).lastPollStatus).toBe('ok');
  });

  it('stores a message delivered twice once, and still flags the copy', async () => {
    await dovecot.append(raw('imap-1@cliente-imap.example', 'Stampante guasta'));
    const report = await reportFor(poller);
    expect(report).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await storedRows('imap-1@cliente-imap.example')).toHaveLength(1);
    const copies = (await dovecot.messages()).filter((message) => message.messageId === 'imap-1@cliente-imap.example');
    expect(copies.map((copy) => copy.flags)).toEqual([['\\Seen'], ['\\Seen']]);
  });

  it('moves processed messages to another folder when the mailbox says so', async () => {
    await dovecot.empty();
    await dovecot.createFolder('Sportello');
    const current = await mailboxRow();
    const changed = await desk.call(desk.as.admin, 'PATCH', `/api/v1/mailboxes/${mailbox.id}`, {
      version: current.version,
      imap: {
        host: dovecot.host,
        port: dovecot.port,
        tls: 'none',
        username: dovecot.user,
        afterProcessing: 'move',
        moveFolder: 'Sportello',
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await dovecot.append(raw('imap-4@cliente-imap.example', 'Badge non funziona'), { flags: ['\\Seen'] });
    expect(await reportFor(poller)).toMatchObject({ stored: 1, error: null });
    expect(await dovecot.messages('INBOX')).toEqual([]);
    expect((await dovecot.messages('Sportello')).map((message) => message.messageId)).toEqual([
      'imap-4@cliente-imap.example',
    ]);
    expect(await storedRows('imap-4@cliente-imap.example')).toHaveLength(1);
  });

  it('records a connection failure on the mailbox and retries it with back-off', async () => {
    const response = await desk.call(desk.as.admin, 'POST', '/api/v1/mailboxes', {
      name: 'Server spento',
      address: 'spento@imap.test',
      groupId: desk.groups.desk,
      imap: { host: '127.0.0.1', port: 1, tls: 'none', username: 'x', password: 'y' },
    });
    const down = response.json<Mailbox>();
    const first = await reportFor(poller, down.id);
    expect(first.error).toMatch(/^IMAP_CONNECTION_FAILED/);
    const row = await mailboxRow(down.id);
    expect(row).toMatchObject({ lastPollStatus: 'error' });
    expect(row.lastError).toMatch(/^IMAP_CONNECTION_FAILED/);
    const listed = await desk.call(desk.as.admin, 'GET', `/api/v1/mailboxes/${down.id}`);
    expect(listed.json<Mailbox>().lastError).toMatch(/^IMAP_CONNECTION_FAILED/);

    // Retried at the next poll, then after two periods, then four.
    desk.server.clock.advance(60_000);
    expect((await reportFor(poller, down.id)).skipped).toBeNull();
    desk.server.clock.advance(60_000);
    expect((await reportFor(poller, down.id)).skipped).toBe('backoff');
    desk.server.clock.advance(60_000);
    expect((await reportFor(poller, down.id)).skipped).toBeNull();
    // The healthy mailbox is polled meanwhile.
    expect((await reportFor(poller)).skipped).toBeNull();

    await desk.call(desk.as.admin, 'PATCH', `/api/v1/mailboxes/${down.id}`, { version: down.version, active: false });
    expect((await poller.pollAll()).map((report) => report.mailboxId)).not.toContain(down.id);
  });

  it('reads new mail as soon as the IDLE connection announces it', async () => {
    const listening = createImapPoller(
      desk.server.deps,
      desk.server.modules.inboundMail.pipeline.intake,
      secretBoxOf(desk.server.config),
      {
        pollSeconds: 3600,
        autoIdleDelayMs: 50,
      },
    );
    pollers.push(listening);
    await poller.stop(); // the idling poller takes the mailbox (PostgreSQL lock)
    const first = await listening.start();
    expect(first.find((report) => report.mailboxId === mailbox.id)).toMatchObject({ skipped: null, error: null });
    await dovecot.append(raw('imap-idle@cliente-imap.example', 'Arrivata durante IDLE'));
    // No poll is due for an hour: only the IDLE notification can bring it in.
    await vi.waitFor(async () => expect(await storedRows('imap-idle@cliente-imap.example')).toHaveLength(1), {
      timeout: 15_000,
      interval: 100,
    });
    await vi.waitFor(async () => expect(await dovecot.messages('Sportello')).toHaveLength(2), { timeout: 5000 });
    await listening.stop();
    poller = newPoller();
  });

  it.runIf(inject('databaseKind') === 'postgres')(
    'lets one poller at a time hold a mailbox on PostgreSQL',
    async () => {
      expect((await reportFor(poller)).skipped).toBeNull();
      const other = newPoller();
      expect((await reportFor(other)).skipped).toBe('locked');
      await poller.stop();
      expect((await reportFor(other)).skipped).toBeNull();
    },
  );
});
