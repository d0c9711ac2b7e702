/** SQL of the attachments module. */
import { and, asc, eq, getTableName, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Attachment } from '../../../contracts/attachments.contract.js';
import type { Database, Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import { attachments, type AttachmentRow } from './attachments.schema.js';

export type Queryable = Database['orm'] | Transaction;

export const presentAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  filename: row.filename,
  contentType: row.contentType,
  size: row.size,
  inline: row.inline,
});

export async function findAttachment(db: Queryable, id: string): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row ?? null;
}

/** The attachments of each message, in upload order; messages without any are absent. */
export async function attachmentsOfMessages(db: Queryable, messageIds: string[]): Promise<Map<string, Attachment[]>> {
  const byMessage = new Map<string, Attachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select()
    .from(attachments)
    .where(inArray(attachments.messageId, messageIds))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  for (const row of rows) {
    const list = byMessage.get(row.messageId!) ?? [];
    list.push(presentAttachment(row));
    byMessage.set(row.messageId!, list);
  }
  return byMessage;
}

/**
 * The attachments of the message in this column as an SQL expression (a JSON array, in upload
 * order, shaped like `presentAttachment`), so that a caller reads them in its own query of messages
 * instead of a second round trip.
 */
// Drizzle writes a column of a single-table select without its table, which inside this subquery
// would name the attachment's own column (`id`).
const qualified = (column: AnyPgColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

export const attachmentsOfMessageColumn = (messageId: AnyPgColumn): SQL<Attachment[]> =>
  sql<
    Attachment[]
  >`(SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size, 'inline', a.inline) ORDER BY a.created_at, a.id), '[]'::json) FROM ${attachments} a WHERE a.message_id = ${qualified(messageId)})`;

export const uploadedBy = (actor: Actor) =>
  actor.kind === 'user'
    ? eq(attachments.uploadedByUserId, actor.id)
    : actor.kind === 'contact'
      ? eq(attachments.uploadedByContactId, actor.id)
      : sql`false`;

/**
 * Links the caller's own unlinked uploads to a message in one statement: a row another request
 * linked meanwhile no longer matches, so an attachment is never linked twice. Returns the ids linked.
 */
export async function linkUnlinkedUploads(
  tx: Transaction,
  input: { attachmentIds: string[]; ticketId: string; messageId: string; actor: Actor },
): Promise<string[]> {
  const rows = await tx
    .update(attachments)
    .set({ ticketId: input.ticketId, messageId: input.messageId })
    .where(
      and(
        inArray(attachments.id, input.attachmentIds),
        isNull(attachments.messageId),
        isNull(attachments.ticketId),
        uploadedBy(input.actor),
      ),
    )
    .returning({ id: attachments.id });
  return rows.map((row) => row.id);
}

/** Uploads never attached to anything, older than the cutoff (oldest first, bounded). */
export function staleUploads(db: Queryable, cutoff: Date, limit: number) {
  return db
    .select({ id: attachments.id, sha256: attachments.sha256 })
    .from(attachments)
    .where(and(isNull(attachments.messageId), isNull(attachments.ticketId), lt(attachments.createdAt, cutoff)))
    .orderBy(asc(attachments.createdAt))
    .limit(limit);
}

/** The subset of these addresses that some row still references. */
export async function referencedAddresses(db: Queryable, sha256s: string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ sha256: attachments.sha256 })
    .from(attachments)
    .where(inArray(attachments.sha256, sha256s));
  return new Set(rows.map((row) => row.sha256));
}

/** The stored files of one message, oldest first, with their content addresses. */
export async function storedFilesOfMessage(db: Queryable, messageId: string) {
  return db
    .select({ sha256: attachments.sha256, filename: attachments.filename, contentType: attachments.contentType })
    .from(attachments)
    .where(eq(attachments.messageId, messageId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}
