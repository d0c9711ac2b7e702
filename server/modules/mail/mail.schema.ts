/**
 * Tables owned by the mail module:
 * - `outbound_messages`, the outgoing queue: every message Sportello sends is written here in the
 *   transaction that causes it, then handed to SMTP by a job — or held in the in-app Outbox when no
 *   SMTP server is configured;
 * - `mailboxes` and `mailbox_addresses`, the inbound addresses (reached through the SMTP listener
 *   or polled over IMAP), each leading to a group and optionally a service;
 * - `inbound_emails`, every message received, raw, stored before anything else is done with it.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { services } from '../catalog/catalog.schema.js';
import { groups, language, users } from '../identity/identity.schema.js';
import { messages, tickets } from '../tickets/tickets.schema.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddresses: text('to_addresses').array().notNull(),
    /** Carbon-copy recipients: the ticket's CC participants on ticket notices. */
    ccAddresses: text('cc_addresses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
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
    /** The ticket the message is about, and the conversation message it carries (if any). */
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    ticketMessageId: uuid('ticket_message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** Our Message-ID (without angle brackets): replies that cite it thread to `ticket_id`. */
    emailMessageId: text('email_message_id'),
    /** What caused a ticket notice (e.g. `ticket.reply:<message id>`): the notice is queued once. */
    noticeKey: text('notice_key'),
    /** When sending was given up (retries exhausted or a permanent SMTP refusal). */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('outbound_messages_notice_key_idx').on(table.noticeKey),
    check('outbound_messages_status', sql`${table.status} IN ('queued', 'sent', 'held', 'failed')`),
    index('outbound_messages_created_idx').on(table.createdAt, table.id),
    index('outbound_messages_ticket_idx').on(table.ticketId),
    uniqueIndex('outbound_messages_email_message_id_idx').on(table.emailMessageId),
  ],
);

export const imapTlsModes = ['tls', 'starttls', 'none'] as const;
export const imapAfterProcessingActions = ['seen', 'move'] as const;

/** An inbound address book entry: mail to its addresses becomes tickets of its group. */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The address replies are sent from (also one of `mailbox_addresses`). */
    address: text('address').notNull(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    /** The mailbox of portal, phone and API tickets (From of their emails); exactly one. */
    isDefault: boolean('is_default').notNull().default(false),
    /** Takes mail to any address the SMTP listener receives that no mailbox claims. */
    catchAll: boolean('catch_all').notNull().default(false),
    active: boolean('active').notNull().default(true),
    /** IMAP polling; all null when the mailbox is reached through the SMTP listener. */
    imapHost: text('imap_host'),
    imapPort: integer('imap_port'),
    /** tls: TLS from the first byte (993); starttls: upgraded (143); none: plain text (tests, loopback). */
    imapTls: text('imap_tls', { enum: imapTlsModes }).notNull().default('tls'),
    imapUsername: text('imap_username'),
    /** `v1:<iv>:<tag>:<ciphertext>` (secret-box.ts, SPORTELLO_SECRET_KEY); never returned by the API, never logged. */
    imapPasswordEncrypted: text('imap_password_encrypted'),
    imapFolder: text('imap_folder').notNull().default('INBOX'),
    /** What the poller does to a message once it is committed: flag it \Seen, or move it to `imap_move_folder`. */
    imapAfterProcessing: text('imap_after_processing', { enum: imapAfterProcessingActions }).notNull().default('seen'),
    imapMoveFolder: text('imap_move_folder'),
    /** The last poll: when, whether it worked, and the error when it did not (shown to admins). */
    lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
    lastPollStatus: text('last_poll_status', { enum: ['ok', 'error'] }),
    lastError: text('last_error'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('mailboxes_imap_tls', sql`${table.imapTls} IN ('tls', 'starttls', 'none')`),
    check('mailboxes_imap_after_processing', sql`${table.imapAfterProcessing} IN ('seen', 'move')`),
    check('mailboxes_last_poll_status', sql`${table.lastPollStatus} IN ('ok', 'error')`),
    uniqueIndex('mailboxes_address_idx').on(sql`lower(${table.address})`),
    uniqueIndex('mailboxes_default_idx')
      .on(table.isDefault)
      .where(sql`${table.isDefault}`),
    uniqueIndex('mailboxes_catch_all_idx')
      .on(table.catchAll)
      .where(sql`${table.catchAll}`),
  ],
);

