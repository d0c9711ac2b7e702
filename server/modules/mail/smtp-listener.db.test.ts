/**
 * The SMTP listener with a real client (nodemailer) on an ephemeral port: 250 only once the raw
 * message is committed, 550 for addresses no mailbox claims, 552 over the size limit, and a
 * message sent twice stored once.
 */
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { messages } from '../tickets/tickets.schema.js';
import { inboundEmails } from './mail.schema.js';

const LIMIT = 20_000;

describe('SMTP listener', () => {
  let server: TestServer;
  let transport: nodemailer.Transporter;

  beforeAll(async () => {
    server = await createTestServer({
      environment: { SMTP_LISTEN_PORT: '0', SMTP_LISTEN_HOST: '127.0.0.1', SMTP_MAX_MESSAGE_BYTES: String(LIMIT) },
    });
    transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.smtp!.port,
      secure: false,
      ignoreTLS: true,
    });
  });
  afterAll(async () => {
    transport.close();
    await server.dispose();
  });

  const raw = (messageId: string, body = 'Il portatile non si accende.') =>
    [
      'From: Lucia Neri <lucia.neri@cliente-smtp.example>',
      'To: support@example.com',
      'Subject: Portatile',
      `Message-ID: <${messageId}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n');

  const rowsWith = (messageId: string) =>
    server.deps.database.orm.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));

  it('answers 250 once the message is committed, and its job makes the ticket', async () => {
    const info = await transport.sendMail({
      envelope: { from: 'lucia.neri@cliente-smtp.example', to: ['Support@Example.com'] },
      raw: raw('smtp-1@cliente-smtp.example'),
    });
    expect(info.response).toMatch(/^250 /);
    const [row] = await rowsWith('smtp-1@cliente-smtp.example');
    expect(row?.status).toBe('received');
    expect(row?.mailboxId).not.toBeNull();
    expect(row?.envelopeTo).toEqual(['support@example.com']);
    expect(info.response).toContain(row!.id);

    expect(await server.deps.jobs.runPendingJobs()).toBeGreaterThanOrEqual(1);
    const [processed] = await rowsWith('smtp-1@cliente-smtp.example');
    expect(processed?.status).toBe('processed');
    const onTicket = await server.deps.database.orm
      .select()
      .from(messages)
      .where(eq(messages.emailMessageId, 'smtp-1@cliente-smtp.example'));
    expect(onTicket).toHaveLength(1);
  });

  it('refuses recipients that no mailbox claims with 550', async () => {
    const attempt = transport.sendMail({
      envelope: { from: 'x@cliente-smtp.example', to: ['nobody@example.com'] },
      raw: raw('smtp-2@cliente-smtp.example'),
    });
    await expect(attempt).rejects.toMatchObject({ responseCode: 550 });
    expect(await rowsWith('smtp-2@cliente-smtp.example')).toHaveLength(0);
  });

  it('refuses a message over the size limit with 552', async () => {
    const attempt = transport.sendMail({
      envelope: { from: 'x@cliente-smtp.example', to: ['support@example.com'] },
      raw: raw('smtp-3@cliente-smtp.example', 'x'.repeat(LIMIT + 10)),
    });
    await expect(attempt).rejects.toMatchObject({ responseCode: 552 });
    expect(await rowsWith('smtp-3@cliente-smtp.example')).toHaveLength(0);
  });

  it('stores a message sent twice once', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const info = await transport.sendMail({
        envelope: { from: 'lucia.neri@cliente-smtp.example', to: ['support@example.com'] },
        raw: raw('smtp-4@cliente-smtp.example'),
      });
      expect(info.response).toMatch(/^250 /);
    }
    expect(await rowsWith('smtp-4@cliente-smtp.example')).toHaveLength(1);
  });
});
