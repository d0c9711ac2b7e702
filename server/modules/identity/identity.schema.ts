/**
 * Tables owned by the identity module: organisations and their contacts (customers), staff users
 * and groups, the email addresses of both, and the secrets that authenticate them.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const staffRole = pgEnum('staff_role', ['admin', 'supervisor', 'agent']);
export const language = pgEnum('language', ['it', 'en']);
export const channel = pgEnum('channel', ['email', 'portal', 'phone', 'web_form', 'api']);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    domains: text('domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    segment: text('segment'),
    region: text('region'),
    language: language('language').notNull().default('it'),
    preferredChannel: channel('preferred_channel').notNull().default('email'),
    sharesTickets: boolean('shares_tickets').notNull().default(false),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [index('organizations_domains_idx').using('gin', table.domains)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    name: text('name').notNull(),
    phone: text('phone'),
    language: language('language'),
    preferredChannel: channel('preferred_channel'),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index('contacts_organization_idx').on(table.organizationId),
    // Search by any part of the name or phone (migration 0018).
    index('contacts_name_trgm_idx').using('gin', table.name.op('gin_trgm_ops')),
    index('contacts_phone_trgm_idx').using('gin', table.phone.op('gin_trgm_ops')),
  ],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  role: staffRole('role').notNull(),
  language: language('language').notNull().default('it'),
  passwordHash: text('password_hash'),
  active: boolean('active').notNull().default(true),
  away: boolean('away').notNull().default(false),
  version: integer('version').notNull().default(1),
  ...timestamps,
});

/** An email address belongs to exactly one account, staff or contact (DESIGN §2). */
export const emailAddresses = pgTable(
  'email_addresses',
  {
    address: text('address').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    /** 0 is the primary address. */
    position: smallint('position').notNull().default(0),
  },
  (table) => [
    check('email_addresses_one_owner', sql`(${table.userId} IS NULL) <> (${table.contactId} IS NULL)`),
    check('email_addresses_lower_case', sql`${table.address} = lower(${table.address})`),
    index('email_addresses_user_idx').on(table.userId),
    index('email_addresses_contact_idx').on(table.contactId),
    index('email_addresses_address_trgm_idx').using('gin', table.address.op('gin_trgm_ops')),
  ],
);

export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    supportLevel: smallint('support_level').notNull(),
    /** How tickets arriving in the group get their assignee (away members are skipped). */
    assignmentMode: text('assignment_mode', { enum: ['manual', 'round_robin', 'least_open'] })
      .notNull()
      .default('manual'),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    check('groups_support_level', sql`${table.supportLevel} IN (1, 2)`),
    check('groups_assignment_mode', sql`${table.assignmentMode} IN ('manual', 'round_robin', 'least_open')`),
    uniqueIndex('groups_name_idx').on(table.name),
  ],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.userId] }), index('group_members_user_idx').on(table.userId)],
);

const accountColumns = {
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
};

/** Browser sessions; the cookie holds the secret, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    ...accountColumns,
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_idx').on(table.tokenHash),
    check('sessions_one_account', sql`(${table.userId} IS NULL) <> (${table.contactId} IS NULL)`),
  ],
);

/** Personal access tokens for scripts and integrations (Authorization: Bearer). */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    name: text('name').notNull(),
    ...accountColumns,
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('access_tokens_token_hash_idx').on(table.tokenHash),
    check('access_tokens_one_account', sql`(${table.userId} IS NULL) <> (${table.contactId} IS NULL)`),
  ],
);

/** Emailed one-time links: invitations and password resets. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    ...accountColumns,
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('one_time_tokens_token_hash_idx').on(table.tokenHash),
    check('one_time_tokens_one_account', sql`(${table.userId} IS NULL) <> (${table.contactId} IS NULL)`),
    check('one_time_tokens_purpose', sql`${table.purpose} IN ('invitation', 'password_reset')`),
  ],
);
