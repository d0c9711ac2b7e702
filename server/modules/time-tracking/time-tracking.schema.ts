/** Tables owned by the time-tracking module: the minutes staff log on tickets. */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

/** One stretch of work by one agent on one ticket, counted on the day it was done (Europe/Rome). */
export const timeEntries = pgTable(
  'time_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Who did the work; staff accounts are deactivated, never deleted, so their time stays. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    minutes: integer('minutes').notNull(),
    workedOn: date('worked_on', { mode: 'string' }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    // At most a whole day (24 × 60 minutes) per entry.
    check('time_entries_minutes', sql`${table.minutes} > 0 AND ${table.minutes} <= 1440`),
    index('time_entries_ticket_idx').on(table.ticketId, table.workedOn),
    index('time_entries_user_idx').on(table.userId, table.workedOn),
  ],
);
