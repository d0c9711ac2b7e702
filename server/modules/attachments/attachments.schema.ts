/**
 * Tables owned by the attachments module: one row per attached file. The bytes live in an
 * `AttachmentStorage` under their SHA-256 (content-addressed, ADR 0004), so two rows may share a file.
 *
 * Invariants: at most one uploader (staff user or contact; files that came with an inbound mail
 * have neither); an upload is "unlinked" until a message references it (`message_id` set), and a
 * linked attachment's `ticket_id` follows its message when tickets are merged (a trigger on
 * `messages`, migration 0010).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contacts, users } from '../identity/identity.schema.js';
import { messages, tickets } from '../tickets/tickets.schema.js';

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Hex SHA-256 of the content: the file's address in the storage. */
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Detected from the content, never taken from the client (see attachment-content.ts). */
    contentType: text('content_type').notNull(),
    /** Normalized: no path, no control characters, bounded length. */
    filename: text('filename').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
    // A deleted contact's uploads lose their uploader; unlinked ones are then swept.
    uploadedByContactId: uuid('uploaded_by_contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    /** An image shown inside an email's HTML (`cid:` reference), not listed as a separate file. */
    inline: boolean('inline').notNull().default(false),
    contentId: text('content_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check(
      'attachments_at_most_one_uploader',
      sql`${table.uploadedByUserId} IS NULL OR ${table.uploadedByContactId} IS NULL`,
    ),
    check('attachments_sha256_format', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
    check('attachments_size', sql`${table.size} > 0`),
    index('attachments_message_idx').on(table.messageId),
    index('attachments_ticket_idx').on(table.ticketId),
    index('attachments_sha256_idx').on(table.sha256),
    index('attachments_unlinked_idx')
      .on(table.createdAt)
      .where(sql`${table.messageId} IS NULL AND ${table.ticketId} IS NULL`),
  ],
);

export type AttachmentRow = typeof attachments.$inferSelect;
