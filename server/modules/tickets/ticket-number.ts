/**
 * Human ticket numbers: `YYYY-NNNNNN`, the year of creation in the desk's time zone and a per-year
 * sequence of at least six digits (it grows past 999999 rather than wrapping). Unique, increasing,
 * not gapless (DESIGN §2 asks for a per-year sequence; ADR 0013). The number is taken by
 * `ticket_number_next(year)` (migration 0023) in a new ticket's facts read (ticket-creation.ts).
 */
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
