/**
 * Cursor pagination (DESIGN §4): the cursor is the sort key of the last row of a page, opaque to
 * clients. A cursor that does not decode is a 400, never a 500.
 */
import { AppError } from './app-error.js';

/** A position in a list sorted by (sort value, id). */
export type CursorKey = [sortValue: string, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * `isSortValue`: whether the sort value is one the list could have put there (a timestamp, a
 * priority…); without it, a forged cursor's value reaches the database as a bad cast (a 500).
 */
export function decodeCursor(cursor: string, isSortValue: (value: string) => boolean = () => true): CursorKey {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === 2 &&
      values.every((value) => typeof value === 'string') &&
      /^[0-9a-f-]{36}$/i.test(values[1] as string) &&
      isSortValue(values[0] as string)
    ) {
      return values as CursorKey;
    }
  } catch {
    // fall through
  }
  throw new AppError(400, 'INVALID_CURSOR', 'The cursor is not one this API returned', {
    fields: [{ path: 'querystring.cursor', message: 'Invalid cursor' }],
  });
}

/** A timestamp as the lists write it in their cursors (`Date.toISOString()`). */
export function isIsoInstant(value: string): boolean {
  // Written back identically: not just its shape (V8 reads 31 February as 3 March).
  const instant = new Date(value);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === value;
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
