/**
 * The inbound pipeline (issue 4, ADR 0007): raw message stored first (`intake.accept`, with its
 * processing job in the same transaction); then, from the stored copy: parse → filters (duplicate
 * Message-ID, own loops, bounces, automatic mail) → threading → one transaction that applies the
 * result through the tickets module and marks the stored message processed. Any failure marks the
 * stored message `failed` with the error; nothing is dropped, and `reprocess` tries again.
 */
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { defineJob } from '../../jobs/job-queue.js';
import type { AnnouncedTicket, InboundEmailService } from '../tickets/index.js';
import { blockedRemoteImages, emailBody } from './inbound-body.js';
import { classify, mailingListMarker } from './inbound-filters.js';
import {
  decideParentWait,
  PARENT_RECHECK_SECONDS,
  parentWaitRecord,
  previousWait,
  repliesWaitingFor,
} from './inbound-parent-wait.js';
import type { ParsedEmail } from './inbound-parse.js';
import { createParsePool, MailParserClosedError } from './inbound-parse-pool.js';
import { InboundRawCache } from './inbound-raw-cache.js';
import { storeInbound, storeWithJobStatement, type MailIntake } from './inbound-store.js';
import {
  readThreadingFacts,
  threadingFactsOf,
  threadingFactsQuery,
  type ThreadingFactsRow,
} from './inbound-thread-lookup.js';
import { citedNewestFirst, decideThreading, subjectToken, type ThreadingFacts } from './inbound-threading.js';
import { emailBounces, inboundEmails, mailboxAddresses, mailboxes, outboundMessages } from './mail.schema.js';

/** A file of an inbound message written to the storage by the sink, its row not inserted yet. */
export interface StagedInboundFile {
  /** The id its row will have: the message lists its files by these ids. */
  fileId: string;
}

/**
 * Where the files of inbound mail go (the attachments module): each file is written to the storage
 * before the message's row, which lists the files with their ids (no second write of the row);
 * their rows follow in one statement once the message exists, in the same transaction.
 */
export interface InboundFileSink {
  stage(file: {
    filename: string;
    contentType: string;
    content: Buffer;
    inline: boolean;
    contentId: string | null;
  }): Promise<StagedInboundFile>;
  insert(tx: Transaction, files: StagedInboundFile[], owner: { ticketId: string; messageId: string }): Promise<void>;
}

export interface ProcessResult {
  /**
   * `deferred`: a reply waiting for its parent (still `received`, its job sent again later).
   * `interrupted`: the server stopped before the message was parsed (still `received`, processed
   * at the next start).
   */
  status: 'processed' | 'ignored' | 'failed' | 'skipped' | 'deferred' | 'interrupted';
  ticketId: string | null;
  outcome: Record<string, unknown> | null;
  error: string | null;
}

/** What applying a message needs of its mailbox. */
type Mailbox = Pick<typeof mailboxes.$inferSelect, 'id' | 'groupId' | 'serviceId'>;

/** What applying a message reads of its stored row (the raw bytes are the copy parsed before). */
type InboundRow = Pick<
  typeof inboundEmails.$inferSelect,
  | 'id'
  | 'messageId'
  | 'mailboxId'
  | 'envelopeFrom'
  | 'envelopeTo'
  | 'status'
  | 'outcome'
  | 'attempts'
  | 'ticketId'
  | 'receivedAt'
  | 'raw'
>;

/** The first filters' facts, read with the row's lock (`lockForApply`). */
interface ApplyFacts {
  /** The Message-ID is already on a ticket. */
  seen: boolean;
  /** The Message-ID is one we generated. */
  ours: boolean;
  ownAddresses: string[];
  /** The mailbox it was delivered to, if it still exists. */
  mailbox: Mailbox | null;
  /** Cited Message-IDs of stored messages still `received`: parents in flight (inbound-parent-wait.ts). */
  parentsInFlight: string[];
  /** The threading facts of the message's From address, read in the same statement; null: not read. */
  threading: ThreadingFacts | null;
}

/** Deadlock and serialization failure: the transaction lost a race and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/** Inbound messages one worker takes per fetch of the job queue (see `processJob`). */
export const INBOUND_BATCH_SIZE = 5;

