/**
 * One mail, one message (migration 0022): a Message-ID is on at most one message of the desk, as the
 * intake's dedupe and the duplicate filter intend (ADR 0007, filter 3.1); messages without one (portal,
 * phone, API) are not concerned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate.js';
import { rawMail } from '../../test-support/raw-mail.js';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { messages, tickets } from '../tickets/tickets.schema.js';
import { inboundEmails } from './mail.schema.js';

describe('a Message-ID on one message only', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const deliver = (raw: string) =>
    server.modules.inboundMail.pipeline.intake.accept({
      raw: Buffer.from(raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: 'anna@client.example',
      envelopeTo: ['support@example.com'],
    });

  it('refuses a second message with the same Message-ID, on any ticket', async () => {
    const mail = rawMail({ from: 'Anna <anna@client.example>', subject: 'Stampante' });
    const accepted = await deliver(mail.raw);
    await server.deps.jobs.runPendingJobs();
    const db = server.deps.database.orm;
    const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, accepted.inboundEmailId));
    expect(row!.status, row!.error ?? '').toBe('processed');
    const [other] = await db.select({ id: tickets.id }).from(tickets).where(isNotNull(tickets.id)).limit(1);
    const copy = {
      kind: 'email' as const,
      visibility: 'public' as const,
      bodyHtml: '<p>copia</p>',
      bodyText: 'copia',
      createdAt: server.clock.now(),
      emailMessageId: mail.messageId,
    };
    await db.insert(messages).values({ ...copy, ticketId: other!.id, emailMessageId: `fresh-${mail.messageId}` });
    for (const ticketId of [row!.ticketId!, other!.id]) {
      const error = await db
        .insert(messages)
        .values({ ...copy, ticketId })
        .then(() => null)
        .catch((caught: unknown) => caught);
      expect(error, `ticket ${ticketId}`).not.toBeNull();
      const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? error;
      expect(cause).toMatchObject({ code: '23505', constraint: 'messages_email_message_id_unique' });
    }
    // Without a Message-ID, any number.
    await db.insert(messages).values([
      { ...copy, ticketId: other!.id, emailMessageId: null },
      { ...copy, ticketId: other!.id, emailMessageId: null },
    ]);
  });

  it('keeps one message when a second copy of the mail, with other bytes, arrives', async () => {
    const mail = rawMail({ from: 'Bruno <bruno@client.example>', subject: 'Scanner' });
    await deliver(mail.raw);
    await deliver(`Received: from relay2.client.example\r\n${mail.raw}`);
    await server.deps.jobs.runPendingJobs();
    const copies = await server.deps.database.orm
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.emailMessageId, mail.messageId));
    expect(copies).toHaveLength(1);
  });

  it('migrates a desk that already holds copies: the oldest keeps the Message-ID, none is lost', async () => {
    const { pool, orm } = server.deps.database;
    const [ticket] = await orm.select({ id: tickets.id }).from(tickets).limit(1);
    // The desk as it was before migration 0022, with a mail applied twice.
    await pool.query('DROP INDEX messages_email_message_id_unique');
    await pool.query('CREATE INDEX messages_email_message_id_idx ON messages (email_message_id)');
    const copy = { ticketId: ticket!.id, kind: 'email' as const, visibility: 'public' as const, bodyHtml: '<p>x</p>' };
    const inserted = await orm
      .insert(messages)
      .values([
        {
          ...copy,
          bodyText: 'later',
          createdAt: new Date('2026-03-02T10:00:00Z'),
          emailMessageId: 'twice@client.example',
        },
        {
          ...copy,
          bodyText: 'first',
          createdAt: new Date('2026-03-02T09:00:00Z'),
          emailMessageId: 'twice@client.example',
        },
      ])
      .returning({ id: messages.id });
    const migration = fs.readFileSync(path.join(migrationsFolder, '0022_messages_email_message_id_unique.sql'), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await pool.query(statement);
    const rows = await orm
      .select({ bodyText: messages.bodyText, emailMessageId: messages.emailMessageId })
      .from(messages)
      .where(
        inArray(
          messages.id,
          inserted.map((row) => row.id),
        ),
      );
    expect(rows.sort((a, b) => a.bodyText.localeCompare(b.bodyText))).toEqual([
      { bodyText: 'first', emailMessageId: 'twice@client.example' },
      { bodyText: 'later', emailMessageId: null },
    ]);
    const { rows: indexes } = await pool.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'messages' AND indexname LIKE 'messages_email_message_id%'",
    );
    expect(indexes).toEqual([{ indexname: 'messages_email_message_id_unique' }]);
  });
});
