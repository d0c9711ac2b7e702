/**
 * Human ticket numbers: `YYYY-NNNNNN`, the year of creation in the desk's time zone and a per-year
 * counter of at least six digits (it grows past 999999 rather than wrapping).
 */
import { sql, type SQL } from 'drizzle-orm';

export const DESK_TIME_ZONE = 'Europe/Rome';

// Made once: building an Intl.DateTimeFormat costs about a millisecond, more than the rest of the
// ticket number.
const deskYear = new Intl.DateTimeFormat('en', { timeZone: DESK_TIME_ZONE, year: 'numeric' });

export function yearInDeskTimeZone(instant: Date): number {
  return Number(deskYear.format(instant));
}

export function formatTicketNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The statement that takes the next number of the year, returning it as `last_value`; the row lock
 * it takes serialises concurrent creations until commit, so it runs last (ticket-creation.ts).
 */
export function nextNumberStatement(year: number): SQL {
  return sql`
    INSERT INTO ticket_number_sequences (year, last_value) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_value = ticket_number_sequences.last_value + 1
    RETURNING last_value`;
}
