/**
 * A real SMTP conversation: a tiny `smtp-server` on an ephemeral port plays the customer's mail
 * server, Sportello sends to it through nodemailer (SMTP_URL), and the raw messages it receives
 * are parsed with mailparser — proving that the threading headers, the token subject and the DKIM
 * signature survive the trip. Then delivery failures: a temporary refusal retried until the last
 * attempt, a permanent one at once, both shown on the ticket, and an admin's resend.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../contracts/mail.contract.js';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { bearer, createTestServer, tokenFor, type TestServer } from '../../test-support/test-server.js';
import { ticketParticipants } from '../tickets/tickets.schema.js';
import { SEND_MAX_ATTEMPTS } from './outbox.service.js';

interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
}

const received: Received[] = [];
/** Addresses the remote server refuses: 451 (try later) or 550 (no such user). */
const busy = new Set(['busy@example.org']);
const unknown = new Set(['nobody@example.org']);

const remote = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
    if (busy.has(address.address)) return callback(refusal(451, 'Mailbox busy, try again later'));
    if (unknown.has(address.address)) return callback(refusal(550, 'No such user here'));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      simpleParser(Buffer.concat(chunks))
        .then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        })
        .catch(callback);
    });
  },
});

let server: TestServer;
let agent: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  const { port } = remote.server.address() as AddressInfo;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  server = await createTestServer({
    environment: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      SPORTELLO_DKIM_DOMAIN: 'example.com',
      SPORTELLO_DKIM_SELECTOR: 'sportello',
      SPORTELLO_DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    },
  });
  agent = bearer(await tokenFor(server, 'l1@example.com'));
  admin = bearer(await tokenFor(server, 'admin@example.com'));
  // The demo tickets' acknowledgements go out first, out of the way.
  await server.deps.jobs.runPendingJobs();
  received.length = 0;
});
afterAll(async () => {
  await server.dispose();
  await new Promise<void>((resolve) => remote.close(() => resolve()));
});

async function openTicket(requester: string): Promise<Ticket> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: agent,
    payload: {
      type: 'incident',
      subject: 'VPN non si connette',
      description: 'Errore 809',
      requester: { email: requester },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  server.clock.advance(1_000);
  return response.json();
}

async function emailsOf(ticket: Ticket): Promise<OutboundMessage[]> {
  const response = await server.app.inject({ method: 'GET', url: '/api/v1/outbox?limit=100', headers: admin });
  return (response.json().items as OutboundMessage[]).filter((item) => item.ticketId === ticket.id).reverse();
}

describe('threading headers over SMTP', () => {
  it('delivers the acknowledgement and the reply threaded, token in the subject, DKIM-signed', async () => {
    const ticket = await openTicket('customer@example.com');
    await server.deps.database.orm
      .insert(ticketParticipants)
      .values({ ticketId: ticket.id, address: 'roberto.mancini@acme.it', createdAt: server.clock.now() });
    await server.deps.jobs.runPendingJobs();
    expect(received).toHaveLength(1);
    const ack = received[0]!.mail;
    expect(ack.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(ack.subject).toBe(`Abbiamo ricevuto la tua richiesta: VPN non si connette [#${ticket.number}]`);
    expect(ack.from?.value[0]).toEqual({ name: 'Assistenza', address: 'support@example.com' });
    expect(ack.replyTo?.value[0]?.address).toBe('support@example.com');
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.inReplyTo).toBeUndefined();
    expect(ack.headerLines.find((line) => line.key === 'dkim-signature')?.line).toMatch(
      /d=example\.com;.*s=sportello;/s,
    );
    expect((await emailsOf(ticket))[0]).toMatchObject({ status: 'sent', attempts: 1 });

    const reply = await server.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent,
      payload: { body: 'Provi a reinstallare il client.', visibility: 'public' },
    });
    expect(reply.statusCode).toBe(201);
    await server.deps.jobs.runPendingJobs();
    expect(received).toHaveLength(2);
    const answer = received[1]!;
    expect(answer.envelopeTo.sort()).toEqual(['customer@example.com', 'roberto.mancini@acme.it']);
    expect(answer.mail.cc && 'value' in answer.mail.cc ? answer.mail.cc.value[0]?.address : null).toBe(
      'roberto.mancini@acme.it',
    );
    expect(answer.mail.subject).toBe(`Re: VPN non si connette [#${ticket.number}]`);
    expect(answer.mail.inReplyTo).toBe(ack.messageId);
    expect(answer.mail.references).toEqual(ack.messageId);
    expect(answer.mail.headers.has('auto-submitted')).toBe(false);
    expect(answer.mail.text).toContain('Provi a reinstallare il client.');
  });
});

describe('delivery failures', () => {
  const timelineOf = async (ticket: Ticket) =>
    (
      (
        await server.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/timeline`, headers: agent })
      ).json() as { items: TimelineEntry[] }
    ).items.flatMap((entry) => (entry.type === 'event' && entry.event.kind === 'email_failed' ? [entry.event] : []));

  it('retries a temporary refusal, gives up after the last attempt, shows it on the ticket; an admin resends', async () => {
    const ticket = await openTicket('busy@example.org');
    await server.deps.jobs.runPendingJobs();
    let [email] = await emailsOf(ticket);
    expect(email).toMatchObject({ status: 'queued', attempts: 1 });
    expect(email!.error).toContain('451');
    // pg-boss holds the job for a retry, later, with exponential back-off.
    const { rows } = await server.deps.database.pool.query<{
      state: string;
      retry_limit: number;
      retry_backoff: boolean;
    }>(
      `SELECT state, retry_limit, retry_backoff FROM pgboss.job WHERE name = 'mail.send-message' AND data->>'outboundMessageId' = $1`,
      [email!.id],
    );
    expect(rows).toEqual([{ state: 'retry', retry_limit: SEND_MAX_ATTEMPTS - 1, retry_backoff: true }]);
    // pg-boss retries later with back-off; its handler is this function, run here at once.
    for (let attempt = 2; attempt <= SEND_MAX_ATTEMPTS; attempt += 1) {
      await server.modules.mail.outbox.deliverMessage(email!.id).catch(() => undefined);
    }
    [email] = await emailsOf(ticket);
    expect(email).toMatchObject({ status: 'failed', attempts: SEND_MAX_ATTEMPTS });
    expect(email!.failedAt).not.toBeNull();
    const [failure] = await timelineOf(ticket);
    expect(failure?.note).toMatch(/^busy@example\.org: .*451/);

    busy.delete('busy@example.org');
    const resent = await server.app.inject({
      method: 'POST',
      url: `/api/v1/outbox/${email!.id}/resend`,
      headers: admin,
    });
    expect(resent.statusCode, resent.body).toBe(200);
    await server.deps.jobs.runPendingJobs();
    [email] = await emailsOf(ticket);
    expect(email).toMatchObject({ status: 'sent', attempts: 1, error: null });
    expect(received.at(-1)!.envelopeTo).toEqual(['busy@example.org']);
  });

  it('fails at once on a permanent refusal (5xx)', async () => {
    const ticket = await openTicket('nobody@example.org');
    await server.deps.jobs.runPendingJobs();
    const [email] = await emailsOf(ticket);
    expect(email).toMatchObject({ status: 'failed', attempts: 1 });
    expect(email!.error).toContain('550');
    expect(await timelineOf(ticket)).toHaveLength(1);
  });
});
