/**
 * Customer notices from ticket activity: who gets them, in which language, with which threading
 * headers — and never for internal notes. Without SMTP every message is held in the Outbox with
 * the headers it would have been sent with.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../contracts/mail.contract.js';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { contacts } from '../identity/identity.schema.js';
import { recordEmailFailure } from '../tickets/index.js';
import { messages, ticketParticipants } from '../tickets/tickets.schema.js';
import { inboundEmails, outboundMessages } from './mail.schema.js';
import { expectError, openDesk, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
  // The demo's own tickets were acknowledged when seeded: send those first, out of the way.
  await desk.server.deps.jobs.runPendingJobs();
});
afterAll(async () => {
  await desk.dispose();
});

const MESSAGE_ID = /^<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@example\.com>$/;

let serial = 0;
/** Opens a ticket, then moves the clock on: each later step of a test happens after it. */
async function open(extra: Record<string, unknown> = {}, headers: Headers = desk.as.l1): Promise<Ticket> {
  const ticket = await desk.createTicket(headers, {
    type: 'incident',
    subject: `Stampante ${++serial}`,
    description: 'La stampante non stampa',
    requester: { email: 'customer@example.com' },
    ...extra,
  });
  desk.server.clock.advance(1_000);
  return ticket;
}

/** Runs the jobs, then the ticket's emails oldest first. */
async function emailsOf(ticket: Ticket): Promise<OutboundMessage[]> {
  await desk.server.deps.jobs.runPendingJobs();
  const response = await desk.call(desk.as.admin, 'GET', '/api/v1/outbox?limit=100');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as OutboundMessage[]).filter((item) => item.ticketId === ticket.id).reverse();
}

const reply = (ticket: Ticket, body: string, visibility: 'public' | 'internal' = 'public', headers = desk.as.l1) =>
  desk.call(headers, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body, visibility });

const put = (url: string, payload: object) =>
  desk.server.app.inject({ method: 'PUT', url, headers: desk.as.admin, payload });

const idOf = (header: string | undefined) => header?.slice(1, -1);

describe('acknowledgement', () => {
  it('acknowledges a new API ticket from the default mailbox, threaded by our own Message-ID', async () => {
    const ticket = await open();
    const [ack, ...rest] = await emailsOf(ticket);
    expect(rest).toEqual([]);
    expect(ack).toMatchObject({
      purpose: 'ticket.acknowledgement',
      to: ['customer@example.com'],
      cc: [],
      status: 'held',
    });
    expect(ack!.subject).toBe(`Abbiamo ricevuto la tua richiesta: ${ticket.subject} [#${ticket.number}]`);
    expect(ack!.headers).toMatchObject({
      From: '"Assistenza" <support@example.com>',
      'Reply-To': 'support@example.com',
      'Auto-Submitted': 'auto-replied',
    });
    expect(ack!.headers['Message-ID']).toMatch(MESSAGE_ID);
    expect(ack!.headers['In-Reply-To']).toBeUndefined();
    expect(ack!.text).toContain('Buongiorno Chiara Galli');
  });

  it('does not acknowledge a phone ticket: the caller heard the number on the phone', async () => {
    const ticket = await open({ channel: 'phone' });
    expect(await emailsOf(ticket)).toEqual([]);
  });

  it('writes in the organisation language when the contact has none (Northwind: English)', async () => {
    const ticket = await open({ requester: { email: 'james.whitfield@northwind.co.uk' } });
    const [ack] = await emailsOf(ticket);
    expect(ack!.subject).toBe(`We received your request: ${ticket.subject} [#${ticket.number}]`);
    expect(ack!.text).toContain('Hello James Whitfield');
  });

  it("writes in the contact's own language first, whatever the organisation's", async () => {
    const contactId = await desk.contactId('roberto.mancini@acme.it');
    await desk.server.deps.database.orm.update(contacts).set({ language: 'en' }).where(eq(contacts.id, contactId));
    const ticket = await open({ requester: { email: 'roberto.mancini@acme.it' } });
    const [ack] = await emailsOf(ticket);
    expect(ack!.subject).toBe(`We received your request: ${ticket.subject} [#${ticket.number}]`);
    await desk.server.deps.database.orm.update(contacts).set({ language: null }).where(eq(contacts.id, contactId));
  });

  it('queues a notice once even when its job runs twice', async () => {
    const ticket = await open();
    await emailsOf(ticket);
    const [first] = await desk.server.deps.database.orm
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.ticketId, ticket.id));
    await desk.server.modules.mail.ticketNotices.sendNotice({
      notice: 'ticket.acknowledgement',
      ticketId: ticket.id,
      messageId: first!.id,
      noticeKey: `ticket.acknowledgement:${ticket.id}`,
      at: desk.server.clock.now().toISOString(),
    });
    expect(await emailsOf(ticket)).toHaveLength(1);
  });
});

