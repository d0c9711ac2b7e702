/**
 * The outgoing queue. `queueEmail` is called inside the transaction that decides to send: the row
 * and its sending job commit together, so nothing is lost between commit and queue. The job hands
 * the message to SMTP (SMTP_URL), or — without SMTP, the embedded default — holds it in the
 * in-app Outbox that admins read.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { OutboundMessage } from '../../../contracts/mail.contract.js';
import type { Page } from '../../../contracts/common.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { defineJob } from '../../jobs/job-queue.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { outboundMessages } from './mail.schema.js';

export interface EmailToQueue {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Why it is sent, e.g. `identity.invitation`; shown in the Outbox. */
  purpose: string;
  headers?: Record<string, string>;
}

function messageIdDomain(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'sportello.invalid';
  } catch {
    return 'sportello.invalid';
  }
}

export function createOutbox(deps: Pick<Dependencies, 'config' | 'jobs' | 'database' | 'logger'>) {
  const transport = deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : null;
  const fromAddress = `Sportello <no-reply@${messageIdDomain(deps.config.baseUrl)}>`;

  const sendMessageJob = defineJob({
    name: 'mail.send-message',
    payload: z.object({ outboundMessageId: z.uuid() }),
    async handle({ outboundMessageId }) {
      const [message] = await deps.database.orm
        .select()
        .from(outboundMessages)
        .where(eq(outboundMessages.id, outboundMessageId));
      // Idempotent: a redelivered job finds the message already done.
      if (!message || message.status !== 'queued') return;
      if (!transport) {
        await deps.database.orm
          .update(outboundMessages)
          .set({ status: 'held' })
          .where(eq(outboundMessages.id, outboundMessageId));
        return;
      }
      try {
        await transport.sendMail({
          from: message.headers.From ?? fromAddress,
          to: message.toAddresses,
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody ?? undefined,
          messageId: message.headers['Message-ID'],
          headers: Object.fromEntries(
            Object.entries(message.headers).filter(([name]) => !['From', 'Message-ID'].includes(name)),
          ),
        });
        await deps.database.orm
          .update(outboundMessages)
          .set({ status: 'sent', sentAt: new Date(), attempts: sql`${outboundMessages.attempts} + 1`, error: null })
          .where(eq(outboundMessages.id, outboundMessageId));
      } catch (error) {
        await deps.database.orm
          .update(outboundMessages)
          .set({ attempts: sql`${outboundMessages.attempts} + 1`, error: (error as Error).message })
          .where(eq(outboundMessages.id, outboundMessageId));
        throw error;
      }
    },
  });
  deps.jobs.register(sendMessageJob);

  return {
    async queueEmail(tx: Transaction, now: Date, email: EmailToQueue): Promise<string> {
      const emailMessageId = `${randomUUID()}@${messageIdDomain(deps.config.baseUrl)}`;
      const headers = {
        From: fromAddress,
        'Message-ID': `<${emailMessageId}>`,
        'Auto-Submitted': 'auto-generated',
        ...email.headers,
      };
      const [row] = await tx
        .insert(outboundMessages)
        .values({
          toAddresses: email.to,
          subject: email.subject,
          textBody: email.text,
          htmlBody: email.html ?? null,
          headers,
          purpose: email.purpose,
          createdAt: now,
          // Mail coming back with this Message-ID is recognised as our own (a loop or a bounce).
          emailMessageId: headers['Message-ID'] === `<${emailMessageId}>` ? emailMessageId : null,
        })
        .returning({ id: outboundMessages.id });
      if (!row) throw new Error('outbound message not inserted');
      await deps.jobs.enqueue(tx, sendMessageJob, { outboundMessageId: row.id });
      return row.id;
    },

    async listOutbox(query: {
      limit: number;
      cursor?: string | undefined;
      to?: string | undefined;
      status?: OutboundMessage['status'] | undefined;
    }): Promise<Page<OutboundMessage>> {
      const conditions: SQL[] = [];
      if (query.to) conditions.push(sql`${query.to.toLowerCase()} = ANY(${outboundMessages.toAddresses})`);
      if (query.status) conditions.push(eq(outboundMessages.status, query.status));
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor);
        const after = or(
          lt(outboundMessages.createdAt, new Date(createdAt)),
          and(eq(outboundMessages.createdAt, new Date(createdAt)), lt(outboundMessages.id, id)),
        );
        if (after) conditions.push(after);
      }
      const rows = await deps.database.orm
        .select()
        .from(outboundMessages)
        .where(and(...conditions))
        .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
        .limit(query.limit + 1);
      return toPage(
        rows,
        query.limit,
        (row) => ({
          id: row.id,
          to: row.toAddresses,
          subject: row.subject,
          text: row.textBody,
          html: row.htmlBody,
          headers: row.headers,
          status: row.status,
          purpose: row.purpose,
          error: row.error,
          createdAt: row.createdAt.toISOString(),
          sentAt: row.sentAt?.toISOString() ?? null,
        }),
        (row) => [row.createdAt.toISOString(), row.id],
      );
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
