/**
 * Time worked on tickets: staff log minutes on the tickets they can see (closed ones too: work is
 * often recorded after), read a ticket's entries with its totals per agent, and change or remove
 * entries under optimistic concurrency. Which tickets a caller sees is the tickets module's call.
 */
import { eq } from 'drizzle-orm';
import {
  deskDayOf,
  type AgentTimeEntries,
  type TicketTimeEntries,
  type TimeEntry,
} from '../../../contracts/time-tracking.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound, validationFailed, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { authorizeEntryChange, staffActor, summaryUserOf, timeEntryAbilities } from './time-tracking.policy.js';
import { findEntry, minutesByAgent, pageOfEntries, totalMinutes, type EntryRow } from './time-tracking.repo.js';
import { timeEntries } from './time-tracking.schema.js';

/** What this module needs from the tickets module, handed in by server.ts. */
export interface TimeTrackingCollaborators {
  tickets: {
    /** The ticket as the caller may see it; throws 404 TICKET_NOT_FOUND when they may not. */
    getTicket(context: Context, id: string): Promise<{ id: string }>;
  };
}

export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}

export interface LogTimeInput {
  minutes: number;
  workedOn?: string | undefined;
  note?: string | null | undefined;
}

export interface ChangeTimeEntryInput {
  version: number;
  minutes?: number | undefined;
  workedOn?: string | undefined;
  note?: string | null | undefined;
}

export interface AgentEntriesQuery extends PageQuery {
  userId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const entryNotFound = () => notFound('TIME_ENTRY_NOT_FOUND', 'No such time entry');

/** An empty note is no note. */
const noteOf = (note: string | null | undefined) => (note ? note : null);

/** Work is recorded after it is done: a day after today (in Rome) is a mistake. */
function assertNotInTheFuture(context: Context, workedOn: string): void {
  if (workedOn > deskDayOf(context.now)) {
    throw validationFailed([{ path: 'body.workedOn', message: 'The day the work was done cannot be in the future' }]);
  }
}

function present(context: Context, { entry, user, ticket }: EntryRow): TimeEntry {
  return {
    id: entry.id,
    ticket,
    user,
    minutes: entry.minutes,
    workedOn: entry.workedOn,
    note: entry.note,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    version: entry.version,
    abilities: timeEntryAbilities(context.actor, entry.userId),
  };
}

export function createTimeTracking(deps: Dependencies, collaborators: TimeTrackingCollaborators) {
  const { database } = deps;

  /** The entry, if the caller may see its ticket; otherwise, as for a missing one, 404. */
  async function loadVisibleEntry(context: Context, id: string): Promise<EntryRow> {
    staffActor(context.actor);
    const row = await findEntry(database.orm, id);
    if (!row) throw entryNotFound();
    try {
      await collaborators.tickets.getTicket(context, row.ticket.id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'TICKET_NOT_FOUND') throw entryNotFound();
      throw error;
    }
    return row;
  }

  return {
    async listTicketEntries(context: Context, ticketId: string, query: PageQuery): Promise<TicketTimeEntries> {
      staffActor(context.actor);
      await collaborators.tickets.getTicket(context, ticketId);
      const filters = { ticketId };
      const page = await pageOfEntries(database.orm, filters, query);
      return {
        items: page.items.map((row) => present(context, row)),
        nextCursor: page.nextCursor,
        totalMinutes: await totalMinutes(database.orm, filters),
        byAgent: await minutesByAgent(database.orm, filters),
      };
    },

    /** Logs the caller's own time; the ticket may be in any status. */
    async logTime(context: Context, ticketId: string, input: LogTimeInput): Promise<TimeEntry> {
      const author = staffActor(context.actor);
      // Read before the transaction: on the embedded database a transaction holds the one connection.
      await collaborators.tickets.getTicket(context, ticketId);
      const workedOn = input.workedOn ?? deskDayOf(context.now);
      assertNotInTheFuture(context, workedOn);
      return database.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(timeEntries)
          .values({
            ticketId,
            userId: author.id,
            minutes: input.minutes,
            workedOn,
            note: noteOf(input.note),
            createdAt: context.now,
            updatedAt: context.now,
          })
          .returning({ id: timeEntries.id });
        return present(context, (await findEntry(tx, inserted!.id))!);
      });
    },

    async changeEntry(context: Context, id: string, input: ChangeTimeEntryInput): Promise<TimeEntry> {
      const visible = await loadVisibleEntry(context, id);
      authorizeEntryChange(context.actor, visible.entry.userId, 'update');
      if (input.workedOn !== undefined) assertNotInTheFuture(context, input.workedOn);
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(timeEntries).where(eq(timeEntries.id, id)).for('update');
        if (!current) throw entryNotFound();
        if (current.version !== input.version) throw versionConflict('TIME_ENTRY_VERSION_CONFLICT', current.version);
        await tx
          .update(timeEntries)
          .set({
            ...(input.minutes !== undefined && { minutes: input.minutes }),
            ...(input.workedOn !== undefined && { workedOn: input.workedOn }),
            ...(input.note !== undefined && { note: noteOf(input.note) }),
            version: current.version + 1,
            updatedAt: context.now,
          })
          .where(eq(timeEntries.id, id));
        return present(context, (await findEntry(tx, id))!);
      });
    },

    async removeEntry(context: Context, id: string): Promise<void> {
      const visible = await loadVisibleEntry(context, id);
      authorizeEntryChange(context.actor, visible.entry.userId, 'delete');
      const removed = await database.orm
        .delete(timeEntries)
        .where(eq(timeEntries.id, id))
        .returning({ id: timeEntries.id });
      if (removed.length === 0) throw entryNotFound();
    },

    /** One agent's time over a range of work days: the caller's own, or anyone's for managers. */
    async listAgentEntries(context: Context, query: AgentEntriesQuery): Promise<AgentTimeEntries> {
      const filters = { userId: summaryUserOf(context.actor, query.userId), from: query.from, to: query.to };
      const page = await pageOfEntries(database.orm, filters, query);
      return {
        items: page.items.map((row) => present(context, row)),
        nextCursor: page.nextCursor,
        totalMinutes: await totalMinutes(database.orm, filters),
      };
    },
  };
}

export type TimeTracking = ReturnType<typeof createTimeTracking>;
