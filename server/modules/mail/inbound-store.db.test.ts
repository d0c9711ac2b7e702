/** The raw message is stored once, whether it comes with a Message-ID or without one. */
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { dedupeKeyOf, headerMessageId, storeInbound, type InboundDelivery } from './inbound-store.js';
import { inboundEmails } from './mail.schema.js';

describe('headerMessageId', () => {
  it('reads a folded Message-ID without angle brackets, from the header block only', () => {
    const raw = Buffer.from(
      'From: a@example.com\r\nMessage-ID:\r\n <abc.123@mail.example.com>\r\nSubject: x\r\n\r\nMessage-ID: <body@x>\r\n',
    );
    expect(headerMessageId(raw)).toBe('abc.123@mail.example.com');
  });

  it('is null when the header is missing, even if the body has one', () => {
    expect(headerMessageId(Buffer.from('Subject: x\n\nMessage-ID: <body@x>\n'))).toBeNull();
  });

  it('keys a message without Message-ID by the hash of its bytes', () => {
    const first = dedupeKeyOf(Buffer.from('Subject: x\r\n\r\nciao\r\n'));
    const second = dedupeKeyOf(Buffer.from('Subject: x\r\n\r\nciao!\r\n'));
    expect(first.messageId).toBeNull();
    expect(first.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(second.key).not.toBe(first.key);
  });
});

describe('storeInbound', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ demo: false });
  });
  afterAll(async () => {
    await server.dispose();
  });

  const delivery = (raw: string): InboundDelivery => ({
    raw: Buffer.from(raw),
    source: 'smtp',
    mailboxId: null,
    envelopeFrom: 'mario@example.com',
    envelopeTo: ['Support@Example.com'],
  });

  it('stores a message delivered twice once, and says the second was a duplicate', async () => {
    const raw = 'Message-ID: <twice@example.com>\r\nSubject: Stampante\r\n\r\nNon stampa.\r\n';
    const now = server.clock.now();
    const first = await storeInbound(server.deps.database.pool, delivery(raw), now);
    const second = await storeInbound(server.deps.database.pool, delivery(raw), now);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ inboundEmailId: first.inboundEmailId, duplicate: true });
    const rows = await server.deps.database.orm
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.messageId, 'twice@example.com'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.raw.equals(Buffer.from(raw))).toBe(true);
    expect(rows[0]?.envelopeTo).toEqual(['support@example.com']);
    expect(rows[0]?.status).toBe('received');
  });

  it('keeps every byte as sent, out of line and uncompressed', async () => {
    // Every byte value, NUL and invalid UTF-8 included, and enough of them to leave the row (TOAST).
    const body = Buffer.alloc(64 * 1024);
    for (let index = 0; index < body.length; index += 1) body[index] = (index * 7919) % 256;
    const raw = Buffer.concat([Buffer.from('Message-ID: <bytes@example.com>\r\nSubject: x\r\n\r\n'), body]);
    const stored = await storeInbound(server.deps.database.pool, { ...delivery(''), raw }, server.clock.now());
    const [row] = await server.deps.database.orm
      .select({ raw: inboundEmails.raw, size: inboundEmails.size })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, stored.inboundEmailId));
    expect(row?.raw.equals(raw)).toBe(true);
    expect(row?.size).toBe(raw.length);
    const {
      rows: [storage],
    } = await server.deps.database.pool.query<{ attstorage: string; compression: string | null }>(
      `SELECT attstorage, (SELECT pg_column_compression(raw) FROM inbound_emails WHERE id = $1) AS compression
         FROM pg_attribute WHERE attrelid = 'inbound_emails'::regclass AND attname = 'raw'`,
      [stored.inboundEmailId],
    );
    expect(storage).toEqual({ attstorage: 'e', compression: null });
  });

  it('accepts a message in one statement that writes the row and its processing job, and a copy writes neither', async () => {
    const intake = server.modules.inboundMail.pipeline.intake;
    const jobsOf = async (id: string) =>
      (
        await server.deps.database.pool.query(
          `SELECT state, retry_limit FROM pgboss.job WHERE name = 'mail.process-inbound' AND data->>'inboundEmailId' = $1`,
          [id],
        )
      ).rows;
    const raw = 'Message-ID: <one-statement@example.com>\r\nSubject: Stampante\r\n\r\nNon stampa.\r\n';
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    let sent: unknown[];
    let stored: Awaited<ReturnType<typeof intake.accept>>;
    try {
      stored = await intake.accept(delivery(raw));
    } finally {
      sent = spy.mock.calls.map(([config]) =>
        typeof config === 'string' ? config : (config as { name?: string }).name,
      );
      spy.mockRestore();
    }
    // Before: BEGIN, the row, pg-boss's insert of the job, COMMIT.
    expect(sent).toEqual(['inbound-store-with-job']);
    expect(stored.duplicate).toBe(false);
    expect(await jobsOf(stored.inboundEmailId)).toEqual([{ state: 'created', retry_limit: 5 }]);
    const copy = await intake.accept(delivery(raw));
    expect(copy).toEqual({ inboundEmailId: stored.inboundEmailId, duplicate: true });
    expect(await jobsOf(stored.inboundEmailId)).toHaveLength(1);
  });
});
