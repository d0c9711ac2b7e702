/**
 * A transaction of the inbound pipeline that loses a deadlock runs again (ADR 0007 §4b). The files
 * its first attempt wrote are content-addressed (ADR 0004): the retry stores the same bytes at the
 * same address and reuses them, so no file is left that no row references.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { attachments } from '../attachments/attachments.schema.js';
import type { AttachmentsModule, StagedAttachment } from '../attachments/index.js';
import { messages } from '../tickets/tickets.schema.js';
import type { InboundFileSink } from './inbound-pipeline.js';
import { inboundEmails } from './mail.schema.js';

const raw = [
  'From: Anna Neri <anna@client.example>',
  'To: Assistenza <support@example.com>',
  'Subject: Fatture allegate',
  'Message-ID: <retry-files@client.example>',
  'Date: Mon, 02 Mar 2026 09:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Le fatture di marzo.',
  '--b',
  'Content-Type: text/plain; name="fattura-1.txt"',
  'Content-Disposition: attachment; filename="fattura-1.txt"',
  '',
  'Fattura 1: 120 euro.',
  '--b',
  'Content-Type: text/plain; name="fattura-2.txt"',
  'Content-Disposition: attachment; filename="fattura-2.txt"',
  '',
  'Fattura 2: 80 euro.',
  '--b--',
  '',
].join('\r\n');

describe('inbound files across a deadlock retry', () => {
  let server: TestServer;
  let deadlocks = 0;
  /** The SHA-256 of each file an attempt that then lost its deadlock wrote. */
  const writtenByLostAttempt: string[] = [];
  let real: AttachmentsModule['mailFiles'] | null = null;
  // The real sink, made to lose a deadlock after the first attempt has written its files and rows.
  const sink: InboundFileSink = {
    stage: (file) => real!.stage(file),
    async insert(tx, files: StagedAttachment[], owner) {
      await real!.insert(tx, files, owner);
      if (deadlocks > 0) {
        deadlocks -= 1;
        writtenByLostAttempt.push(...files.map((file) => file.sha256));
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }
    },
  };

  beforeAll(async () => {
    server = await createTestServer({ inboundFileSink: sink });
    real = server.modules.attachments.mailFiles;
  });
  afterAll(async () => {
    await server.dispose();
  });

  async function storedFiles(): Promise<string[]> {
    const found: string[] = [];
    for await (const file of server.modules.attachments.storage.list()) found.push(file.sha256);
    return found.sort();
  }

  it('keeps each file once, referenced by the message the retry applied', async () => {
    deadlocks = 1;
    const accepted = await server.modules.inboundMail.pipeline.intake.accept({
      raw: Buffer.from(raw),
      source: 'smtp',
      mailboxId: null,
      envelopeFrom: 'anna@client.example',
      envelopeTo: ['support@example.com'],
    });
    await server.deps.jobs.runPendingJobs();
    const db = server.deps.database.orm;
    const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, accepted.inboundEmailId));
    expect(row!.status, row!.error ?? '').toBe('processed');
    expect(deadlocks).toBe(0);
    const [message] = await db.select().from(messages).where(eq(messages.id, row!.ticketMessageId!));
    expect(message!.emailAttachments!.map((file) => file.filename)).toEqual(['fattura-1.txt', 'fattura-2.txt']);
    const rows = await db.select().from(attachments).where(eq(attachments.messageId, message!.id));
    // One row per file of the applied message; the first attempt's rows rolled back with it.
    expect(rows).toHaveLength(2);
    expect(message!.emailAttachments!.map((file) => file.fileId).sort()).toEqual(rows.map((entry) => entry.id).sort());
    // What the lost attempt wrote is what the applied message's rows reference: nothing is left
    // for the sweep (the storage directory is shared with other test files, so only these are looked at).
    expect(writtenByLostAttempt.length).toBeGreaterThan(0);
    const referenced = rows.map((entry) => entry.sha256);
    expect(writtenByLostAttempt.filter((sha256) => !referenced.includes(sha256))).toEqual([]);
    const stored = await storedFiles();
    for (const sha256 of referenced) expect(stored).toContain(sha256);
  });
});
