import { useCallback, useState } from 'react';
import { defaultPageSize } from '../api/pagination';

/**
 * Previous/next paging over the API's opaque cursors: a stack of the cursors that opened each page
 * seen so far. Changing `filterKey` (search text, filters) starts again from the first page.
 * Spread `page` into the list query (`useUsers({ ...filters, ...pagination.page })`) and hand the
 * result to `ResourceTable`, or to `CursorPager` where a screen draws its own list.
 */
export function useCursorPagination(filterKey: string) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [currentFilterKey, setCurrentFilterKey] = useState(filterKey);
  if (currentFilterKey !== filterKey) {
    // Adjusting state while rendering (React's documented pattern) avoids showing a stale page first.
    setCurrentFilterKey(filterKey);
    setCursors([undefined]);
  }

  const goToNextPage = useCallback((nextCursor: string) => setCursors((stack) => [...stack, nextCursor]), []);
  const goToPreviousPage = useCallback(
    () => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    [],
  );

  const cursor = cursors[cursors.length - 1];
  return {
    cursor,
    /** The paging part of the list request: the default page size and the current cursor. */
    page: { limit: defaultPageSize, cursor },
    pageNumber: cursors.length,
    hasPreviousPage: cursors.length > 1,
    goToNextPage,
    goToPreviousPage,
  };
}

export type CursorPagination = ReturnType<typeof useCursorPagination>;