interface LockedRow {
  id: string;
  message_id: string | null;
  mailbox_id: string | null;
  envelope_from: string | null;
  envelope_to: string[];
  status: InboundRow['status'];
  outcome: Record<string, unknown> | null;
  attempts: number;
  ticket_id: string | null;
  received_at: Date;
  seen: boolean;
  ours: boolean;
  own_addresses: string[];
  mailbox: Mailbox | null;
  parents_in_flight: string[];
  threading?: ThreadingFactsRow[];
}

/**
 * `lockForApply`: $1 the stored message, $2 its Message-ID, $3 the Message-IDs it cites; with
 * `threading`, also the threading facts (inbound-thread-lookup.ts) of $4 the cited Message-IDs
 * newest first, $5 the subject token's number, $6 the sender's address.
 */
function lockForApplyQuery(threading: boolean): string {
  const threadingFacts = threading
    ? `,
         (SELECT coalesce(json_agg(facts), '[]'::json)
            FROM (${threadingFactsQuery({ references: '$4', token: '$5', sender: '$6' })}) AS facts) AS threading`
    : '';
  return `
  SELECT inbound.id, inbound.message_id, inbound.mailbox_id, inbound.envelope_from, inbound.envelope_to,
         inbound.status, inbound.outcome, inbound.attempts, inbound.ticket_id, inbound.received_at,
         EXISTS (SELECT 1 FROM messages WHERE messages.email_message_id = $2::text) AS seen,
         EXISTS (SELECT 1 FROM outbound_messages WHERE outbound_messages.email_message_id = $2::text) AS ours,
         ARRAY (SELECT address FROM mailbox_addresses) AS own_addresses,
         (SELECT json_build_object('id', mailboxes.id, 'groupId', mailboxes.group_id, 'serviceId', mailboxes.service_id)
            FROM mailboxes WHERE mailboxes.id = inbound.mailbox_id) AS mailbox,
         ARRAY (SELECT DISTINCT parent.message_id FROM inbound_emails parent
                 WHERE parent.message_id = ANY ($3::text[]) AND parent.status = 'received' AND parent.id <> $1::uuid)
           AS parents_in_flight${threadingFacts}
    FROM inbound_emails inbound
   WHERE inbound.id = $1::uuid
     FOR UPDATE OF inbound`;
}

const LOCK_FOR_APPLY = lockForApplyQuery(false);
const LOCK_FOR_APPLY_WITH_THREADING = lockForApplyQuery(true);

/**
 * `markApplied`: the outcome of the message $1, the replies waiting for its Message-ID $9 (the
 * same condition as `repliesWaitingFor`, through the partial index of migration 0021), and the live
 * update of its ticket when the live bus is PostgreSQL's: NOTIFY on channel $10 with payload $11,
 * delivered when the transaction commits (none when $10 is null). One row.
 */
const MARK_APPLIED = `
  WITH applied AS (
    UPDATE inbound_emails
       SET status = $2::text, outcome = $3::jsonb, error = NULL, attempts = $4::integer, ticket_id = $5::uuid,
           ticket_message_id = $6::uuid, mailbox_id = $7::uuid, processed_at = $8::timestamptz
     WHERE id = $1::uuid
  )
  SELECT ARRAY (SELECT id FROM inbound_emails
                 WHERE $9::text IS NOT NULL
                   AND status = 'received'
                   AND outcome ->> 'filter' = 'waiting_for_parent'
                   AND outcome -> 'waitingFor' @> jsonb_build_array($9::text)
                   AND id <> $1::uuid) AS waiting,
         (SELECT pg_notify($10::text, $11::text) WHERE $10::text IS NOT NULL) AS notified`;

/**
 * Another copy of the same mail (same Message-ID, other bytes) was applied concurrently: run again,
 * and the duplicate filter ignores this one (migration 0022's unique index).
 */
const DUPLICATE_MESSAGE_ID = 'messages_email_message_id_unique';

function isRetryable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, constraint } = cause as { code?: string; constraint?: string };
    if (RETRYABLE_SQLSTATES.has(code ?? '')) return true;
    if (code === '23505' && constraint === DUPLICATE_MESSAGE_ID) return true;
  }
  return false;
}

