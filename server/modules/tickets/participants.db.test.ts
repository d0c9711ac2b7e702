/**
 * CC participants through the API: a stranger's reply joins flagged and is not copied; an agent adds
 * them (from the flagged message), and the next public reply goes to them too; adding twice changes
 * nothing; removal; the refusals (customers, invisible tickets, the requester, foreign messages,
 * merged tickets).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AddTicketParticipantResponse,
  TicketParticipants,
} from '../../../contracts/ticket-participants.contract.js';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, type Desk, type Headers } from '../../test-support/tickets-fixture.js';
import { outboundMessages } from '../mail/mail.schema.js';
import { messages } from './tickets.schema.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
  await desk.server.deps.jobs.runPendingJobs();
});
afterAll(async () => {
  await desk.dispose();
});

const url = (ticketId: string, address?: string) =>
  `/api/v1/tickets/${ticketId}/participants${address ? `/${encodeURIComponent(address)}` : ''}`;

async function participantsOf(ticketId: string, headers: Headers = desk.as.l1): Promise<string[]> {
  const response = await desk.call(headers, 'GET', url(ticketId));
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TicketParticipants>().items.map((item) => item.address);
}

let serial = 0;
/** A ticket opened by email (From the demo customer, Cc a colleague); returns it and its Message-ID. */
async function emailTicket() {
  serial += 1;
  const messageId = `participants${serial}.${Date.now()}@mail.acme.it`;
  const raw = [
    'From: Chiara Galli <customer@example.com>',
    'To: support@example.com',
    'Cc: Roberto Mancini <roberto.mancini@acme.it>',
    `Subject: Proiettore sala riunioni ${serial}`,
    `Message-ID: <${messageId}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Il proiettore non si accende.',
  ].join('\r\n');
  const result = await deliver(raw);
  return { ticket: await desk.getTicket(desk.as.l1, result.ticketId!), messageId };
}

async function deliver(raw: string) {
  desk.server.clock.advance(1_000);
  const pipeline = desk.server.modules.inboundMail.pipeline;
  const stored = await pipeline.intake.accept({
    raw: Buffer.from(raw),
    source: 'smtp',
    mailboxId: null,
    envelopeFrom: null,
    envelopeTo: ['support@example.com'],
  });
  const result = await pipeline.process(stored.inboundEmailId);
  expect(result.status, result.error ?? '').toBe('processed');
  return result;
}

/** A stranger answers the ticket's first email (its References match): joins flagged. */
async function strangerReplies(
  ticket: Ticket,
  parentMessageId: string,
  from = 'Nuovo Tecnico <tecnico@fornitore.example>',
) {
  await deliver(
    [
      `From: ${from}`,
      'To: support@example.com',
      `Subject: Re: ${ticket.subject}`,
      `Message-ID: <stranger${serial}.${Date.now()}@fornitore.example>`,
      `In-Reply-To: <${parentMessageId}>`,
      `References: <${parentMessageId}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Passo domani a controllare.',
    ].join('\r\n'),
  );
  const [message] = await desk.server.deps.database.orm
    .select({ id: messages.id, flags: messages.emailFlags })
    .from(messages)
    .where(eq(messages.ticketId, ticket.id))
    .orderBy(messages.createdAt)
    .offset(1);
  return message!;
}

async function replyCopies(ticket: Ticket, body: string): Promise<string[]> {
  desk.server.clock.advance(60_000);
  const response = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
    body,
    visibility: 'public',
  });
  expect(response.statusCode, response.body).toBe(201);
  await desk.server.deps.jobs.runPendingJobs();
  const [sent] = await desk.server.deps.database.orm
    .select({ cc: outboundMessages.ccAddresses })
    .from(outboundMessages)
    .where(and(eq(outboundMessages.ticketId, ticket.id), eq(outboundMessages.ticketMessageId, response.json().id)));
  return sent!.cc;
}