describe('acknowledgement in the creating transaction (ADR 0012)', () => {
  const pool = () => desk.server.deps.database.pool;
  const noticeJobsOf = async (ticketId: string) =>
    Number(
      (
        await pool().query<{ count: string }>(
          `SELECT count(*) FROM pgboss.job WHERE name = 'mail.send-ticket-notice' AND data->>'ticketId' = $1`,
          [ticketId],
        )
      ).rows[0]!.count,
    );
  const queuedFor = async (ticketId: string) =>
    (await pool().query<{ purpose: string }>('SELECT purpose FROM outbound_messages WHERE ticket_id = $1', [ticketId]))
      .rows;

  it('is queued when the creation answers, with no notice job, and is the email the job writes', async () => {
    const ticket = await open({ requester: { email: 'james.whitfield@northwind.co.uk' } });
    expect(await queuedFor(ticket.id)).toEqual([{ purpose: 'ticket.acknowledgement' }]);
    expect(await noticeJobsOf(ticket.id)).toBe(0);
    const [inTransaction] = await emailsOf(ticket);
    // The job's way, for the same ticket at the same instant (another key, so that it is queued too).
    const [message] = await desk.server.deps.database.orm
      .select({ id: messages.id, createdAt: messages.createdAt })
      .from(messages)
      .where(eq(messages.ticketId, ticket.id));
    await desk.server.modules.mail.ticketNotices.sendNotice({
      notice: 'ticket.acknowledgement',
      ticketId: ticket.id,
      messageId: message!.id,
      noticeKey: `test:${ticket.id}`,
      at: message!.createdAt.toISOString(),
    });
    const byJob = (await emailsOf(ticket)).find((email) => email.id !== inTransaction!.id)!;
    // The job's email threads after the first one; all else is the same.
    const { 'In-Reply-To': inReplyTo, References: references, ...byJobHeaders } = byJob.headers;
    expect([inReplyTo, references]).toEqual([
      inTransaction!.headers['Message-ID'],
      inTransaction!.headers['Message-ID'],
    ]);
    const comparable = ({ id: _id, headers, ...email }: OutboundMessage) => {
      const { 'Message-ID': messageId, ...rest } = headers;
      expect(messageId).toMatch(MESSAGE_ID);
      return { ...email, headers: rest };
    };
    expect(comparable(inTransaction!)).toEqual(comparable({ ...byJob, headers: byJobHeaders }));
    expect(inTransaction!.subject).toBe(`We received your request: ${ticket.subject} [#${ticket.number}]`);
  });

  it('sees an admin edit of the template at once', async () => {
    const saved = await put('/api/v1/email-templates/ticket.acknowledgement/it', {
      version: 0,
      subject: 'Presa in carico {{ ticket.number }}',
      bodyHtml: '<p>Ciao {{ contact.name }}</p>',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    try {
      const ticket = await open();
      const [ack] = await emailsOf(ticket);
      expect(ack!.subject).toBe(`Presa in carico ${ticket.number} [#${ticket.number}]`);
    } finally {
      const reset = await desk.call(desk.as.admin, 'DELETE', '/api/v1/email-templates/ticket.acknowledgement/it');
      expect(reset.statusCode, reset.body).toBe(200);
    }
  });

  it('falls back to the job when the template does not render, and the ticket is still opened', async () => {
    // Written behind the API's back (which refuses a template that does not render).
    await pool().query(
      `INSERT INTO email_templates (key, language, subject, body_html, updated_at)
       VALUES ('ticket.acknowledgement', 'it', 'Rotto {% if %}', '<p>x</p>', now())`,
    );
    let ticket: Ticket;
    try {
      ticket = await open();
      expect(await queuedFor(ticket.id)).toEqual([]);
      expect(await noticeJobsOf(ticket.id)).toBe(1);
    } finally {
      await pool().query(`DELETE FROM email_templates WHERE key = 'ticket.acknowledgement' AND language = 'it'`);
    }
    const [ack, ...rest] = await emailsOf(ticket);
    expect(rest).toEqual([]);
    expect(ack!.subject).toBe(`Abbiamo ricevuto la tua richiesta: ${ticket.subject} [#${ticket.number}]`);
  });
});

describe('replies', () => {
  it('sends a public reply to the requester and the CC participants, threaded after the customer email', async () => {
    const ticket = await open();
    const { orm } = desk.server.deps.database;
    // As the inbound pipeline stores an email ticket: the customer's Message-ID and a CC'd colleague.
    await orm
      .update(messages)
      .set({ emailMessageId: 'original.1@mail.acme.it' })
      .where(eq(messages.ticketId, ticket.id));
    await orm.insert(ticketParticipants).values([
      { ticketId: ticket.id, address: 'roberto.mancini@acme.it', createdAt: desk.server.clock.now() },
      { ticketId: ticket.id, address: 'support@example.com', createdAt: desk.server.clock.now() },
    ]);
    const [ack] = await emailsOf(ticket);

    desk.server.clock.advance(60_000);
    const response = await reply(ticket, '<p>Abbiamo sostituito il toner, <em>riprovi</em>.</p>');
    expect(response.statusCode, response.body).toBe(201);
    const [, sent] = await emailsOf(ticket);
    expect(sent).toMatchObject({
      purpose: 'ticket.reply',
      to: ['customer@example.com'],
      cc: ['roberto.mancini@acme.it'],
    });
    expect(sent!.subject).toBe(`Re: ${ticket.subject} [#${ticket.number}]`);
    expect(sent!.html).toContain('<p>Abbiamo sostituito il toner, <em>riprovi</em>.</p>');
    expect(sent!.text).toContain('Giulia Rossi');
    // A person wrote it: no Auto-Submitted.
    expect(sent!.headers['Auto-Submitted']).toBeUndefined();
    expect(sent!.headers['Message-ID']).toMatch(MESSAGE_ID);
    expect(sent!.headers['In-Reply-To']).toBe(ack!.headers['Message-ID']);
    expect(sent!.headers.References).toBe(`<original.1@mail.acme.it> ${ack!.headers['Message-ID']}`);
    // The conversation message carries the Message-ID, so that answers to it thread here.
    const [stored] = await orm
      .select({ emailMessageId: messages.emailMessageId })
      .from(messages)
      .where(eq(messages.id, response.json().id));
    expect(stored!.emailMessageId).toBe(idOf(sent!.headers['Message-ID']));

    desk.server.clock.advance(60_000);
    await reply(ticket, 'Ha funzionato?');
    const third = (await emailsOf(ticket))[2]!;
    expect(third.headers['In-Reply-To']).toBe(sent!.headers['Message-ID']);
    expect(third.headers.References).toBe(
      `<original.1@mail.acme.it> ${ack!.headers['Message-ID']} ${sent!.headers['Message-ID']}`,
    );
  });

  it('never sends an internal note, nor a customer own message', async () => {
    const ticket = await open();
    await emailsOf(ticket);
    expect((await reply(ticket, 'Nota: il cliente è VIP', 'internal')).statusCode).toBe(201);
    expect((await reply(ticket, 'Aggiungo un dettaglio', 'public', desk.as.customer)).statusCode).toBe(201);
    expect((await emailsOf(ticket)).map((email) => email.purpose)).toEqual(['ticket.acknowledgement']);
  });
});

describe('status notices', () => {
  it('tells the customer a ticket is resolved (replying reopens it) and then closed', async () => {
    const ticket = await open();
    await emailsOf(ticket);
    // The acknowledgement was queued at this instant: the notices come after it, in order.
    desk.server.clock.advance(1_000);
    expect((await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.resolved })).statusCode).toBe(200);
    // The resolved notice goes out before the ticket closes (jobs of one batch run in any order).
    await emailsOf(ticket);
    desk.server.clock.advance(1_000);
    expect((await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.closed })).statusCode).toBe(200);
    const [ack, resolved, closed] = await emailsOf(ticket);
    expect(resolved).toMatchObject({ purpose: 'ticket.resolved' });
    expect(resolved!.subject).toBe(`Risolta: ${ticket.subject} [#${ticket.number}]`);
    expect(resolved!.text).toContain('rispondi a questa email');
    expect(resolved!.headers['Auto-Submitted']).toBe('auto-replied');
    expect(resolved!.headers['In-Reply-To']).toBe(ack!.headers['Message-ID']);
    expect(closed).toMatchObject({ purpose: 'ticket.closed' });
    expect(closed!.headers['Auto-Submitted']).toBe('auto-replied');
    expect(closed!.headers.References).toBe(`${ack!.headers['Message-ID']} ${resolved!.headers['Message-ID']}`);
  });

  it('asks for information on "waiting for customer" unless a reply just asked', async () => {
    const asked = await open();
    await reply(asked, 'Ci manda il modello della stampante?');
    expect((await desk.patch(desk.as.l1, asked.id, { statusId: desk.statuses.pending_customer })).statusCode).toBe(200);
    expect((await emailsOf(asked)).map((email) => email.purpose)).toEqual(['ticket.acknowledgement', 'ticket.reply']);

    const silent = await open();
    expect((await desk.patch(desk.as.l1, silent.id, { statusId: desk.statuses.pending_customer })).statusCode).toBe(
      200,
    );
    const purposes = (await emailsOf(silent)).map((email) => email.purpose);
    expect(purposes).toEqual(['ticket.acknowledgement', 'ticket.pending_customer']);
  });

  it.each([
    ['bulk mail', 'Precedence: bulk'],
    ['mailing-list mail', 'List-Id: <clienti.lists.client.example>'],
  ])('sends no status notice on a ticket opened by %s, but still sends an agent reply', async (_, header) => {
    serial += 1;
    const raw = [
      `From: Lista ${serial} <lista${serial}@client.example>`,
      'To: Assistenza <support@example.com>',
      `Subject: Notiziario ${serial}`,
      `Message-ID: <bulk${serial}@client.example>`,
      header,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Testo.',
      '',
    ].join('\r\n');
    const stored = await desk.server.modules.inboundMail.pipeline.intake.accept({
      raw: Buffer.from(raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: `lista${serial}@client.example`,
      envelopeTo: ['support@example.com'],
    });
    await desk.server.deps.jobs.runPendingJobs();
    const [row] = await desk.server.deps.database.orm
      .select({ ticketId: inboundEmails.ticketId })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, stored.inboundEmailId));
    const ticket = { id: row!.ticketId! } as Ticket;
    desk.server.clock.advance(1_000);
    // An agent's reply is a person's: it goes.
    expect((await reply(ticket, 'Grazie, la rimuoviamo dalla lista.')).statusCode).toBe(201);
    expect((await emailsOf(ticket)).map((email) => email.purpose)).toEqual(['ticket.reply']);
    desk.server.clock.advance(3_600_000);
    for (const status of ['pending_customer', 'resolved', 'closed'] as const) {
      expect((await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses[status] })).statusCode).toBe(200);
      await desk.server.deps.jobs.runPendingJobs();
      desk.server.clock.advance(1_000);
    }
    expect((await emailsOf(ticket)).map((email) => email.purpose)).toEqual(['ticket.reply']);
  });

  it('closes automatically with a closing notice', async () => {
    const ticket = await open();
    await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.resolved });
    desk.server.clock.advance(8 * 86_400_000);
    await desk.server.modules.tickets.autoClose.closeResolvedTickets(desk.server.clock.now());
    expect((await emailsOf(ticket)).map((email) => email.purpose)).toEqual([
      'ticket.acknowledgement',
      'ticket.resolved',
      'ticket.closed',
    ]);
  });
});

