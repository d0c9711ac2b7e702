/**
 * The outgoing queue. `queueEmail` is called inside the transaction that decides to send: the row
 * and its sending job commit together, so nothing is lost between commit and queue. The job hands
 * the message to SMTP (SMTP_URL, DKIM-signed when configured). Without SMTP — the embedded default —
 * the message is written `held` in the in-app Outbox that admins read, with the same headers, and
 * no job is made: there is nothing for one to do (ADR 0019).
 *
 * Delivery is retried with exponential back-off (pg-boss); a permanent failure — an SMTP 5xx reply,
 * or the last attempt failing — marks the message `failed` and, for a ticket's email, puts
 * "email to X failed: …" on the ticket's timeline. An admin can resend it from the Outbox.
 */
import { and, desc, eq, inArray, lt, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { OutboundMessage } from '../../../contracts/mail.contract.js';
import type { Page } from '../../../contracts/common.contract.js';
import type { Transaction } from '../../db/database.js';
import { timeOrderedUuid } from '../../db/time-ordered-id.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { defineJob } from '../../jobs/job-queue.js';
import { decodeInstantCursor, toPage } from '../../http/pagination.js';
import { recordEmailFailure, type OpeningStatement } from '../tickets/index.js';
import { outboundMessages } from './mail.schema.js';

export interface EmailToQueue {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** Why it is sent, e.g. `identity.invitation`; shown in the Outbox. */
  purpose: string;
  /** Extra or overriding headers (From, Reply-To, In-Reply-To, References…). */
  headers?: Record<string, string>;
  /** Automatic messages carry `Auto-Submitted: auto-generated` (RFC 3834); a person's reply does not. */
  automatic?: boolean;
  /** The ticket (and conversation message) the email is about: replies to it thread there. */
  ticketId?: string;
  ticketMessageId?: string;
  /** Idempotency: a second email with the same key is not queued (ticket notices). */
  noticeKey?: string;
}

/**
 * The files of a conversation message, attached to the email that carries it. Handed in by the
 * attachments module at assembly (server.ts); without one, emails go without attachments.
 */
export interface MessageAttachmentSource {
  attachmentsOf(ticketMessageId: string): Promise<{ filename: string; contentType: string; content: Buffer }[]>;
}

/** Retries after the first attempt; with the back-off from one minute, the last is ~1 hour later. */
const SEND_RETRY_LIMIT = 6;
export const SEND_MAX_ATTEMPTS = SEND_RETRY_LIMIT + 1;

export function messageIdDomain(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'sportello.invalid';
  } catch {
    return 'sportello.invalid';
  }
}

/**
 * `<uuid@domain>`: unique, and recognisable as ours by the inbound loop filter; time-ordered, so
 * that its unique index grows at its end (time-ordered-id.ts).
 */
export function newMessageId(domain: string): string {
  return `<${timeOrderedUuid()}@${domain}>`;
}

const withoutBrackets = (messageId: string) => messageId.replace(/^<|>$/g, '');

/** An SMTP reply in the 5xx range will not change by trying again (RFC 5321 §4.2.1). */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const headersSetByOptions = ['From', 'Message-ID', 'Reply-To', 'In-Reply-To', 'References'];

