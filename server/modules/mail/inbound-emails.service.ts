/**
 * Received mail for admins ("Posta in arrivo"): the list (failed first when asked), one message
 * with the pipeline's decision, its original bytes, and re-processing.
 */
import { and, desc, eq, getTableColumns, lt, or, sql, type SQL } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import type { Page } from '../../../contracts/common.contract.js';
import type { InboundEmail } from '../../../contracts/mail.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound } from '../../http/app-error.js';
import { decodeInstantCursor, toPage } from '../../http/pagination.js';
import { messages, tickets } from '../tickets/tickets.schema.js';
import type { InboundPipeline, ProcessResult } from './inbound-pipeline.js';
import { inboundEmails, mailboxes } from './mail.schema.js';

const inboundEmailNotFound = () => notFound('INBOUND_EMAIL_NOT_FOUND', 'No such inbound email');

/** Where a header block is looked for: the start of the raw message. */
const HEADER_BYTES = 64 * 1024;

/** From and Subject, decoded, from the header block only (cheap enough for a list page). */
async function summaryHeaders(raw: Buffer): Promise<{ from: string | null; subject: string | null }> {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, HEADER_BYTES));
  try {
    const parsed = await simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]));
    return { from: parsed.from?.text ?? null, subject: parsed.subject ?? null };
  } catch {
    return { from: null, subject: null };
  }
}

export function createInboundEmails(deps: Pick<Dependencies, 'database'>, pipeline: InboundPipeline) {
  const { database } = deps;

  // The list shows From and Subject: only the first 64 KB of each raw message are read (the header
  // block), not whole messages with their attachments — bytea comes hex-encoded, twice its size.
  const { raw: _raw, ...inboundEmailColumns } = getTableColumns(inboundEmails);
  function select() {
    return database.orm
      .select({
        row: inboundEmailColumns,
        rawHead: sql<Buffer>`substring(${inboundEmails.raw} from 1 for ${HEADER_BYTES})`,
        ticketNumber: tickets.number,
        mailboxName: mailboxes.name,
      })
      .from(inboundEmails)
      .leftJoin(tickets, eq(tickets.id, inboundEmails.ticketId))
      .leftJoin(mailboxes, eq(mailboxes.id, inboundEmails.mailboxId))
      .$dynamic();
  }

  async function present(entry: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]) {
    const { row } = entry;
    return {
      id: row.id,
      status: row.status,
      source: row.source,
      messageId: row.messageId,
      envelopeFrom: row.envelopeFrom,
      envelopeTo: row.envelopeTo,
      ...(await summaryHeaders(entry.rawHead)),
      size: row.size,
      error: row.error,
      attempts: row.attempts,
      outcome: row.outcome ?? null,
      ticket: row.ticketId && entry.ticketNumber ? { id: row.ticketId, number: entry.ticketNumber } : null,
      mailbox: row.mailboxId && entry.mailboxName ? { id: row.mailboxId, name: entry.mailboxName } : null,
      receivedAt: row.receivedAt.toISOString(),
      processedAt: row.processedAt?.toISOString() ?? null,
    } satisfies InboundEmail;
  }

  return {
    async list(query: { limit: number; cursor?: string | undefined; status?: InboundEmail['status'] | undefined }) {
      const conditions: SQL[] = [];
      if (query.status) conditions.push(eq(inboundEmails.status, query.status));
      if (query.cursor) {
        const [at, id] = decodeInstantCursor(query.cursor);
        conditions.push(
          or(lt(inboundEmails.receivedAt, at), and(eq(inboundEmails.receivedAt, at), lt(inboundEmails.id, id)))!,
        );
      }
      const rows = await select()
        .where(and(...conditions))
        .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
        .limit(query.limit + 1);
      const page = toPage(
        rows,
        query.limit,
        (entry) => entry,
        (entry) => [entry.row.receivedAt.toISOString(), entry.row.id],
      );
      return {
        items: await Promise.all(page.items.map(present)),
        nextCursor: page.nextCursor,
      } satisfies Page<InboundEmail>;
    },

    async get(id: string): Promise<InboundEmail> {
      const [entry] = await select().where(eq(inboundEmails.id, id));
      if (!entry) throw inboundEmailNotFound();
      return present(entry);
    },

    async raw(id: string): Promise<Buffer> {
      const [row] = await database.orm
        .select({ raw: inboundEmails.raw })
        .from(inboundEmails)
        .where(eq(inboundEmails.id, id));
      if (!row) throw inboundEmailNotFound();
      return row.raw;
    },

    /** The original of the inbound email that carried a ticket message, if it came by email. */
    async rawOfTicketMessage(ticketId: string, messageId: string): Promise<Buffer | null> {
      const [row] = await database.orm
        .select({ raw: inboundEmails.raw })
        .from(inboundEmails)
        .innerJoin(messages, eq(messages.id, inboundEmails.ticketMessageId))
        .where(and(eq(inboundEmails.ticketMessageId, messageId), eq(messages.ticketId, ticketId)));
      return row?.raw ?? null;
    },

    async reprocess(id: string): Promise<ProcessResult> {
      const [row] = await database.orm
        .select({ status: inboundEmails.status })
        .from(inboundEmails)
        .where(eq(inboundEmails.id, id));
      if (!row) throw inboundEmailNotFound();
      if (row.status === 'processed') {
        throw new AppError(409, 'INBOUND_EMAIL_ALREADY_PROCESSED', 'This email is already on a ticket');
      }
      return pipeline.reprocess(id);
    },
  };
}

export type InboundEmails = ReturnType<typeof createInboundEmails>;
