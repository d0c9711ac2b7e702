/**
 * Human ticket numbers: `YYYY-NNNNNN`, the year of creation in the desk's time zone and a per-year
 * sequence of at least six digits (it grows past 999999 rather than wrapping). Unique, increasing,
 * not gapless (DESIGN §2 asks for a per-year sequence; ADR 0013).
 */
import { sql, type SQL } from 'drizzle-orm';

export const DESK_TIME_ZONE = 'Europe/Rome';

// Made once: building an Intl.DateTimeFormat costs about a millisecond, more than the rest of the
// ticket number.
const deskYear = new Intl.DateTimeFormat('en', { timeZone: DESK_TIME_ZONE, year: 'numeric' });

// The desk's offsets from UTC are whole hours, so its new year begins on a UTC hour: the year of
// an hour is formatted once (formatting costs ≈ 0.1 ms, on every ticket created).
const HOUR_MS = 3_600_000;
let lastHour: { hour: number; year: number } | null = null;

export function yearInDeskTimeZone(instant: Date): number {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (lastHour?.hour !== hour) lastHour = { hour, year: Number(deskYear.format(instant)) };
  return lastHour.year;
}

export function formatTicketNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The next number of the year, as `last_value`: `nextval` on the year's sequence, made by the first
 * ticket of the year (migration 0023, ADR 0013). No lock is held until commit, so concurrent
 * creations do not wait for each other; a rolled-back creation leaves a gap in the year's numbers.
 */
export function nextNumberStatement(year: number): SQL {
  return sql`SELECT ticket_number_next(${year}::int) AS last_value`;
}
