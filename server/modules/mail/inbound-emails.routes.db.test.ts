/**
 * Admin → Inbound mail over HTTP: the failed-mail list, one message, its original, re-processing;
 * and, on a ticket, the email details and the original for staff only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEmail } from '../../../contracts/mail.contract.js';
import type { TimelineEntry } from '../../../contracts/tickets.contract.js';
import { openDesk, type Desk } from '../../test-support/tickets-fixture.js';

const raw = (from: string, messageId: string, subject = 'Monitor nero') =>
  [
    `From: ${from}`,
    'To: support@example.com',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'Authentication-Results: mx.example.com; spf=pass; dkim=pass; dmarc=pass',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Il monitor resta nero.',
    '',
  ].join('\r\n');

describe('inbound emails API', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk.dispose();
  });

  async function deliver(text: string) {
    const pipeline = desk.server.modules.inboundMail.pipeline;
    const stored = await pipeline.intake.accept({
      raw: Buffer.from(text),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: null,
      envelopeTo: ['support@example.com'],
    });
    return { id: stored.inboundEmailId, result: await pipeline.process(stored.inboundEmailId) };
  }

  it('lists failed mail for admins only, shows one, serves its original and re-processes it', async () => {
    // A staff address cannot open a ticket by email: this one fails.
    const failed = await deliver(raw('Luca <luca.ferrari@example.com>', 'api-failed@example.com', 'Dal collega'));
    expect(failed.result.status).toBe('failed');

    const list = await desk.call(desk.as.admin, 'GET', '/api/v1/inbound-emails?status=failed');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: InboundEmail[] }>().items;
    expect(items.map((item) => item.id)).toContain(failed.id);
    const entry = items.find((item) => item.id === failed.id)!;
    expect(entry).toMatchObject({ status: 'failed', subject: 'Dal collega', attempts: 1, ticket: null });
    expect(entry.error).toContain('staff');

    expect((await desk.call(desk.as.l1, 'GET', '/api/v1/inbound-emails')).statusCode).toBe(403);
    expect((await desk.call(desk.as.customer, 'GET', '/api/v1/inbound-emails')).statusCode).toBe(403);
    expect((await desk.call(desk.as.admin, 'GET', '/api/v1/inbound-emails?status=lost')).statusCode).toBe(400);

    const one = await desk.call(desk.as.admin, 'GET', `/api/v1/inbound-emails/${failed.id}`);
    expect(one.json<InboundEmail>().messageId).toBe('api-failed@example.com');
    const missing = await desk.call(
      desk.as.admin,
      'GET',
      '/api/v1/inbound-emails/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_NOT_FOUND' } });

    const original = await desk.call(desk.as.admin, 'GET', `/api/v1/inbound-emails/${failed.id}/raw`);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('message/rfc822');
    expect(original.headers['content-disposition']).toContain('.eml');
    expect(original.body).toContain('Message-ID: <api-failed@example.com>');

    const again = await desk.call(desk.as.admin, 'POST', `/api/v1/inbound-emails/${failed.id}/reprocess`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'failed', ticketId: null });
    expect((await desk.call(desk.as.l1, 'POST', `/api/v1/inbound-emails/${failed.id}/reprocess`)).statusCode).toBe(403);
  });

  it('refuses to re-process a message already on a ticket', async () => {
    const done = await deliver(raw('nuovo.utente@acme.it', 'api-done@example.com'));
    expect(done.result.status).toBe('processed');
    const again = await desk.call(desk.as.admin, 'POST', `/api/v1/inbound-emails/${done.id}/reprocess`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_ALREADY_PROCESSED' } });
  });

  it('shows staff how an email joined the ticket and lets them download the original; customers neither', async () => {
    const sent = await deliver(raw('Chiara Galli <customer@example.com>', 'api-timeline@example.com'));
    const ticketId = sent.result.ticketId!;
    const timeline = await desk.call(desk.as.admin, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const message = timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'message' ? [entry.message] : []))[0]!;
    expect(message.email).toMatchObject({
      from: 'Chiara Galli <customer@example.com>',
      to: ['support@example.com'],
      threadingReason: 'new_ticket',
      dmarc: 'pass',
      hasOriginal: true,
    });
    const original = await desk.call(
      desk.as.admin,
      'GET',
      `/api/v1/tickets/${ticketId}/messages/${message.id}/original`,
    );
    expect(original.statusCode).toBe(200);
    expect(original.body).toContain('api-timeline@example.com');

    const customerView = await desk.call(desk.as.customer, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
    expect(customerView.statusCode).toBe(200);
    const seen = customerView
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'message' ? [entry.message] : []))[0]!;
    expect(seen.email).toBeNull();
    const forbidden = await desk.call(
      desk.as.customer,
      'GET',
      `/api/v1/tickets/${ticketId}/messages/${message.id}/original`,
    );
    expect(forbidden.statusCode).toBe(403);
  });
});
