/**
 * Issue 4, "Durability": kill -9 the real server while 1,000 messages are being delivered over SMTP;
 * after the restart every message the listener acknowledged with 250 is in the database exactly once,
 * processed onto a ticket, and nothing failed. Senders behave like real MTAs: what got no 250 is sent
 * again, and a few that got a 250 the sender never read are sent again too.
 */
import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { mtaTransport } from '../../test-support/smtp-sender.js';
import { demoAccessToken, startSportello, type SportelloProcess } from '../../test-support/sportello-process.js';
import { copyTestDatabase, type TestDatabaseCopy } from '../../test-support/test-database.js';
import { dedupeKeyOf } from './inbound-store.js';

const LETTERS = 1_000;
const SENDERS = 8;
/** The server is killed when this many deliveries have been acknowledged (a count, not a time). */
const KILL_AFTER_ACKNOWLEDGED = 400;
/** Acknowledged letters sent again after the restart, as by a sender that lost the 250. */
const LOST_ACKNOWLEDGEMENTS = 25;

interface Letter {
  index: number;
  raw: string;
  /** Message-ID, or a SHA-256 of the bytes without one: what the listener de-duplicates on. */
  dedupeKey: string;
  messageId: string | null;
}

/** Every tenth letter has no Message-ID (de-duplicated by its bytes); every tenth is delivered twice. */
function letter(index: number): Letter {
  const sender = `cliente${index % 40}@durability.example`;
  const messageId = index % 10 === 0 ? null : `durability-${index}@durability.example`;
  const raw = [
    `From: Cliente ${index % 40} <${sender}>`,
    'To: support@example.com',
    `Subject: Richiesta numero ${index}`,
    `Date: ${new Date(Date.UTC(2026, 10, 30, 9, 0, index % 60)).toUTCString()}`,
    ...(messageId ? [`Message-ID: <${messageId}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Buongiorno, la richiesta ${index}: il gestionale non risponde da questa mattina.`,
    '',
  ].join('\r\n');
  return { index, raw, dedupeKey: dedupeKeyOf(Buffer.from(raw)).key, messageId };
}

/** The order of delivery: each letter once, and letters 1, 11, 21… again forty deliveries later. */
function deliveryOrder(letters: Letter[]): Letter[] {
  const order: Letter[] = [];
  const twice = letters.filter((entry) => entry.index % 10 === 1);
  for (const entry of letters) {
    order.push(entry);
    if (entry.index % 40 === 39) order.push(...twice.splice(0, 4));
  }
  return [...order, ...twice];
}

type Outcome = 'acknowledged' | 'refused' | 'failed';

/**
 * Sends `deliveries` with `SENDERS` concurrent SMTP connections until all are tried or `stop()` says
 * so; calls `onAcknowledged` after every 250, synchronously (so a test can kill the server at once).
 */
async function deliver(
  port: number,
  deliveries: Letter[],
  options: { stop?: () => boolean; onAcknowledged?: (entry: Letter) => void } = {},
): Promise<Map<Letter, Outcome[]>> {
  const outcomes = new Map<Letter, Outcome[]>();
  let next = 0;
  const sender = async () => {
    const transport = mtaTransport(port);
    try {
      while (next < deliveries.length && !options.stop?.()) {
        const entry = deliveries[next++]!;
        let outcome: Outcome;
        try {
          const info = await transport.sendMail({
            envelope: { from: `cliente${entry.index % 40}@durability.example`, to: ['support@example.com'] },
            raw: entry.raw,
          });
          outcome = /^250 /.test(info.response) ? 'acknowledged' : 'failed';
        } catch (error) {
          // A 4xx/5xx answer is a refusal; a dropped connection (the kill) is a failure.
          outcome = typeof (error as { responseCode?: number }).responseCode === 'number' ? 'refused' : 'failed';
        }
        outcomes.set(entry, [...(outcomes.get(entry) ?? []), outcome]);
        if (outcome === 'acknowledged') options.onAcknowledged?.(entry);
      }
    } finally {
      transport.close();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return outcomes;
}

/** Polls (bounded) until no stored message waits to be processed. */
async function waitUntilProcessed(server: SportelloProcess, token: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${server.url}/api/v1/inbound-emails?status=received&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { items: unknown[] };
    if (page.items.length === 0) return;
    if (Date.now() > deadline) throw new Error(`messages still unprocessed after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('SMTP delivery through kill -9', () => {
  let copy: TestDatabaseCopy;
  let environment: Record<string, string>;
  const running: SportelloProcess[] = [];

  beforeAll(async () => {
    copy = await copyTestDatabase(inject('databaseKind'), inject('databaseTemplate'));
    environment = {
      ...copy.environment,
      SPORTELLO_DEMO: '1',
      SMTP_LISTEN_HOST: '127.0.0.1',
      SPORTELLO_LOGIN_RATE_LIMIT: '1000',
      DATABASE_POOL_SIZE: '5',
    };
  });
  afterAll(async () => {
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await Promise.all(running.map((server) => server.exited));
    await copy?.dispose();
  });

  it('keeps every acknowledged message exactly once, and processes them all', { timeout: 300_000 }, async () => {
    const letters = Array.from({ length: LETTERS }, (_, index) => letter(index));
    const first = await startSportello(environment, 120_000);
    running.push(first);

    let acknowledged = 0;
    let killed = false;
    const firstRound = await deliver(first.smtpPort!, deliveryOrder(letters), {
      stop: () => killed,
      onAcknowledged: () => {
        acknowledged += 1;
        if (acknowledged === KILL_AFTER_ACKNOWLEDGED) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      },
    });
    expect(await first.exited).toBe('SIGKILL');
    const acknowledgedLetters = letters.filter((entry) => firstRound.get(entry)?.includes('acknowledged'));
    expect(acknowledgedLetters.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED - LETTERS / 10);
    expect(acknowledgedLetters.length).toBeLessThan(LETTERS);
    expect([...firstRound.values()].flat()).not.toContain('refused');

    // The restart, on the same data; the senders try again.
    const second = await startSportello(environment, 120_000);
    running.push(second);
    const unacknowledged = letters.filter((entry) => !acknowledgedLetters.includes(entry));
    const lostAcknowledgements = acknowledgedLetters
      .filter((_, index) => index % 13 === 0)
      .slice(0, LOST_ACKNOWLEDGEMENTS);
    const retries = await deliver(second.smtpPort!, [...unacknowledged, ...lostAcknowledgements]);
    expect([...retries.values()].flat().filter((outcome) => outcome !== 'acknowledged')).toEqual([]);
    expect(retries.size).toBe(unacknowledged.length + lostAcknowledgements.length);

    await waitUntilProcessed(second, await demoAccessToken(second, 'admin@example.com', 'durability test'), 180_000);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    const database = await openDatabase({ databaseUrl: copy.url, dataDirectory: copy.dataDirectory });
    try {
      const { rows: stored } = await database.pool.query<{ dedupe_key: string; status: string; error: string | null }>(
        `SELECT dedupe_key, status, error FROM inbound_emails`,
      );
      const storedKeys = stored.map((row) => row.dedupe_key).sort();
      // Every letter exactly once: nothing lost, nothing twice, nothing else.
      expect(storedKeys).toEqual(letters.map((entry) => entry.dedupeKey).sort());
      expect(stored.filter((row) => row.status !== 'processed')).toEqual([]);

      // Processed exactly once: one conversation message per stored message, none shared, none repeated.
      const { rows: onTickets } = await database.pool.query<{ messages: string; distinct_messages: string }>(
        `SELECT count(m.id) AS messages, count(DISTINCT m.id) AS distinct_messages
           FROM inbound_emails i JOIN messages m ON m.id = i.ticket_message_id`,
      );
      expect(onTickets[0]).toEqual({ messages: String(LETTERS), distinct_messages: String(LETTERS) });
      const { rows: repeated } = await database.pool.query(
        `SELECT email_message_id FROM messages WHERE email_message_id LIKE 'durability-%'
          GROUP BY email_message_id HAVING count(*) > 1`,
      );
      expect(repeated).toEqual([]);
      const { rows: emailMessages } = await database.pool.query<{ count: string }>(
        `SELECT count(*) FROM messages WHERE kind = 'email' AND body_text LIKE 'Buongiorno, la richiesta %'`,
      );
      expect(emailMessages[0]!.count).toBe(String(LETTERS));
    } finally {
      await database.close();
    }
  });
});