export function createInboundPipeline(
  deps: Pick<Dependencies, 'database' | 'jobs' | 'clock' | 'logger'> & {
    config: Pick<Dependencies['config'], 'inboundConcurrency' | 'parseWorkers' | 'roles'>;
  },
  inboundEmail: InboundEmailService,
  options: { fileSink?: InboundFileSink | null } = {},
) {
  const { database } = deps;
  const fileSink = options.fileSink ?? null;
  // Messages accepted here and not yet processed, so a worker node does not read them back
  // (inbound-raw-cache.ts); a node without the worker role never processes what it accepts.
  const rawCache = deps.config.roles.includes('worker') ? new InboundRawCache() : null;
  // MIME parsing off the main thread (ADR 0024); its workers start with the first message.
  const parser = createParsePool({ workers: deps.config.parseWorkers });

  const processJob = defineJob({
    name: 'mail.process-inbound',
    payload: z.object({ inboundEmailId: z.uuid() }),
    // A failure is recorded on the row (status failed) and re-processed on request, not retried.
    // Several at once per node (ADR 0007 §4b): the row lock, the unique dedupe key, the parent wait
    // and the race-safe contact creation keep concurrent messages from stepping on each other.
    concurrency: deps.config.inboundConcurrency,
    // Each worker takes up to this many due messages per fetch and processes them one after the
    // other: one fetch and one completion for the batch instead of for every message (under load,
    // ~1.2 fetches at ~3 ms of database time and 1.1 completions per message before). A message
    // never throws out of `process` (a failure is recorded on its row), so no batch fails whole.
    batchSize: INBOUND_BATCH_SIZE,
    handle: async ({ inboundEmailId }) => {
      await process(inboundEmailId);
    },
  });
  deps.jobs.register(processJob);
  // The intake writes each stored message's processing job in the same statement (ADR 0016).
  const storeStatement = storeWithJobStatement(
    deps.jobs.jobInsertSql(processJob, { from: 'stored', payload: "jsonb_build_object('inboundEmailId', stored.id)" }),
  );

  /** The mailbox it was delivered to (`delivered`, looked up with the filters' facts), else by recipient. */
  async function resolveMailbox(
    tx: Transaction,
    row: InboundRow,
    email: ParsedEmail,
    delivered: Mailbox | null,
  ): Promise<Mailbox> {
    if (delivered) return delivered;
    const candidates = [
      ...row.envelopeTo,
      ...email.to.map((entry) => entry.address),
      ...email.cc.map((e) => e.address),
    ];
    if (candidates.length > 0) {
      const matches = await tx
        .select({ mailbox: mailboxes, address: mailboxAddresses.address })
        .from(mailboxAddresses)
        .innerJoin(mailboxes, eq(mailboxes.id, mailboxAddresses.mailboxId))
        .where(inArray(mailboxAddresses.address, candidates));
      const first = candidates.map((address) => matches.find((match) => match.address === address)).find(Boolean);
      if (first) return first.mailbox;
    }
    const [fallback] = await tx
      .select()
      .from(mailboxes)
      .where(or(eq(mailboxes.catchAll, true), eq(mailboxes.isDefault, true)))
      .orderBy(mailboxes.isDefault);
    if (!fallback) throw new Error('No mailbox receives this message and there is no default or catch-all mailbox');
    return fallback;
  }

  async function apply(
    tx: Transaction,
    row: InboundRow,
    facts: ApplyFacts,
    email: ParsedEmail,
  ): Promise<
    Omit<ProcessResult, 'error'> & { messageId: string | null; mailboxId?: string; announced?: AnnouncedTicket }
  > {
    const now = deps.clock.now();
    const ignored = (outcome: Record<string, unknown>) => ({
      status: 'ignored' as const,
      ticketId: null,
      messageId: null,
      outcome,
    });
    if (email.messageId && facts.seen) return ignored({ filter: 'duplicate_message_id', messageId: email.messageId });
    const ownAddresses = new Set(facts.ownAddresses);
    const classification = await classify(email, row.raw, {
      ownAddresses,
      async isOwnMessageId(id) {
        if (id === email.messageId) return facts.ours;
        const [found] = await tx
          .select({ id: outboundMessages.id })
          .from(outboundMessages)
          .where(eq(outboundMessages.emailMessageId, id));
        return Boolean(found);
      },
    });
    if (classification.kind === 'loop') return ignored({ filter: 'loop', reason: classification.reason });

    const mailbox = await resolveMailbox(tx, row, email, facts.mailbox);
    const sender = email.from ?? { address: (row.envelopeFrom ?? '').toLowerCase(), name: '' };
    if (!sender.address) throw new Error('The message has neither a From address nor an envelope sender');
    const body = emailBody(email.text, email.html);
    const headers = {
      from: email.from ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : sender.address,
      to: email.to.map((entry) => entry.address),
      cc: email.cc.map((entry) => entry.address),
      subject: email.subject,
      inReplyTo: email.inReplyTo,
      references: email.references,
      authenticationResults: email.authentication?.raw ?? null,
      formatted: body.formatted ? { blockedRemoteImages: blockedRemoteImages(body.html) } : null,
    };
    const prepareFiles = async () => {
      // No database work here: a failure leaves nothing running on the transaction's connection.
      const staged = fileSink ? await Promise.all(email.files.map((file) => fileSink.stage(file))) : [];
      return {
        attachments: email.files.map((file, index) => ({
          filename: file.filename,
          contentType: file.contentType,
          size: file.content.length,
          inline: file.inline,
          contentId: file.contentId,
          fileId: staged[index]?.fileId ?? null,
        })),
        insert: async (ticketId: string, messageId: string) => {
          if (fileSink && staged.length > 0) await fileSink.insert(tx, staged, { ticketId, messageId });
        },
      };
    };
    const common = { now, mailbox, sender, subject: email.subject, body, emailMessageId: email.messageId, headers };
    const authentication = email.authentication
      ? { dmarc: email.authentication.dmarc, spf: email.authentication.spf, dkim: email.authentication.dkim }
      : null;

    if (classification.kind === 'bounce') {
      const { byReferences: found } = await readThreadingFacts(tx, {
        references: classification.originalMessageIds,
        token: null,
        sender: null,
      });
      for (const recipient of classification.recipients) {
        await tx.insert(emailBounces).values({
          address: recipient.address,
          ticketId: found?.ticketId ?? null,
          inboundEmailId: row.id,
          originalMessageId: found?.matchedMessageId ?? classification.originalMessageIds[0] ?? null,
          action: recipient.action,
          status: recipient.status,
          diagnostic: recipient.diagnostic,
          createdAt: now,
        });
      }
      const outcome = { filter: 'bounce', recipients: classification.recipients.map((entry) => entry.address) };
      if (!found) return ignored({ ...outcome, reason: 'bounce_without_ticket' });
      const threading = {
        reason: 'bounce',
        ticketId: found.ticketId,
        relatedTicketId: null,
        newParticipant: false,
        matchedMessageId: found.matchedMessageId,
        recipients: outcome.recipients,
      };
      const result = await inboundEmail.applyInboundEmail(tx, {
        ...common,
        participants: [],
        threading,
        flags: ['bounce'],
        automatic: true,
        visibility: 'internal',
        appendOnly: true,
        prepareFiles,
      });
      return {
        status: 'processed',
        ticketId: result?.ticketId ?? null,
        messageId: result?.messageId ?? null,
        mailboxId: mailbox.id,
        outcome,
        ...(result ? { announced: result } : {}),
      };
    }

    const dmarcFailed = email.authentication?.dmarc === 'fail';
    // A reply whose parent is stored but not applied yet waits for it (inbound-parent-wait.ts).
    // Looked up BEFORE threading (with the row's lock, `lockForApply`), or in the same statement
    // (one snapshot) when the lock read the threading facts too: with messages processed
    // concurrently, a parent committing between the two reads would otherwise be neither found by
    // threading nor seen in flight (read committed gives each statement a fresh snapshot), and the
    // reply would open a ticket of its own.
    const parentsBefore = facts.parentsInFlight;
    const threadingFacts =
      facts.threading ??
      (await readThreadingFacts(tx, {
        references: citedNewestFirst(email.references),
        token: subjectToken(email.subject),
        sender: sender.address,
      }));
    const decision = decideThreading(threadingFacts, { subject: email.subject, dmarcFailed });
    const inFlight = decision.ticketId ? [] : parentsBefore;
    const waited = previousWait(row.outcome);
    const wait = decideParentWait(inFlight, row.receivedAt, now, waited);
    if (wait) return { status: 'deferred', ticketId: null, messageId: null, outcome: { ...wait } };
    const parentWait = parentWaitRecord(waited, inFlight);
    const automatic = classification.kind === 'automatic' ? classification : null;
    if (automatic?.autoReply && !decision.ticketId) {
      // An out-of-office reply to nothing we know: a ticket would only start a reply loop.
      return ignored({ filter: 'auto_reply', marker: automatic.marker, threading: decision });
    }
    const mailingList = mailingListMarker(email);
    const flags = [
      ...(automatic ? [automatic.autoReply ? 'auto_reply' : 'bulk'] : []),
      ...(mailingList ? ['mailing_list'] : []),
      ...(dmarcFailed ? ['dmarc_fail'] : []),
      ...(parentWait ? ['waited_for_parent'] : []),
    ];
    const participants = [...email.to, ...email.cc].filter(
      (entry) => !ownAddresses.has(entry.address) && entry.address !== sender.address,
    );
    const result = await inboundEmail.applyInboundEmail(tx, {
      ...common,
      participants,
      threading: {
        ...decision,
        authentication,
        ...(automatic ? { automatic: automatic.marker } : {}),
        ...(mailingList ? { mailingList } : {}),
        ...(parentWait ? { parentWait } : {}),
      },
      flags,
      automatic: automatic !== null,
      visibility: 'public',
      prepareFiles,
    });
    return {
      status: 'processed',
      ticketId: result!.ticketId,
      messageId: result!.messageId,
      mailboxId: mailbox.id,
      outcome: { filter: automatic ? 'automatic' : 'none', created: result!.created, threading: result!.threading },
      announced: result!,
    };
  }

  /**
   * Locks the stored message and reads, in the same statement, the first filters' facts: is the
   * Message-ID already on a ticket, is it one we generated, our own addresses, and the mailbox it
   * was delivered to. (The facts come from the statement's snapshot: a copy of the same Message-ID
   * committed while this waited for the lock is caught by the unique index of migration 0022 and
   * the transaction runs again, see `isRetryable`.) And the cited messages still in flight, before
   * threading looks for them (see `apply`); and, for a message with a From address that cites
   * something or carries a ticket's token, the threading facts themselves, from the same snapshot
   * (a reply's statement fewer). A named statement, prepared once per connection.
   */
  async function lockForApply(tx: Transaction, inboundEmailId: string, email: ParsedEmail) {
    const references = citedNewestFirst(email.references);
    const token = subjectToken(email.subject);
    // Without a From address the sender is the envelope's, known once the row is read: threading
    // then has its own statement (`apply`), as it has for a bounce.
    const withThreading = email.from !== null && (references.length > 0 || token !== null);
    const { rows } = await tx.$client.query<LockedRow>(
      withThreading
        ? {
            name: 'inbound-lock-for-apply-threading',
            text: LOCK_FOR_APPLY_WITH_THREADING,
            values: [inboundEmailId, email.messageId, email.references, references, token, email.from!.address],
          }
        : {
            name: 'inbound-lock-for-apply',
            text: LOCK_FOR_APPLY,
            values: [inboundEmailId, email.messageId, email.references],
          },
    );
    const row = rows[0];
    if (!row) return null;
    const state: Omit<InboundRow, 'raw'> = {
      id: row.id,
      messageId: row.message_id,
      mailboxId: row.mailbox_id,
      envelopeFrom: row.envelope_from,
      envelopeTo: row.envelope_to,
      status: row.status,
      outcome: row.outcome,
      attempts: row.attempts,
      ticketId: row.ticket_id,
      receivedAt: row.received_at,
    };
    const facts: ApplyFacts = {
      seen: row.seen,
      ours: row.ours,
      ownAddresses: row.own_addresses,
      mailbox: row.mailbox,
      parentsInFlight: row.parents_in_flight,
      threading: row.threading ? threadingFactsOf(row.threading, true) : null,
    };
    return { state, facts };
  }

  /**
   * Records the outcome of an applied (or ignored) message and returns the replies that waited for
   * it (their jobs are sent again, now): one statement.
   */
  async function markApplied(
    tx: Transaction,
    locked: Pick<InboundRow, 'id' | 'messageId' | 'attempts'>,
    result: {
      status: 'processed' | 'ignored';
      outcome: Record<string, unknown> | null;
      ticketId: string | null;
      ticketMessageId: string | null;
      mailboxId: string | null;
      processedAt: Date;
      /** The live update to send when the transaction commits, if the bus is PostgreSQL's. */
      notification: { channel: string; payload: string } | null;
    },
  ): Promise<string[]> {
    const { rows } = await tx.$client.query<{ waiting: string[] }>({
      name: 'inbound-mark-applied',
      text: MARK_APPLIED,
      values: [
        locked.id,
        result.status,
        result.outcome === null ? null : JSON.stringify(result.outcome),
        locked.attempts + 1,
        result.ticketId,
        result.ticketMessageId,
        result.mailboxId,
        result.processedAt.toISOString(),
        locked.messageId,
        result.notification?.channel ?? null,
        result.notification?.payload ?? null,
      ],
    });
    return rows[0]?.waiting ?? [];
  }

  /** Sends the jobs of the replies waiting for this message again, now (it is applied or failed). */
  async function wakeWaitingReplies(tx: Transaction, messageId: string | null) {
    if (!messageId) return;
    for (const waiting of await repliesWaitingFor(tx, messageId)) {
      await deps.jobs.enqueue(tx, processJob, { inboundEmailId: waiting });
    }
  }

  /**
   * Applies a parsed message in one transaction, under the row's lock (a concurrent copy of the same
   * job waits, then sees it processed). A deadlock with another message's transaction runs it again.
   */
  async function applyInTransaction(inboundEmailId: string, raw: Buffer, email: ParsedEmail) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await database.transaction(async (tx) => {
          const found = await lockForApply(tx, inboundEmailId, email);
          if (!found || found.state.status === 'processed' || found.state.status === 'ignored') {
            return {
              status: 'skipped' as const,
              ticketId: found?.state.ticketId ?? null,
              outcome: found?.state.outcome ?? null,
            };
          }
          // The raw bytes never change once stored: the copy parsed before is the same.
          const locked = { ...found.state, raw };
          const applied = await apply(tx, locked, found.facts, email);
          if (applied.status === 'deferred') {
            await tx
              .update(inboundEmails)
              .set({ outcome: applied.outcome, error: null, attempts: locked.attempts + 1 })
              .where(eq(inboundEmails.id, inboundEmailId));
            await deps.jobs.enqueue(tx, processJob, { inboundEmailId }, { startAfterSeconds: PARENT_RECHECK_SECONDS });
            return applied;
          }
          // On PostgreSQL the live update rides on the outcome's statement and is delivered at the
          // commit; otherwise `process` announces it after the commit.
          const notification = applied.announced ? inboundEmail.announcement(applied.announced) : null;
          const waiting = await markApplied(tx, locked, {
            status: applied.status === 'processed' ? 'processed' : 'ignored',
            outcome: applied.outcome,
            ticketId: applied.ticketId,
            ticketMessageId: applied.messageId,
            mailboxId: applied.mailboxId ?? locked.mailboxId,
            processedAt: deps.clock.now(),
            notification,
          });
          for (const id of waiting) await deps.jobs.enqueue(tx, processJob, { inboundEmailId: id });
          return { ...applied, announcedAtCommit: notification !== null };
        });
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error;
        deps.logger.info({ err: error, inboundEmailId, attempt }, 'inbound email transaction retried');
      }
    }
  }

  /**
   * The raw bytes to process: kept from the acceptance on this node, else read back. Null when the
   * message is gone or already processed (the pre-check only saves parsing: the transaction decides).
   */
  async function rawOf(inboundEmailId: string) {
    const kept = rawCache?.get(inboundEmailId);
    if (kept) return { raw: kept };
    const [row] = await database.orm
      .select({
        raw: inboundEmails.raw,
        status: inboundEmails.status,
        ticketId: inboundEmails.ticketId,
        outcome: inboundEmails.outcome,
      })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, inboundEmailId));
    if (!row || row.status === 'processed' || row.status === 'ignored') {
      return { raw: null, ticketId: row?.ticketId ?? null, outcome: row?.outcome ?? null };
    }
    return { raw: row.raw };
  }

  /** Processes one stored message; idempotent (a processed or ignored message is left alone). */
  async function process(inboundEmailId: string): Promise<ProcessResult> {
    const stored = await rawOf(inboundEmailId);
    if (!stored.raw) {
      rawCache?.delete(inboundEmailId);
      return { status: 'skipped', ticketId: stored.ticketId ?? null, outcome: stored.outcome ?? null, error: null };
    }
    try {
      const email = await parser.parse(stored.raw);
      const result = await applyInTransaction(inboundEmailId, stored.raw, email);
      if (result.status === 'deferred')
        return { status: 'deferred', ticketId: null, outcome: result.outcome, error: null };
      rawCache?.delete(inboundEmailId);
      if (result.status === 'skipped') return { ...result, error: null };
      const announcedAtCommit = 'announcedAtCommit' in result && result.announcedAtCommit;
      if ('announced' in result && result.announced && !announcedAtCommit) {
        await inboundEmail.announce(result.announced);
      }
      return { status: result.status, ticketId: result.ticketId, outcome: result.outcome, error: null };
    } catch (error) {
      // Stopping is not the message's fault: it stays `received`, and the next start takes it
      // (`processStranded`), as after a crash between its commit and its job.
      if (error instanceof MailParserClosedError) {
        return { status: 'interrupted', ticketId: null, outcome: null, error: null };
      }
      rawCache?.delete(inboundEmailId);
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ err: error, inboundEmailId }, 'inbound email failed');
      await database.transaction(async (tx) => {
        const [failed] = await tx
          .update(inboundEmails)
          .set({ status: 'failed', error: message.slice(0, 2000), attempts: sql`${inboundEmails.attempts} + 1` })
          .where(eq(inboundEmails.id, inboundEmailId))
          .returning({ messageId: inboundEmails.messageId });
        // A failed parent is no longer in flight: its waiting replies go on without it.
        await wakeWaitingReplies(tx, failed?.messageId ?? null);
      });
      return { status: 'failed', ticketId: null, outcome: null, error: message };
    }
  }

  const intake: MailIntake = {
    async accept(delivery) {
      // One statement, the row and its processing job: committed when it returns (ADR 0007 §1).
      const stored = await storeInbound(database.pool, delivery, deps.clock.now(), storeStatement);
      // Committed: from here the stored row is the truth, and the kept copy only spares reading it.
      if (!stored.duplicate) rawCache?.put(stored.inboundEmailId, delivery.raw, deps.clock.now().getTime());
      return stored;
    },
  };

  return {
    intake,
    process,
    /** Stops the parse workers (after the jobs have stopped). */
    close: () => parser.close(),
    /** Processes a failed (or ignored) message again, e.g. after fixing a mailbox. */
    async reprocess(inboundEmailId: string): Promise<ProcessResult> {
      await database.orm
        .update(inboundEmails)
        .set({ status: 'received' })
        .where(and(eq(inboundEmails.id, inboundEmailId), inArray(inboundEmails.status, ['failed', 'ignored'])));
      return process(inboundEmailId);
    },
    /** At start: messages stored but never processed (their job lost, or the process killed). */
    async processStranded(): Promise<number> {
      const rows = await database.orm
        .select({ id: inboundEmails.id })
        .from(inboundEmails)
        .where(eq(inboundEmails.status, 'received'))
        .orderBy(inboundEmails.receivedAt);
      for (const row of rows) await process(row.id);
      return rows.length;
    },
    /** Failed messages, and received ones whose processing never ran; oldest first. */
    async reprocessAll(options: { includeReceivedBefore?: Date } = {}): Promise<(ProcessResult & { id: string })[]> {
      const rows = await database.orm
        .select({ id: inboundEmails.id, status: inboundEmails.status })
        .from(inboundEmails)
        .where(
          or(
            eq(inboundEmails.status, 'failed'),
            options.includeReceivedBefore
              ? and(eq(inboundEmails.status, 'received'), lt(inboundEmails.receivedAt, options.includeReceivedBefore))
              : undefined,
          ),
        )
        .orderBy(inboundEmails.receivedAt);
      const results: (ProcessResult & { id: string })[] = [];
      for (const row of rows) results.push({ id: row.id, ...(await this.reprocess(row.id)) });
      return results;
    },
  };
}

export type InboundPipeline = ReturnType<typeof createInboundPipeline>;