export function createOutbox(
  deps: Pick<Dependencies, 'config' | 'jobs' | 'database' | 'logger' | 'clock'>,
  options: { attachments?: MessageAttachmentSource } = {},
) {
  const { database } = deps;
  const transport = deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : null;
  const defaultDomain = messageIdDomain(deps.config.baseUrl);
  const fromAddress = `Sportello <no-reply@${defaultDomain}>`;

  async function markFailed(message: typeof outboundMessages.$inferSelect, error: string, now: Date) {
    await database.transaction(async (tx) => {
      await tx
        .update(outboundMessages)
        .set({ status: 'failed', error, failedAt: now })
        .where(eq(outboundMessages.id, message.id));
      if (message.ticketId) {
        await recordEmailFailure(tx, {
          ticketId: message.ticketId,
          recipients: [...message.toAddresses, ...message.ccAddresses],
          error,
          now,
        });
      }
    });
  }

  /**
   * One delivery attempt (the job's handler). Idempotent: a message no longer `queued` is left
   * alone. A temporary failure throws, so pg-boss retries it later.
   */
  async function deliverMessage(outboundMessageId: string): Promise<void> {
    const [message] = await database.orm
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.id, outboundMessageId));
    if (!message || message.status !== 'queued') return;
    if (!transport) {
      // Queued while a transport was configured, run after a restart without one.
      await database.orm.update(outboundMessages).set({ status: 'held' }).where(eq(outboundMessages.id, message.id));
      return;
    }
    const { headers } = message;
    try {
      const attachments =
        message.ticketMessageId && options.attachments
          ? await options.attachments.attachmentsOf(message.ticketMessageId)
          : [];
      await transport.sendMail({
        from: headers.From ?? fromAddress,
        to: message.toAddresses,
        cc: message.ccAddresses.length > 0 ? message.ccAddresses : undefined,
        replyTo: headers['Reply-To'],
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody ?? undefined,
        messageId: headers['Message-ID'],
        inReplyTo: headers['In-Reply-To'],
        references: headers.References,
        headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !headersSetByOptions.includes(name))),
        attachments,
        dkim: deps.config.dkim ?? undefined,
      });
      await database.orm
        .update(outboundMessages)
        .set({ status: 'sent', sentAt: deps.clock.now(), attempts: sql`${outboundMessages.attempts} + 1`, error: null })
        .where(eq(outboundMessages.id, message.id));
    } catch (error) {
      const reason = (error as Error).message;
      const attempts = message.attempts + 1;
      await database.orm
        .update(outboundMessages)
        .set({ attempts, error: reason })
        .where(eq(outboundMessages.id, message.id));
      if (isPermanent(error) || attempts >= SEND_MAX_ATTEMPTS) {
        await markFailed(message, reason, deps.clock.now());
        deps.logger.warn({ outboundMessageId: message.id, attempts }, 'outgoing email failed for good');
        return;
      }
      throw error;
    }
  }

  const sendMessageJob = defineJob({
    name: 'mail.send-message',
    payload: z.object({ outboundMessageId: z.uuid() }),
    retryLimit: SEND_RETRY_LIMIT,
    retryDelaySeconds: 60,
    // Every acknowledgement of an inbound burst ends here (ADR 0002).
    batchSize: 10,
    handle: ({ outboundMessageId }) => deliverMessage(outboundMessageId),
  });
  deps.jobs.register(sendMessageJob);

  function present(row: typeof outboundMessages.$inferSelect): OutboundMessage {
    return {
      id: row.id,
      to: row.toAddresses,
      cc: row.ccAddresses,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      headers: row.headers,
      status: row.status,
      purpose: row.purpose,
      error: row.error,
      attempts: row.attempts,
      ticketId: row.ticketId,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      failedAt: row.failedAt?.toISOString() ?? null,
    };
  }

  /** The row of an email: `held` at once without SMTP (ADR 0019), else `queued` for its job. */
  function rowOf(now: Date, email: EmailToQueue) {
    const headers: Record<string, string> = {
      From: fromAddress,
      'Message-ID': newMessageId(defaultDomain),
      ...(email.automatic === false ? {} : { 'Auto-Submitted': 'auto-generated' }),
      ...email.headers,
    };
    return {
      toAddresses: email.to,
      ccAddresses: email.cc ?? [],
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html ?? null,
      headers,
      purpose: email.purpose,
      createdAt: now,
      ticketId: email.ticketId ?? null,
      ticketMessageId: email.ticketMessageId ?? null,
      emailMessageId: withoutBrackets(headers['Message-ID']!),
      noticeKey: email.noticeKey ?? null,
      status: transport ? ('queued' as const) : ('held' as const),
    };
  }

  /** Every column `rowOf` writes, and the id: checked complete by the compiler. */
  const emailColumns = Object.keys({
    id: true,
    toAddresses: true,
    ccAddresses: true,
    subject: true,
    textBody: true,
    htmlBody: true,
    headers: true,
    purpose: true,
    createdAt: true,
    ticketId: true,
    ticketMessageId: true,
    emailMessageId: true,
    noticeKey: true,
    status: true,
  } satisfies Record<keyof ReturnType<typeof rowOf> | 'id', true>);

  /** The INSERT of `rowOf` and an id, with placeholders: for a statement compiled once (ADR 0020). */
  const emailInsertShape = (placeholder: (name: string) => Placeholder) =>
    database.orm
      .insert(outboundMessages)
      .values(
        Object.fromEntries(
          emailColumns.map((column) => [column, placeholder(column)]),
        ) as unknown as typeof outboundMessages.$inferInsert,
      )
      .onConflictDoNothing({ target: outboundMessages.noticeKey })
      .getSQL();

  return {
    deliverMessage,

    /**
     * Queues an email in the caller's transaction; returns its row id, or null when an email with
     * the same `noticeKey` was already queued.
     */
    async queueEmail(tx: Transaction, now: Date, email: EmailToQueue): Promise<string | null> {
      const [row] = await tx
        .insert(outboundMessages)
        .values(rowOf(now, email))
        .onConflictDoNothing({ target: outboundMessages.noticeKey })
        .returning({ id: outboundMessages.id });
      if (!row) return null;
      if (transport) await deps.jobs.enqueue(tx, sendMessageJob, { outboundMessageId: row.id });
      return row.id;
    },

    /**
     * The same email as one INSERT to run inside another statement (a new ticket's write, ADR 0020),
     * and, with SMTP, the sending job to enqueue in that statement's transaction.
     */
    emailInsert(
      now: Date,
      email: EmailToQueue,
    ): { statement: OpeningStatement; sendingJob: ((tx: Transaction) => Promise<void>) | null } {
      const id = timeOrderedUuid();
      return {
        statement: { shape: 'outbox.email', build: emailInsertShape, values: { ...rowOf(now, email), id } },
        sendingJob: transport
          ? async (tx) => {
              await deps.jobs.enqueue(tx, sendMessageJob, { outboundMessageId: id });
            }
          : null,
      };
    },

    /**
     * Admin: a failed (or held) message goes back to the queue, from the first attempt; without SMTP
     * it is held again (a failed one is then readable in the Outbox like the others).
     */
    async resendMessage(context: Context, id: string): Promise<OutboundMessage> {
      if (context.actor.kind !== 'user' || context.actor.role !== 'admin') throw forbidden();
      const row = await database.transaction(async (tx) => {
        const [current] = await tx.select().from(outboundMessages).where(eq(outboundMessages.id, id)).for('update');
        if (!current) throw notFound('OUTBOUND_MESSAGE_NOT_FOUND', 'No such outgoing message');
        if (current.status !== 'failed' && current.status !== 'held') {
          throw new AppError(409, 'OUTBOUND_MESSAGE_NOT_RESENDABLE', `A ${current.status} message cannot be resent`, {
            status: current.status,
          });
        }
        const [updated] = await tx
          .update(outboundMessages)
          .set({ status: transport ? 'queued' : 'held', attempts: 0, error: null, failedAt: null })
          .where(and(eq(outboundMessages.id, id), inArray(outboundMessages.status, ['failed', 'held'])))
          .returning();
        if (transport) await deps.jobs.enqueue(tx, sendMessageJob, { outboundMessageId: id });
        return updated!;
      });
      return present(row);
    },

    async listOutbox(query: {
      limit: number;
      cursor?: string | undefined;
      to?: string | undefined;
      status?: OutboundMessage['status'] | undefined;
    }): Promise<Page<OutboundMessage>> {
      const conditions: SQL[] = [];
      if (query.to) {
        const address = query.to.toLowerCase();
        conditions.push(
          sql`(${address} = ANY(${outboundMessages.toAddresses}) OR ${address} = ANY(${outboundMessages.ccAddresses}))`,
        );
      }
      if (query.status) conditions.push(eq(outboundMessages.status, query.status));
      if (query.cursor) {
        const [createdAt, id] = decodeInstantCursor(query.cursor);
        const after = or(
          lt(outboundMessages.createdAt, createdAt),
          and(eq(outboundMessages.createdAt, createdAt), lt(outboundMessages.id, id)),
        );
        if (after) conditions.push(after);
      }
      const rows = await database.orm
        .select()
        .from(outboundMessages)
        .where(and(...conditions))
        .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
        .limit(query.limit + 1);
      return toPage(rows, query.limit, present, (row) => [row.createdAt.toISOString(), row.id]);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
