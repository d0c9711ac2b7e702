import { Checkbox, Paper, Table, type TableTdProps, type TableThProps } from '@mantine/core';
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

/** Row checkboxes for bulk actions: which rows are selected, and how a row and the page are named. */
export interface RowSelection<T> {
  selectedIds: ReadonlySet<string>;
  /** Called with the rows to select or unselect (one row, or the whole page). */
  onToggle: (items: T[], selected: boolean) => void;
  /** Accessible name of a row's checkbox, e.g. "Select 2026-000123". */
  rowLabel: (item: T) => string;
  /** Accessible name of the header checkbox, e.g. "Select all on this page". */
  pageLabel: string;
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
  /** A leading checkbox per row and one for the page (bulk actions). */
  selection?: RowSelection<T>;
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
  selection,
}: ResourceTableProps<T>) {
  const columnCount = columns.length + (selection ? 1 : 0);
  const pageItems = query.data?.items ?? [];
  const selectedOnPage = selection ? pageItems.filter((item) => selection.selectedIds.has(item.id)).length : 0;
  return (
    <>
      <ApiErrorAlert error={query.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={minWidth}>
          <Table highlightOnHover verticalSpacing={verticalSpacing} aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                {selection && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={selection.pageLabel}
                      checked={pageItems.length > 0 && selectedOnPage === pageItems.length}
                      indeterminate={selectedOnPage > 0 && selectedOnPage < pageItems.length}
                      disabled={pageItems.length === 0}
                      onChange={(event) => selection.onToggle(pageItems, event.currentTarget.checked)}
                    />
                  </Table.Th>
                )}
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
                <Table.Tr
                  key={item.id}
                  bg={selection?.selectedIds.has(item.id) ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  {selection && (
                    <Table.Td w={40}>
                      <Checkbox
                        aria-label={selection.rowLabel(item)}
                        checked={selection.selectedIds.has(item.id)}
                        onChange={(event) => selection.onToggle([item], event.currentTarget.checked)}
                      />
                    </Table.Td>
                  )}
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
