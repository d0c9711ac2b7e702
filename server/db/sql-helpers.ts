/** Small SQL building blocks shared by repositories. */
import { createHash } from 'node:crypto';
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/**
 * The name of a named (prepared) statement for `text`: a connection binds a name to one text, so
 * statements whose text varies (the number of ids in an array, the filters given) are named by it.
 */
export function statementName(purpose: string, text: string): string {
  return `${purpose}-${createHash('sha1').update(text).digest('base64url')}`;
}

/** `%term%` for ILIKE, with the user's own % and _ taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Byte-order comparison, identical on PGlite (collation C) and PostgreSQL (any locale), so that
 * sorting and cursors agree on both databases (DESIGN §3b).
 */
export function byteOrder(column: AnyColumn): SQL {
  return sql`${column} COLLATE "C"`;
}

/** Rows strictly after (sortValue, id) in ascending byte order: keyset pagination. */
export function afterKey(column: AnyColumn, idColumn: AnyColumn, sortValue: string, id: string): SQL {
  return sql`(${column} COLLATE "C", ${idColumn}) > (${sortValue} COLLATE "C", ${id}::uuid)`;
}

/** True when a PostgreSQL error is a unique violation (e.g. two requests racing for one address). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // Drizzle wraps the driver's error in a DrizzleQueryError; the SQLSTATE is on its `cause`.
  const { code, cause } = error as { code?: string; cause?: unknown };
  return code === '23505' || (cause !== error && isUniqueViolation(cause));
}
