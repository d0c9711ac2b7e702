/**
 * Cursor pagination (DESIGN §4): the cursor is the sort key of the last row of a page, opaque to
 * clients. A cursor that does not decode is a 400, never a 500: every value of a cursor reaches the
 * database as a parameter, so each is checked to be one PostgreSQL reads as its column's type.
 */
import { AppError } from './app-error.js';

/** A position in a list sorted by (sort value, id). */
export type CursorKey = [sortValue: string, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The answer to a cursor this API could not have written (the field is named for the client). */
export function invalidCursor(): AppError {
  return new AppError(400, 'INVALID_CURSOR', 'The cursor is not one this API returned', {
    fields: [{ path: 'querystring.cursor', message: 'Invalid cursor' }],
  });
}

/** A uuid as PostgreSQL writes it: anything else (36 hyphens, 36 hex digits) fails its cast. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text PostgreSQL can hold: a NUL character fails as a parameter ("invalid byte sequence"). */
export const isText = (value: string): boolean => !value.includes('\u0000');

/**
 * `isSortValue`: whether the sort value is one the list could have put there (a timestamp, a
 * priority…); without it, a forged cursor's value reaches the database as a bad cast (a 500). By
 * default any text (names, sorted as text).
 */
export function decodeCursor(cursor: string, isSortValue: (value: string) => boolean = isText): CursorKey {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    Array.isArray(values) &&
    values.length === 2 &&
    typeof values[0] === 'string' &&
    typeof values[1] === 'string' &&
    UUID.test(values[1]) &&
    isSortValue(values[0])
  ) {
    return [values[0], values[1]];
  }
  throw invalidCursor();
}

/** A list sorted by a timestamp, then id: the cursor's instant as a date. */
export function decodeInstantCursor(cursor: string): [instant: Date, id: string] {
  const [value, id] = decodeCursor(cursor, isIsoInstant);
  return [new Date(value), id];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A timestamp as the lists write it in their cursors (`Date.toISOString()`), in years 1–9999:
 * PostgreSQL has no year 0 and does not read `toISOString`'s six-digit years (±YYYYYY).
 */
export function isIsoInstant(value: string): boolean {
  if (!ISO_INSTANT.test(value) || value.startsWith('0000')) return false;
  // Written back identically: not just its shape (V8 reads 31 February as 3 March).
  const instant = new Date(value);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === value;
}

/** A calendar date as `YYYY-MM-DD` (a `date` column read as text), in years 1–9999. */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && isIsoInstant(`${value}T00:00:00.000Z`);
}

/** Splits `limit + 1` rows into a page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  cursorOf: (row: Row) => CursorKey,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}
