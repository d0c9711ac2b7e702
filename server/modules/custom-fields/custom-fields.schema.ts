/**
 * Tables owned by the custom-fields module: the admin-managed definitions of typed ticket fields.
 * The values live on the ticket itself (`tickets.custom_fields`, jsonb keyed by definition key).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const customFieldType = pgEnum('custom_field_type', [
  'text',
  'textarea',
  'number',
  'date',
  'boolean',
  'select',
  'multiselect',
]);

/** One choice of a select or multiselect field: the stored value and its label in both languages. */
export interface CustomFieldOptionRecord {
  value: string;
  labelIt: string;
  labelEn: string;
}

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The slug values are stored under (`tickets.custom_fields->key`) and filtered by: never changes. */
    key: text('key').notNull(),
    labelIt: text('label_it').notNull(),
    labelEn: text('label_en').notNull(),
    /** Fixed at creation: stored values keep meaning what they meant. */
    type: customFieldType('type').notNull(),
    options: jsonb('options').$type<CustomFieldOptionRecord[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    /** Shown to and set by customers in the portal; otherwise the field is the staff's alone. */
    visibleToCustomer: boolean('visible_to_customer').notNull().default(false),
    ticketTypes: text('ticket_types', { enum: ['incident', 'service_request'] })
      .array()
      .notNull()
      .default(sql`'{incident,service_request}'::text[]`),
    /** Empty: every service (and tickets without one); otherwise only tickets of these services. */
    serviceIds: uuid('service_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('custom_field_definitions_key_idx').on(table.key),
    index('custom_field_definitions_position_idx').on(table.position, table.key),
    check('custom_field_definitions_key_format', sql`${table.key} ~ '^[a-z][a-z0-9_]{0,49}$'`),
    check(
      'custom_field_definitions_ticket_types',
      sql`${table.ticketTypes} <@ ARRAY['incident', 'service_request']::text[] AND cardinality(${table.ticketTypes}) > 0`,
    ),
  ],
);

export type CustomFieldDefinitionRecord = typeof customFieldDefinitions.$inferSelect;