describe('email templates', () => {
  const templateUrl = '/api/v1/email-templates/ticket.reply/it';

  it('lists every notice in both languages, built-in until customized; staff other than admins are refused', async () => {
    const response = await desk.call(desk.as.admin, 'GET', '/api/v1/email-templates');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { key: string; language: string; customized: boolean }[];
    expect(items).toHaveLength(10);
    expect(items.every((item) => !item.customized)).toBe(true);
    expectError(await desk.call(desk.as.supervisor, 'GET', '/api/v1/email-templates'), 403, 'FORBIDDEN');
  });

  it('previews a draft with sample data, escaping variables in HTML', async () => {
    const response = await desk.call(desk.as.admin, 'POST', '/api/v1/email-templates/preview', {
      key: 'ticket.reply',
      language: 'en',
      subject: 'About {{ ticket.subject }}',
      bodyHtml: '<p>{{ contact.name }} — {{ "<b>x</b>" }}</p>{{ message.body_html | raw }}{{ unknown.variable }}',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      subject: 'About The second-floor printer does not print [#2026-000123]',
      html: '<p>Mario Rossi — &lt;b&gt;x&lt;/b&gt;</p><p>Hello, we replaced the toner. <strong>Could you try again?</strong></p>',
      text: 'Mario Rossi — <b>x</b>\nHello, we replaced the toner. Could you try again?',
    });
  });

  it('refuses a template that does not render, saying where', async () => {
    const response = await desk.call(desk.as.admin, 'POST', '/api/v1/email-templates/preview', {
      key: 'ticket.reply',
      language: 'it',
      subject: 'Ok',
      bodyHtml: '<p>Riga uno</p>\n<p>{% if ticket.number %}aperto</p>',
    });
    expectError(response, 400, 'EMAIL_TEMPLATE_INVALID');
    expect(response.json().error.details).toMatchObject({ field: 'bodyHtml', line: 2, column: 4 });
    const include = await put(templateUrl, {
      subject: 'Ok',
      bodyHtml: "{% include '/etc/passwd' %}",
      version: 0,
    });
    expectError(include, 400, 'EMAIL_TEMPLATE_INVALID');
    const filter = await put(templateUrl, {
      subject: '{{ ticket.number | shell }}',
      bodyHtml: 'x',
      version: 0,
    });
    expectError(filter, 400, 'EMAIL_TEMPLATE_INVALID');
    expect(filter.json().error.details.field).toBe('subject');
  });

  it('uses a customized template for the next notices, keeps the token, and resets to the built-in text', async () => {
    const saved = await put(templateUrl, {
      subject: 'Risposta da {{ agent.name }}',
      bodyHtml: '<div>{{ message.body_html | raw }}</div>',
      bodyText: null,
      version: 0,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ customized: true, version: 1 });
    expectError(
      await put(templateUrl, { subject: 'x', bodyHtml: 'y', version: 0 }),
      409,
      'EMAIL_TEMPLATE_VERSION_CONFLICT',
    );

    const ticket = await open();
    await reply(ticket, 'Provi ora');
    const sent = (await emailsOf(ticket)).find((email) => email.purpose === 'ticket.reply')!;
    expect(sent.subject).toBe(`Risposta da Giulia Rossi [#${ticket.number}]`);
    expect(sent.html).toBe('<div><p>Provi ora</p></div>');
    expect(sent.text).toBe('Provi ora');

    const reset = await desk.call(desk.as.admin, 'DELETE', templateUrl);
    expect(reset.json()).toMatchObject({
      customized: false,
      version: 0,
      subject: 'Re: {{ ticket.subject }} [#{{ ticket.number }}]',
    });
  });
});

