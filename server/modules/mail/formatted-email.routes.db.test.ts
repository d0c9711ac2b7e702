/**
 * The formatted view of an email message over HTTP: who may read it (exactly who may read the
 * message), the policy it is served under, and what the sanitizer leaves of a hostile mail.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { openDesk, UNKNOWN_ID, type Desk } from '../../test-support/tickets-fixture.js';
import { messages } from '../tickets/tickets.schema.js';

/** A 1×1 PNG, as a signature logo would be. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const HOSTILE_HTML = [
  '<html><head><style>body{background:url(https://tracker.example.net/css.png)}</style>',
  '<script>alert("head")</script></head><body>',
  '<p onclick="steal()">Buongiorno, la <b>stampante</b> non stampa.</p>',
  '<p><img src="cid:logo@acme.it" alt="Logo Acme"></p>',
  '<p><img src="https://tracker.example.net/pixel.gif" alt="pixel"></p>',
  '<script>document.cookie</script>',
  '<iframe src="https://evil.example.net/"></iframe>',
  '<form action="https://evil.example.net/"><input name="password"></form>',
  '<p><a href="https://acme.it/manuale">il manuale</a> <a href="javascript:steal()">clic</a></p>',
  '</body></html>',
].join('\r\n');

function htmlMail(from: string, messageId: string): string {
  return [
    `From: ${from}`,
    'To: support@example.com',
    'Subject: Stampante',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="related"',
    '',
    '--related',
    'Content-Type: multipart/alternative; boundary="alternative"',
    '',
    '--alternative',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Buongiorno, la stampante non stampa.',
    '--alternative',
    'Content-Type: text/html; charset=utf-8',
    '',
    HOSTILE_HTML,
    '--alternative--',
    '--related',
    'Content-Type: image/png; name="logo.png"',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@acme.it>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    PNG,
    '--related--',
    '',
  ].join('\r\n');
}

const textMail = (from: string, messageId: string) =>
  [
    `From: ${from}`,
    'To: support@example.com',
    'Subject: Solo testo',
    `Message-ID: <${messageId}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Solo testo, niente formattazione.',
    '',
  ].join('\r\n');

describe('formatted email view', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk.dispose();
  });

  async function deliver(raw: string) {
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
    return result.ticketId!;
  }

  async function firstMessage(ticketId: string): Promise<Message> {
    const timeline = await desk.call(desk.as.admin, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    return timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'message' ? [entry.message] : []))[0]!;
  }

  const htmlUrl = (ticketId: string, messageId: string, query = '') =>
    `/api/v1/tickets/${ticketId}/messages/${messageId}/html${query}`;

  it('serves the sanitized formatting under a strict policy, inline image embedded, remote image held back', async () => {
    const ticketId = await deliver(htmlMail('Chiara Galli <customer@example.com>', 'formatted-1@acme.it'));
    const message = await firstMessage(ticketId);
    expect(message.formattedEmail).toEqual({ blockedRemoteImages: 1 });

    const response = await desk.call(desk.as.l1, 'GET', htmlUrl(ticketId, message.id));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; frame-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');

    const body = response.body;
    expect(body).toContain('<b>stampante</b>');
    expect(body).toContain(`<img src="data:image/png;base64,${PNG}" alt="Logo Acme" />`);
    expect(body).toContain('<img data-blocked-src="https://tracker.example.net/pixel.gif" alt="pixel" />');
    expect(body).not.toMatch(/<script|onclick|<iframe|<form|<input|javascript:|tracker\.example\.net\/css/i);
    expect(body).not.toMatch(/\ssrc="https?:/);
    expect(body).toContain('<a href="https://acme.it/manuale" rel="noopener noreferrer nofollow" target="_blank">');
  });

  it('loads remote images only when the viewer asks for them', async () => {
    const ticketId = await deliver(htmlMail('Chiara Galli <customer@example.com>', 'formatted-2@acme.it'));
    const message = await firstMessage(ticketId);
    const response = await desk.call(desk.as.l1, 'GET', htmlUrl(ticketId, message.id, '?remoteImages=1'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-security-policy']).toContain('img-src data: http: https:;');
    expect(response.body).toContain('<img src="https://tracker.example.net/pixel.gif" alt="pixel" />');
    expect(response.body).not.toMatch(/<script|onclick/i);

    const wrong = await desk.call(desk.as.l1, 'GET', htmlUrl(ticketId, message.id, '?remoteImages=yes'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('is readable exactly like the message: the customer their public messages, never internal ones', async () => {
    const ownTicket = await deliver(htmlMail('Chiara Galli <customer@example.com>', 'formatted-3@acme.it'));
    const own = await firstMessage(ownTicket);
    expect((await desk.call(desk.as.customer, 'GET', htmlUrl(ownTicket, own.id))).statusCode).toBe(200);

    // Another customer's ticket: 404, as for anything a customer may not see.
    const otherTicket = await deliver(htmlMail('Marta Neri <marta.neri@altra-ditta.it>', 'formatted-4@altra.it'));
    const other = await firstMessage(otherTicket);
    const foreign = await desk.call(desk.as.customer, 'GET', htmlUrl(otherTicket, other.id));
    expect(foreign.statusCode).toBe(404);
    // The message id with the customer's own ticket: still not theirs.
    expect((await desk.call(desk.as.customer, 'GET', htmlUrl(ownTicket, other.id))).statusCode).toBe(404);
    expect((await desk.call(desk.as.l1, 'GET', htmlUrl(otherTicket, other.id))).statusCode).toBe(200);

    // An email made internal (as bounces are): staff read it, the customer gets 404.
    await desk.server.deps.database.orm.update(messages).set({ visibility: 'internal' }).where(eq(messages.id, own.id));
    const hidden = await desk.call(desk.as.customer, 'GET', htmlUrl(ownTicket, own.id));
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'FORMATTED_EMAIL_NOT_FOUND' } });
    expect((await desk.call(desk.as.admin, 'GET', htmlUrl(ownTicket, own.id))).statusCode).toBe(200);

    // An internal note is no email: 404 for everyone, the customer included.
    const note = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ownTicket}/messages`, {
      body: 'Nota interna: <b>cliente importante</b>',
      visibility: 'internal',
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = note.json<Message>().id;
    expect((await desk.call(desk.as.customer, 'GET', htmlUrl(ownTicket, noteId))).statusCode).toBe(404);
    expect((await desk.call(desk.as.l1, 'GET', htmlUrl(ownTicket, noteId))).statusCode).toBe(404);

    expect((await desk.call({}, 'GET', htmlUrl(ownTicket, own.id))).statusCode).toBe(401);
    expect((await desk.call(desk.as.l1, 'GET', htmlUrl(UNKNOWN_ID, own.id))).statusCode).toBe(404);
    expect((await desk.call(desk.as.l1, 'GET', htmlUrl(ownTicket, 'not-an-id'))).statusCode).toBe(400);
  });

  it('has nothing to show for a mail without an HTML part', async () => {
    const ticketId = await deliver(textMail('Chiara Galli <customer@example.com>', 'formatted-5@acme.it'));
    const message = await firstMessage(ticketId);
    expect(message.formattedEmail).toBeNull();
    const response = await desk.call(desk.as.l1, 'GET', htmlUrl(ticketId, message.id));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'FORMATTED_EMAIL_NOT_FOUND' } });
  });
});
