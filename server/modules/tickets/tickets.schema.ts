/**
 * Tables owned by the tickets module: statuses (configurable names, fixed categories), the
 * priority matrix, per-year ticket numbers, tickets, their followers, their append-only history
 * (ticket_events) and their conversation (messages).
 */
import { getTableColumns, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  customType,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { categories, services } from '../catalog/catalog.schema.js';
import { channel, contacts, groups, organizations, users } from '../identity/identity.schema.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The language a message is indexed in: detected from its text, else the requester's. */
export const searchLanguage = pgEnum('search_language', ['it', 'en', 'simple']);

export const ticketType = pgEnum('ticket_type', ['incident', 'service_request']);
export const levelOfImpact = pgEnum('level_of_impact', ['high', 'medium', 'low']);
export const priority = pgEnum('priority', ['P1', 'P2', 'P3', 'P4', 'P5']);
export const statusCategory = pgEnum('status_category', [
  'new',
  'open',
  'pending_customer',
  'pending_supplier',
  'resolved',
  'closed',
  'merged',
]);
export const messageKind = pgEnum('message_kind', ['email', 'portal', 'phone', 'note', 'system']);
export const visibility = pgEnum('visibility', ['public', 'internal']);

export const ticketStatuses = pgTable('ticket_statuses', {
  id: uuid('id').primaryKey().defaultRandom(),
  category: statusCategory('category').notNull(),
  nameIt: text('name_it').notNull(),
  nameEn: text('name_en').notNull(),
  /** The status a ticket gets when the code moves it into this category (reopen, customer reply…). */
  isDefault: boolean('is_default').notNull().default(false),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

export const priorityMatrix = pgTable(
  'priority_matrix',
  {
    impact: levelOfImpact('impact').notNull(),
    urgency: levelOfImpact('urgency').notNull(),
    priority: priority('priority').notNull(),
  },
  (table) => [primaryKey({ columns: [table.impact, table.urgency] })],
);

/**
 * Signed deltas of the number of tickets per key, kept by triggers on `tickets` (migration 0017):
 * the workspace's view counts sum them (ticket-view-counts.ts) instead of counting tickets.
 */
export const ticketViewCounts = pgTable('ticket_view_counts', {
  statusId: uuid('status_id').notNull(),
  supportLevel: smallint('support_level').notNull(),
  groupId: uuid('group_id').notNull(),
  level1GroupId: uuid('level1_group_id').notNull(),
  assigneeId: uuid('assignee_id'),
  tickets: integer('tickets').notNull(),
});

/**
 * The same deltas per follower, for the tickets they follow, kept by triggers on `tickets` and
 * `ticket_followers` (migration 0020): an agent's views add the followed tickets they would not see
 * otherwise without reading them.
 */
export const ticketFollowerViewCounts = pgTable(
  'ticket_follower_view_counts',
  {
    userId: uuid('user_id').notNull(),
    statusId: uuid('status_id').notNull(),
    supportLevel: smallint('support_level').notNull(),
    groupId: uuid('group_id').notNull(),
    level1GroupId: uuid('level1_group_id').notNull(),
    assigneeId: uuid('assignee_id'),
    tickets: integer('tickets').notNull(),
  },
  (table) => [index('ticket_follower_view_counts_user_idx').on(table.userId)],
);

// Numbers are YYYY-NNNNNN: one PostgreSQL sequence per year of creation in the desk's time zone,
// `ticket_number_<year>`, taken through `ticket_number_next(year)` (migration 0023, ADR 0013).

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    type: ticketType('type').notNull(),
    subject: text('subject').notNull(),
    statusId: uuid('status_id')
      .notNull()
      .references(() => ticketStatuses.id),
    impact: levelOfImpact('impact').notNull(),
    urgency: levelOfImpact('urgency').notNull(),
    priority: priority('priority').notNull(),
    supportLevel: smallint('support_level').notNull().default(1),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    /** The level 1 group the ticket came from: it keeps access and takes hand-backs. */
    level1GroupId: uuid('level1_group_id')
      .notNull()
      .references(() => groups.id),
    /** Who worked it at level 1 before the escalation: a hand-back returns it to them. */
    level1AssigneeId: uuid('level1_assignee_id').references(() => users.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => contacts.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    serviceId: uuid('service_id').references(() => services.id),
    categoryId: uuid('category_id').references(() => categories.id),
    channel: channel('channel').notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    replyReopens: boolean('reply_reopens').notNull().default(false),
    /** Values of the admin-defined custom fields, by definition key (checked by the custom-fields module). */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when this ticket was merged: the surviving ticket, where its messages went. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => tickets.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    /** Subjects are short and of unknown language: indexed with both stemmers. */
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('sportello_italian'::regconfig, subject) || to_tsvector('sportello_english'::regconfig, subject)`,
    ),
  },
  (table) => [
    uniqueIndex('tickets_number_idx').on(table.number),
    index('tickets_search_idx').using('gin', table.search),
    check('tickets_support_level', sql`${table.supportLevel} IN (1, 2)`),
    index('tickets_group_updated_idx').on(table.groupId, table.updatedAt),
    index('tickets_level1_group_idx').on(table.level1GroupId),
    index('tickets_assignee_updated_idx').on(table.assigneeId, table.updatedAt),
    index('tickets_requester_idx').on(table.requesterId, table.updatedAt),
    index('tickets_organization_idx').on(table.organizationId),
    index('tickets_updated_idx').on(table.updatedAt, table.id),
    // A status's tickets in update order: "waiting for the customer" (ADR 0021).
    index('tickets_status_updated_idx').on(table.statusId, table.updatedAt, table.id),
    index('tickets_created_idx').on(table.createdAt, table.id),
    // The `priority` sort, in order within any filter (a page stops after its 51st ticket).
    index('tickets_priority_idx').on(table.priority, table.id),
    index('tickets_status_idx').on(
      table.statusId,
      table.supportLevel,
      table.groupId,
      table.level1GroupId,
      table.assigneeId,
    ),
    // The unassigned views, read arm by arm of an agent's visibility (ADR 0018); migration 0026 also
    // keeps statistics of which (support_level, group_id, level1_group_id) combinations exist.
    index('tickets_unassigned_group_idx')
      .on(table.supportLevel, table.groupId, table.updatedAt, table.id)
      .where(sql`${table.assigneeId} IS NULL`),
    index('tickets_unassigned_level1_group_idx')
      .on(table.supportLevel, table.level1GroupId, table.updatedAt, table.id)
      .where(sql`${table.assigneeId} IS NULL`),
    index('tickets_tags_idx').using('gin', table.tags),
    // `cf.<key>=value` filters are containment queries (custom_fields @> {"key": value}).
    index('tickets_custom_fields_idx').using('gin', table.customFields.op('jsonb_path_ops')),
  ],
);

export const ticketFollowers = pgTable(
  'ticket_followers',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Who added this follower; null when working on the ticket made them follow it. */
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.userId] }),
    index('ticket_followers_user_idx').on(table.userId),
  ],
);

/**
 * One row per tag of a ticket, with the ticket's update time: a list filtered by tag reads the tag's
 * tickets in update order (ADR 0021). Derived from `tickets.tags` by the triggers of migration 0027;
 * never written by the application.
 */
export const ticketTags = pgTable(
  'ticket_tags',
  {
    tag: text('tag').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tag, table.ticketId] }),
    index('ticket_tags_updated_idx').on(table.tag, table.updatedAt, table.ticketId),
  ],
);

/** Headers of an email message, as kept on the conversation message. */
export interface EmailHeaders {
  from?: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  inReplyTo?: string | null;
  references?: string[];
  authenticationResults?: string | null;
  /**
   * Set when the mail had an HTML part: its sanitized formatting is in `body_html`, shown in the
   * sandboxed frame, with this many remote images held back until a viewer asks for them.
   */
  formatted?: { blockedRemoteImages: number } | null;
}

/**
 * Addresses that take part in a ticket's email conversation besides the requester (CC'd
 * addresses): public replies go to them, and their mail threads into the ticket.
 */
export const ticketParticipants = pgTable(
  'ticket_participants',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Lower-case email address. */
    address: text('address').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    addedByUserId: uuid('added_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.address] }),
    check('ticket_participants_lower', sql`${table.address} = lower(${table.address})`),
    index('ticket_participants_address_idx').on(table.address),
  ],
);

/** A file that came with an inbound email: where its content went, and how the message used it. */
export interface EmailAttachmentMeta {
  filename: string;
  contentType: string;
  size: number;
  /** Shown in the body (`cid:` reference) rather than listed as a file. */
  inline: boolean;
  contentId: string | null;
  /** The id the file sink returned; null when no sink stores content (the raw message keeps it). */
  fileId: string | null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Append-only: one row per change, the audit trail and the timeline. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: [
        'created',
        'updated',
        'escalated',
        'handed_back',
        'supervisor_escalated',
        'merged',
        'linked',
        'unlinked',
        'email_failed',
      ],
    }).notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorContactId: uuid('actor_contact_id').references(() => contacts.id),
    changes: jsonb('changes').$type<FieldChange[]>().notNull().default([]),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('ticket_events_ticket_idx').on(table.ticketId, table.id)],
);

/** Round-robin position per group: who got the last automatically assigned ticket. */
export const assignmentCursors = pgTable('assignment_cursors', {
  groupId: uuid('group_id')
    .primaryKey()
    .references(() => groups.id, { onDelete: 'cascade' }),
  lastUserId: uuid('last_user_id').references(() => users.id, { onDelete: 'set null' }),
});

/**
 * Links between tickets: `related` (symmetric, stored once) or `parent` (ticket_id is the parent of
 * linked_ticket_id; a ticket has at most one parent and is never its own ancestor).
 */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedTicketId: uuid('linked_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['related', 'parent'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
  },
  (table) => [
    check('ticket_links_kind', sql`${table.kind} IN ('related', 'parent')`),
    check('ticket_links_not_self', sql`${table.ticketId} <> ${table.linkedTicketId}`),
    uniqueIndex('ticket_links_pair_idx').on(table.ticketId, table.linkedTicketId),
    index('ticket_links_linked_idx').on(table.linkedTicketId),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: messageKind('kind').notNull(),
    visibility: visibility('visibility').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id),
    authorContactId: uuid('author_contact_id').references(() => contacts.id),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    language: searchLanguage('language').notNull().default('simple'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Email messages: the Message-ID (without angle brackets) of the mail that carried it. */
    emailMessageId: text('email_message_id'),
    /** Email messages: From, To, Cc, In-Reply-To, References, Authentication-Results as received. */
    emailHeaders: jsonb('email_headers').$type<EmailHeaders>(),
    /** Why an inbound email joined this ticket (the threading step that matched), shown to agents. */
    threading: jsonb('threading').$type<Record<string, unknown>>(),
    /** Email flags: `auto_reply`, `bounce`, `new_participant`, `dmarc_fail`. */
    emailFlags: text('email_flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Email messages: the files that came with the mail (content stored through the file sink). */
    emailAttachments: jsonb('email_attachments').$type<EmailAttachmentMeta[]>(),
    /** Each message with its own language's stemmer (DESIGN §3b). */
    search: tsvector('search').generatedAlwaysAs(
      sql`CASE language WHEN 'it' THEN to_tsvector('sportello_italian'::regconfig, body_text) WHEN 'en' THEN to_tsvector('sportello_english'::regconfig, body_text) ELSE to_tsvector('sportello_simple'::regconfig, body_text) END`,
    ),
  },
  (table) => [
    index('messages_ticket_idx').on(table.ticketId, table.createdAt),
    // One mail, one message (migration 0022): the intake's dedupe made a constraint.
    uniqueIndex('messages_email_message_id_unique')
      .on(table.emailMessageId)
      .where(sql`${table.emailMessageId} IS NOT NULL`),
    index('messages_search_idx').using('gin', table.search),
  ],
);

/** Every column but the search vector, which no read needs to carry back. */
const { search: _ticketSearch, ...ticketColumnsWithoutSearch } = getTableColumns(tickets);
export const ticketColumns = ticketColumnsWithoutSearch;
const { search: _messageSearch, ...messageColumnsWithoutSearch } = getTableColumns(messages);
export const messageColumns = messageColumnsWithoutSearch;
export type MessageRow = Omit<typeof messages.$inferSelect, 'search'>;
export type TicketRecord = Omit<typeof tickets.$inferSelect, 'search'>;
