/**
 * The first step of every inbound message, whichever way it came in (SMTP listener, IMAP poller):
 * the raw bytes are committed to `inbound_emails` before the sender is told the message was
 * accepted (SMTP 250, IMAP flag). Everything after — parsing, filters, threading — works from the
 * stored copy, so a failure there never loses the message: it can be processed again.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface InboundDelivery {
  raw: Buffer;
  source: 'smtp' | 'imap';
  /** The mailbox it was delivered to, when known (IMAP: the polled one; SMTP: by recipient). */
  mailboxId: string | null;
  envelopeFrom: string | null;
  envelopeTo: string[];
}

export interface StoredDelivery {
  inboundEmailId: string;
  /** True when the same message was already stored (same Message-ID, or same bytes). */
  duplicate: boolean;
}

/**
 * Where transports hand their messages: stores the raw message (once) and schedules its processing,
 * in one transaction. Implemented by the inbound pipeline; the listener and the poller depend only
 * on this.
 */
export interface MailIntake {
  accept(delivery: InboundDelivery): Promise<StoredDelivery>;
}

/** Unfolded value of the first `Message-ID` header of the header block, without angle brackets. */
export function headerMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024)).toString('latin1');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(.*)$/im.exec(unfolded);
  if (!match?.[1]) return null;
  const value = match[1].trim();
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed?.[1] ?? value.split(/\s+/)[0] ?? '';
  return id.length > 0 && id.length <= 998 ? id : null;
}

/**
 * The de-duplication key (DESIGN §3b, issue 4 "Durability"): the Message-ID, or a SHA-256 of the
 * raw bytes when the message has none.
 */
export function dedupeKeyOf(raw: Buffer): { key: string; messageId: string | null } {
  const messageId = headerMessageId(raw);
  if (messageId) return { key: `mid:${messageId}`, messageId };
  return { key: `sha256:${createHash('sha256').update(raw).digest('hex')}`, messageId: null };
}

/** `storeInbound`: the row unless its dedupe key is already stored (then no row comes back). */
const INSERT_INBOUND = `
  INSERT INTO inbound_emails (dedupe_key, message_id, mailbox_id, source, envelope_from, envelope_to, raw, size, received_at)
  VALUES ($1::text, $2::text, $3::uuid, $4::text, $5::text, $6::text[], $7::bytea, $8::integer, $9::timestamptz)
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id`;

/** Where `storeInbound` runs: the pool (one statement, atomic by itself) or a transaction's client. */
export interface InboundStoreQueryable {
  query<Row extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<Row>>;
}

/**
 * The statement that stores a message and writes its processing job with it, `processingJob`
 * being the job's INSERT over the stored row (`JobQueue.jobInsertSql` with `from: 'stored'`): one
 * statement, so the row and its job commit together without a transaction of their own (BEGIN, the
 * row, pg-boss's insert, COMMIT were four round trips per message accepted; ADR 0016).
 */
export function storeWithJobStatement(processingJob: string): string {
  return `WITH stored AS (${INSERT_INBOUND}), job AS (${processingJob}) SELECT id FROM stored`;
}

/**
 * Stores the raw message unless a message with the same key is already stored; returns the stored
 * row's id either way. `withJob` (`storeWithJobStatement`) writes the processing job in the same
 * statement; without it, only the row (tests that process it themselves). A named statement,
 * prepared once per connection: the insert of every message accepted, whose raw bytes go as a
 * binary parameter (pg sends a Buffer as is).
 */
export async function storeInbound(
  db: InboundStoreQueryable,
  delivery: InboundDelivery,
  now: Date,
  withJob: string | null = null,
): Promise<StoredDelivery> {
  const { key, messageId } = dedupeKeyOf(delivery.raw);
  const {
    rows: [inserted],
  } = await db.query<{ id: string }>({
    name: withJob ? 'inbound-store-with-job' : 'inbound-store',
    text: withJob ?? INSERT_INBOUND,
    values: [
      key,
      messageId,
      delivery.mailboxId,
      delivery.source,
      delivery.envelopeFrom,
      delivery.envelopeTo.map((address) => address.toLowerCase()),
      delivery.raw,
      delivery.raw.length,
      now.toISOString(),
    ],
  });
  if (inserted) return { inboundEmailId: inserted.id, duplicate: false };
  const {
    rows: [existing],
  } = await db.query<{ id: string }>({
    name: 'inbound-stored-id',
    text: 'SELECT id FROM inbound_emails WHERE dedupe_key = $1::text',
    values: [key],
  });
  if (!existing) throw new Error('inbound_emails: a conflicting row vanished');
  return { inboundEmailId: existing.id, duplicate: true };
}
