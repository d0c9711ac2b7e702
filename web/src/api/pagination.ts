import type { Page } from '../../../contracts/common.contract';

/** Page size used by every list screen. */
export const defaultPageSize = 25;

/** Largest page the API accepts (paginationQuerySchema): used where a screen needs a whole set. */
export const maximumPageSize = 200;

/**
 * Walks every page of a cursor-paginated list. For small reference sets only (groups for a select,
 * staff for the team report); `maximumPages` stops a runaway loop if a cursor never ends.
 */
export async function fetchAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maximumPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pageNumber = 0; pageNumber < maximumPages; pageNumber += 1) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}