describe('ticket participants', () => {
  it('adds the sender of a message flagged new_participant, once, and copies them on the next reply', async () => {
    const { ticket, messageId } = await emailTicket();
    expect(ticket.abilities.manageParticipants).toBe(true);
    expect(await participantsOf(ticket.id)).toEqual(['roberto.mancini@acme.it']);
    const flagged = await strangerReplies(ticket, messageId);
    expect(flagged.flags).toContain('new_participant');
    expect(await participantsOf(ticket.id)).toEqual(['roberto.mancini@acme.it']);
    expect(await replyCopies(ticket, 'Prima risposta')).toEqual(['roberto.mancini@acme.it']);

    const added = await desk.call(desk.as.l1, 'POST', url(ticket.id), { messageId: flagged.id });
    expect(added.statusCode, added.body).toBe(200);
    const body = added.json<AddTicketParticipantResponse>();
    expect(body).toMatchObject({ added: true, address: 'tecnico@fornitore.example' });
    const entry = body.items.find((item) => item.address === 'tecnico@fornitore.example');
    expect(entry).toMatchObject({ addedBy: { id: desk.userIds.l1, name: 'Giulia Rossi' } });
    // The first email's CC came with the mail: nobody added it.
    expect(body.items.find((item) => item.address === 'roberto.mancini@acme.it')?.addedBy).toBeNull();

    // Adding again (by address, in capitals) changes nothing.
    const again = await desk.call(desk.as.l1, 'POST', url(ticket.id), { address: 'Tecnico@Fornitore.example' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<AddTicketParticipantResponse>().added).toBe(false);

    expect((await replyCopies(ticket, 'Seconda risposta')).sort()).toEqual([
      'roberto.mancini@acme.it',
      'tecnico@fornitore.example',
    ]);
    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    const changes = timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((item) => (item.type === 'event' ? item.event.changes : []))
      .filter((change) => change.field === 'participants');
    expect(changes).toEqual([{ field: 'participants', from: null, to: 'tecnico@fornitore.example' }]);
    // The customer's timeline does not show who is copied.
    const customerTimeline = await desk.call(desk.as.customer, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(customerTimeline.body).not.toContain('tecnico@fornitore.example');
  });

  it('removes a participant, who gets no more replies; removing twice is 404', async () => {
    const { ticket } = await emailTicket();
    const removed = await desk.call(desk.as.l1, 'DELETE', url(ticket.id, 'Roberto.Mancini@acme.it'));
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await participantsOf(ticket.id)).toEqual([]);
    expect(await replyCopies(ticket, 'Risposta senza copia')).toEqual([]);
    expectError(
      await desk.call(desk.as.l1, 'DELETE', url(ticket.id, 'roberto.mancini@acme.it')),
      404,
      'PARTICIPANT_NOT_FOUND',
    );
    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(
      timeline
        .json<{ items: TimelineEntry[] }>()
        .items.flatMap((item) => (item.type === 'event' ? item.event.changes : []))
        .filter((change) => change.field === 'participants'),
    ).toEqual([{ field: 'participants', from: 'roberto.mancini@acme.it', to: null }]);
  });

  it('refuses customers, staff who cannot see the ticket, the requester, foreign or non-email messages, bad bodies', async () => {
    const { ticket } = await emailTicket();
    const other = await emailTicket();
    expectError(await desk.call(desk.as.customer, 'GET', url(ticket.id)), 403, 'FORBIDDEN');
    expectError(
      await desk.call(desk.as.customer, 'POST', url(ticket.id), { address: 'amico@acme.it' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await desk.call(desk.as.customer, 'DELETE', url(ticket.id, 'roberto.mancini@acme.it')),
      403,
      'FORBIDDEN',
    );
    // Emily (Applicazioni, level 2) does not see a level 1 ticket of the Service Desk.
    expectError(
      await desk.call(desk.as.emily, 'POST', url(ticket.id), { address: 'x@acme.it' }),
      404,
      'TICKET_NOT_FOUND',
    );
    expectError(await desk.call(desk.as.emily, 'GET', url(ticket.id)), 404, 'TICKET_NOT_FOUND');

    const requester = expectError(
      await desk.call(desk.as.l1, 'POST', url(ticket.id), { address: 'customer@example.com' }),
      400,
      'PARTICIPANT_IS_REQUESTER',
    );
    expect(requester.details).toMatchObject({ fields: [{ path: 'body.address' }] });
    const [foreign] = await desk.server.deps.database.orm
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.ticketId, other.ticket.id));
    expectError(
      await desk.call(desk.as.l1, 'POST', url(ticket.id), { messageId: foreign!.id }),
      404,
      'MESSAGE_NOT_FOUND',
    );
    const note = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Nota interna',
      visibility: 'internal',
    });
    expectError(
      await desk.call(desk.as.l1, 'POST', url(ticket.id), { messageId: note.json().id }),
      400,
      'MESSAGE_HAS_NO_SENDER_ADDRESS',
    );
    expectError(await desk.call(desk.as.l1, 'POST', url(ticket.id), {}), 400, 'VALIDATION_FAILED');
    expectError(
      await desk.call(desk.as.l1, 'POST', url(ticket.id), { address: 'a@acme.it', messageId: foreign!.id }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await desk.call(desk.as.l1, 'POST', url(ticket.id), { address: 'non un indirizzo' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await participantsOf(ticket.id)).toEqual(['roberto.mancini@acme.it']);
  });

  it('takes no participants on a merged ticket', async () => {
    const survivor = await emailTicket();
    const duplicate = await emailTicket();
    const merged = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${duplicate.ticket.id}/merge`, {
      targetTicketId: survivor.ticket.id,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await desk.getTicket(desk.as.l1, duplicate.ticket.id)).abilities.manageParticipants).toBe(false);
    expectError(
      await desk.call(desk.as.l1, 'POST', url(duplicate.ticket.id), { address: 'x@acme.it' }),
      409,
      'TICKET_MERGED',
    );
  });
});
