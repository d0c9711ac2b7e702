/**
 * Human ticket numbers: `YYYY-NNNNNN`, the year of creation in the desk's time zone and a per-year
 * counter of at least six digits (it grows past 999999 rather than wrapping).
 */
import { sql } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';

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

/** Takes the next number of the year; the row lock serialises concurrent creations. */
export async function nextTicketNumber(tx: Transaction, now: Date): Promise<string> {
  const year = yearInDeskTimeZone(now);
  const result = await tx.execute<{ last_value: number }>(sql`
    INSERT INTO ticket_number_sequences (year, last_value) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_value = ticket_number_sequences.last_value + 1
    RETURNING last_value`);
  return formatTicketNumber(year, Number(result.rows[0]!.last_value));
}
