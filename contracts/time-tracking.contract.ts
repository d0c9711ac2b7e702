/**
 * Time worked on tickets: staff log minutes against a ticket, on the day the work was done; totals
 * per ticket and per agent. Customers never see time entries. (Billing rules come later.)
 */
import { z } from 'zod';
import { idSchema, pageSchema, paginationQuerySchema, timestampSchema, versionSchema } from './common.contract.js';

/** Work days are counted in the desk's time zone, whatever the browser's or the server's. */
export const DESK_TIME_ZONE = 'Europe/Rome';

/** One entry is at most a whole day of work. */
export const MAXIMUM_MINUTES_PER_ENTRY = 24 * 60;

const deskDayFormat = new Intl.DateTimeFormat('en', {
  timeZone: DESK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The desk's calendar day (YYYY-MM-DD, Europe/Rome) of an instant: the default `workedOn`. */
export function deskDayOf(instant: Date): string {
  const parts = Object.fromEntries(deskDayFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export const workDaySchema = z.iso.date().describe('A calendar day, YYYY-MM-DD, in the desk time zone (Europe/Rome)');

export const workedMinutesSchema = z
  .number()
  .int()
  .min(1)
  .max(MAXIMUM_MINUTES_PER_ENTRY)
  .describe(`Minutes worked, 1–${MAXIMUM_MINUTES_PER_ENTRY}`);

const noteSchema = z.string().trim().max(2000).describe('What was done; empty for none');

/** What the caller may do with this entry, decided by the server: its author, admins and supervisors. */
export const timeEntryAbilitiesSchema = z.object({ update: z.boolean(), delete: z.boolean() });
export type TimeEntryAbilities = z.infer<typeof timeEntryAbilitiesSchema>;

export const timeEntrySchema = z.object({
  id: idSchema,
  ticket: z.object({ id: idSchema, number: z.string(), subject: z.string() }),
  user: z.object({ id: idSchema, name: z.string() }).describe('Who did the work (who logged it)'),
  minutes: workedMinutesSchema,
  workedOn: workDaySchema.describe('The day the work was done (Europe/Rome)'),
  note: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
  abilities: timeEntryAbilitiesSchema,
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const createTimeEntryBodySchema = z.strictObject({
  minutes: workedMinutesSchema,
  workedOn: workDaySchema
    .optional()
    .describe('The day the work was done; today in Europe/Rome when left out; never in the future'),
  note: noteSchema.nullable().optional(),
});
export type CreateTimeEntryBody = z.input<typeof createTimeEntryBodySchema>;

export const updateTimeEntryBodySchema = z.strictObject({
  version: versionSchema,
  minutes: workedMinutesSchema.optional(),
  workedOn: workDaySchema.optional().describe('Never in the future'),
  note: noteSchema.nullable().optional(),
});
export type UpdateTimeEntryBody = z.input<typeof updateTimeEntryBodySchema>;

export const agentMinutesSchema = z.object({ userId: idSchema, name: z.string(), minutes: z.number().int() });
export type AgentMinutes = z.infer<typeof agentMinutesSchema>;

/** A ticket's entries, newest work first, a page at a time; the totals count every entry. */
export const ticketTimeEntriesSchema = pageSchema(timeEntrySchema).extend({
  totalMinutes: z.number().int().describe('All the time logged on the ticket'),
  byAgent: z.array(agentMinutesSchema).describe('Time logged on the ticket per agent, most first'),
});
export type TicketTimeEntries = z.infer<typeof ticketTimeEntriesSchema>;

export const listTimeEntriesQuerySchema = paginationQuerySchema
  .extend({
    userId: idSchema
      .optional()
      .describe(
        'Whose entries; yourself when left out. Agents may ask only for their own, admins and supervisors for anyone',
      ),
    from: workDaySchema.optional().describe('First work day included'),
    to: workDaySchema.optional().describe('Last work day included'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'The last day comes before the first',
  });
export type ListTimeEntriesQuery = z.input<typeof listTimeEntriesQuerySchema>;

/** One agent's entries in a range of work days, newest first, with the total of the whole range. */
export const agentTimeEntriesSchema = pageSchema(timeEntrySchema).extend({
  totalMinutes: z.number().int().describe('All the time logged by the agent in the range'),
});
export type AgentTimeEntries = z.infer<typeof agentTimeEntriesSchema>;