/** Every address a mailbox receives for, stored lower-case; an address belongs to one mailbox. */
export const mailboxAddresses = pgTable(
  'mailbox_addresses',
  {
    address: text('address').primaryKey(),
    mailboxId: uuid('mailbox_id')
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
  },
  (table) => [
    check('mailbox_addresses_lower', sql`${table.address} = lower(${table.address})`),
    index('mailbox_addresses_mailbox_idx').on(table.mailboxId),
  ],
);

export const inboundEmailStatuses = ['received', 'processed', 'ignored', 'failed'] as const;

/**
 * Every message received, raw, committed before the sender is told it was accepted. The
 * de-duplication key is the Message-ID, or a hash of the raw message when it has none, so a
 * message delivered twice (two mailboxes, a retried SMTP session) is stored once.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The Message-ID header without angle brackets, when there is one. */
    messageId: text('message_id'),
    mailboxId: uuid('mailbox_id').references(() => mailboxes.id, { onDelete: 'set null' }),
    source: text('source', { enum: ['smtp', 'imap'] }).notNull(),
    envelopeFrom: text('envelope_from'),
    envelopeTo: text('envelope_to')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Stored out of line and uncompressed (`SET STORAGE EXTERNAL`, migration 0024): mail barely compresses. */
    raw: bytea('raw').notNull(),
    size: integer('size').notNull(),
    status: text('status', { enum: inboundEmailStatuses }).notNull().default('received'),
    /** What the pipeline decided and why (filters, threading step), for the agent and the admin. */
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    ticketMessageId: uuid('ticket_message_id').references(() => messages.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (table) => [
    check('inbound_emails_status', sql`${table.status} IN ('received', 'processed', 'ignored', 'failed')`),
    check('inbound_emails_source', sql`${table.source} IN ('smtp', 'imap')`),
    uniqueIndex('inbound_emails_dedupe_idx').on(table.dedupeKey),
    index('inbound_emails_status_idx').on(table.status, table.receivedAt),
    index('inbound_emails_message_id_idx').on(table.messageId),
    index('inbound_emails_ticket_message_idx').on(table.ticketMessageId),
    // The mailbox a ticket's customer last wrote to (ticket-notice.repo.ts, mailboxOf).
    index('inbound_emails_ticket_idx').on(table.ticketId, table.receivedAt),
    // Only the replies waiting for their parent (inbound-parent-wait.ts), not the whole backlog.
    index('inbound_emails_waiting_idx')
      .on(table.receivedAt)
      .where(sql`${table.status} = 'received' AND ${table.outcome} ->> 'filter' = 'waiting_for_parent'`),
  ],
);

/**
 * Delivery failures reported back to us (DSNs): the recipient address is flagged, with the ticket
 * whose mail bounced when the report names one of our Message-IDs.
 */
export const emailBounces = pgTable(
  'email_bounces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-case address that could not be delivered to. */
    address: text('address').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    inboundEmailId: uuid('inbound_email_id')
      .notNull()
      .references(() => inboundEmails.id, { onDelete: 'cascade' }),
    /** The Message-ID of our message that bounced, as quoted by the report. */
    originalMessageId: text('original_message_id'),
    action: text('action'),
    status: text('status'),
    diagnostic: text('diagnostic'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check('email_bounces_lower', sql`${table.address} = lower(${table.address})`),
    index('email_bounces_address_idx').on(table.address, table.createdAt),
    index('email_bounces_ticket_idx').on(table.ticketId),
  ],
);

/**
 * Admin overrides of the built-in email templates (email-template-defaults.ts): one row per key and
 * language; deleting the row resets the template to the built-in text.
 */
export const emailTemplates = pgTable(
  'email_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    language: language('language').notNull(),
    subject: text('subject').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text'),
    version: integer('version').notNull().default(1),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('email_templates_key_language_idx').on(table.key, table.language)],
);