describe('failures', () => {
  it('lets an admin resend a held message, and refuses one that is not failed or held', async () => {
    const ticket = await open();
    const [ack] = await emailsOf(ticket);
    expectError(await desk.call(desk.as.l1, 'POST', `/api/v1/outbox/${ack!.id}/resend`), 403, 'FORBIDDEN');
    const resent = await desk.call(desk.as.admin, 'POST', `/api/v1/outbox/${ack!.id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    // Without SMTP a resent message is held again, from the first attempt, with no job to run.
    expect(resent.json()).toMatchObject({ status: 'held', attempts: 0, error: null });
    expect(await desk.server.deps.jobs.runPendingJobs()).toBe(0);
    await desk.server.deps.database.orm
      .update(outboundMessages)
      .set({ status: 'sent', sentAt: desk.server.clock.now() })
      .where(eq(outboundMessages.id, ack!.id));
    expectError(
      await desk.call(desk.as.admin, 'POST', `/api/v1/outbox/${ack!.id}/resend`),
      409,
      'OUTBOUND_MESSAGE_NOT_RESENDABLE',
    );
  });

  it('hides an email failure from the customer timeline', async () => {
    const ticket = await open();
    await emailsOf(ticket);
    await desk.server.deps.database.transaction((tx) =>
      recordEmailFailure(tx, {
        ticketId: ticket.id,
        recipients: ['customer@example.com'],
        error: '550 no such user',
        now: desk.server.clock.now(),
      }),
    );
    const timeline = async (headers: Headers) =>
      ((await desk.call(headers, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json() as { items: TimelineEntry[] })
        .items;
    const staff = await timeline(desk.as.l1);
    expect(staff.some((entry) => entry.type === 'event' && entry.event.kind === 'email_failed')).toBe(true);
    const customer = await timeline(desk.as.customer);
    expect(customer.some((entry) => entry.type === 'event' && entry.event.kind === 'email_failed')).toBe(false);
  });
});
