/** Tables owned by the catalog module: services and their categories. */
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { groups } from '../identity/identity.schema.js';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

const defaultGroups = {
  defaultLevel1GroupId: uuid('default_level1_group_id').references(() => groups.id),
  defaultLevel2GroupId: uuid('default_level2_group_id').references(() => groups.id),
};

export const services = pgTable('services', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  ...defaultGroups,
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  ...timestamps,
});

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    serviceId: uuid('service_id').references(() => services.id),
    ...defaultGroups,
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [index('categories_service_idx').on(table.serviceId)],
);
