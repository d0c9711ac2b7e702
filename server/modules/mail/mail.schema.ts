/**
 * Tables owned by the mail module. For now only the outgoing queue: every message Sportello sends
 * is written here in the transaction that causes it, then handed to SMTP by a job — or held in the
 * in-app Outbox when no SMTP server is configured.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddresses: text('to_addresses').array().notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: ['queued', 'sent', 'held', 'failed'] })
      .notNull()
      .default('queued'),
    purpose: text('purpose').notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    check('outbound_messages_status', sql`${table.status} IN ('queued', 'sent', 'held', 'failed')`),
    index('outbound_messages_created_idx').on(table.createdAt, table.id),
  ],
);
