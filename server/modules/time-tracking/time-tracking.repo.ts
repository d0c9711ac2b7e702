/**
 * SQL of the time-tracking module: entries with their author's name and their ticket's number,
 * newest work first, and the sums the totals are made of.
 */
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { AgentMinutes } from '../../../contracts/time-tracking.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { decodeCursor, isIsoDate, isIsoInstant, toPage } from '../../http/pagination.js';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';
import { timeEntries } from './time-tracking.schema.js';

export type Queryable = Dependencies['database']['orm'] | Transaction;

export interface EntryFilters {
  ticketId?: string | undefined;
  userId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const minutesSum = sql<number>`coalesce(sum(${timeEntries.minutes}), 0)::int`.mapWith(Number);

function selectEntryRows(db: Queryable) {
  return db
    .select({
      entry: timeEntries,
      user: { id: users.id, name: users.name },
      ticket: { id: tickets.id, number: tickets.number, subject: tickets.subject },
    })
    .from(timeEntries)
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .innerJoin(tickets, eq(tickets.id, timeEntries.ticketId));
}
export type EntryRow = Awaited<ReturnType<typeof selectEntryRows>>[number];

function conditionsOf(filters: EntryFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.ticketId) conditions.push(eq(timeEntries.ticketId, filters.ticketId));
  if (filters.userId) conditions.push(eq(timeEntries.userId, filters.userId));
  if (filters.from) conditions.push(gte(timeEntries.workedOn, filters.from));
  if (filters.to) conditions.push(lte(timeEntries.workedOn, filters.to));
  return conditions;
}

export async function findEntry(db: Queryable, id: string): Promise<EntryRow | undefined> {
  const [row] = await selectEntryRows(db).where(eq(timeEntries.id, id));
  return row;
}

/**
 * The cursor's sort value is "work day|creation instant": entries are listed by the day the work
 * was done, and within a day by when they were logged.
 */
const cursorValueOf = (row: EntryRow) => `${row.entry.workedOn}|${row.entry.createdAt.toISOString()}`;

function afterCursor(cursor: string): SQL {
  const [sortValue, id] = decodeCursor(cursor, (value) => {
    const parts = value.split('|');
    return parts.length === 2 && isIsoDate(parts[0]!) && isIsoInstant(parts[1]!);
  });
  const [workedOn, createdAt] = sortValue.split('|');
  return sql`(${timeEntries.workedOn}, ${timeEntries.createdAt}, ${timeEntries.id}) < (${workedOn}::date, ${createdAt}::timestamptz, ${id}::uuid)`;
}

/** One page of entries, newest work first. */
export async function pageOfEntries(
  db: Queryable,
  filters: EntryFilters,
  page: { limit: number; cursor?: string | undefined },
) {
  const conditions = conditionsOf(filters);
  if (page.cursor) conditions.push(afterCursor(page.cursor));
  const rows = await selectEntryRows(db)
    .where(and(...conditions))
    .orderBy(desc(timeEntries.workedOn), desc(timeEntries.createdAt), desc(timeEntries.id))
    .limit(page.limit + 1);
  return toPage(
    rows,
    page.limit,
    (row) => row,
    (row) => [cursorValueOf(row), row.entry.id],
  );
}

export async function totalMinutes(db: Queryable, filters: EntryFilters): Promise<number> {
  const [row] = await db
    .select({ minutes: minutesSum })
    .from(timeEntries)
    .where(and(...conditionsOf(filters)));
  return row?.minutes ?? 0;
}

/** Minutes per agent, most first (ties by name, in byte order like every list). */
export async function minutesByAgent(db: Queryable, filters: EntryFilters): Promise<AgentMinutes[]> {
  return db
    .select({ userId: users.id, name: users.name, minutes: minutesSum })
    .from(timeEntries)
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .where(and(...conditionsOf(filters)))
    .groupBy(users.id, users.name)
    .orderBy(desc(minutesSum), sql`${users.name} COLLATE "C"`, users.id);
}
