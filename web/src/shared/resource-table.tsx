import { Paper, Table, type TableTdProps, type TableThProps } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Page } from '../../../contracts/common.contract';
import { ApiErrorAlert } from './api-error-alert';
import { CursorPager } from './cursor-pager';
import { TableEmptyRow, TableLoadingRow } from './table-rows';
import type { CursorPagination } from './use-cursor-pagination';

/**
 * One column of a `ResourceTable`: its header and how a record fills its cell. Keep the definitions
 * next to the screen that shows them; a column is dropped by leaving it out of the array.
 */
export interface ResourceColumn<T> {
  /** Stable name of the column: the React key of its cells (and the field a sortable header will sort by). */
  key: string;
  /** Header text; leave it out for a column of row actions. */
  header?: ReactNode;
  cell: (item: T) => ReactNode;
  /** Props of the header cell (width, alignment). */
  headerProps?: TableThProps;
  /** Props of every body cell of the column (alignment, wrapping, width). */
  cellProps?: TableTdProps;
}

/** The part of a TanStack list query the table reads: one page of the API's cursor pagination. */
export interface PageQuery<T> {
  data: Page<T> | undefined;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
}

interface ResourceTableProps<T extends { id: string }> {
  columns: readonly ResourceColumn<T>[];
  /** The list query of the current page, e.g. `useUsers({ ...filters, ...pagination.page })`. */
  query: PageQuery<T>;
  pagination: CursorPagination;
  /** Shown in place of the rows when the page is empty (for these filters). */
  emptyMessage: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Accessible name of the table, where the page has more than one or no heading says what it lists. */
  label?: string;
  verticalSpacing?: 'xs' | 'sm';
}

/**
 * A page of records from a cursor-paginated list: error banner, bordered table with a loading row
 * and an empty row, previous/next below. Use it for every list screen (directory, outbox, tickets);
 * the page keeps its filters and builds the query, the table only draws what the query holds.
 *
 * Rows and headers are drawn from `columns` alone, and the number of columns is counted in one
 * place, so a leading selection checkbox (bulk actions) and sortable headers can be added here as
 * optional props without changing the screens that do not use them.
 */
export function ResourceTable<T extends { id: string }>({
  columns,
  query,
  pagination,
  emptyMessage,
  minWidth,
  label,
  verticalSpacing = 'sm',
}: ResourceTableProps<T>) {
  const columnCount = columns.length;
  return (
    <>
      <ApiErrorAlert error={query.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={minWidth}>
          <Table highlightOnHover verticalSpacing={verticalSpacing} aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column.key} {...column.headerProps}>
                    {column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending && <TableLoadingRow columns={columnCount} />}
              {query.data?.items.length === 0 && <TableEmptyRow columns={columnCount} message={emptyMessage} />}
              {query.data?.items.map((item) => (
                <Table.Tr key={item.id}>
                  {columns.map((column) => (
                    <Table.Td key={column.key} {...column.cellProps}>
                      {column.cell(item)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <CursorPager
        pageNumber={pagination.pageNumber}
        hasPreviousPage={pagination.hasPreviousPage}
        nextCursor={query.data?.nextCursor}
        onNextPage={pagination.goToNextPage}
        onPreviousPage={pagination.goToPreviousPage}
        loading={query.isFetching}
      />
    </>
  );
}
