import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { TicketView } from '../../../../../contracts/tickets.contract';
import type { TicketFilters } from '../tickets.queries';
import { deskTimeZone } from '../../../i18n/format';
import { isTicketView, ticketSortValues, type TicketSort } from '../ticket-labels';

/** The filters kept in the address bar, so a view can be bookmarked, shared and come back with Back. */
export const filterParamNames = [
  'q',
  'status',
  'priority',
  'level',
  'groupId',
  'assigneeId',
  'serviceId',
  'organizationId',
  'tag',
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
] as const;
export type FilterParamName = (typeof filterParamNames)[number];
/** A custom field filter in the address bar and the API query: `cf.<key>=value`. */
export type CustomFieldParamName = `cf.${string}`;
export type FilterValues = Record<FilterParamName, string> & { [name: CustomFieldParamName]: string };

const isCustomFieldParam = (name: string): name is CustomFieldParamName => name.startsWith('cf.');

/** `view=all` lists every ticket the agent may see (with search and filters, closed ones included). */
export type WorkspaceView = TicketView | 'all';

const defaultView: WorkspaceView = 'my';
const dayParams: Partial<Record<FilterParamName, (day: string) => string | undefined>> = {
  createdFrom: deskDayStart,
  createdTo: deskDayEnd,
  updatedFrom: deskDayStart,
  updatedTo: deskDayEnd,
};

export function useTicketSearchParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const rawView = searchParams.get('view');
  const view: WorkspaceView = rawView === 'all' || isTicketView(rawView) ? rawView : defaultView;
  const rawSort = searchParams.get('sort');
  const sort: TicketSort = ticketSortValues.find((value) => value === rawSort) ?? 'updated_desc';
  const values = Object.fromEntries([
    ...filterParamNames.map((name) => [name, searchParams.get(name) ?? '']),
    ...[...searchParams.entries()].filter(([name]) => isCustomFieldParam(name)),
  ]) as FilterValues;
  const customFieldParams = Object.keys(values).filter(isCustomFieldParam);

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(changes)) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );

  const clearFilters = () =>
    update(Object.fromEntries([...filterParamNames, ...customFieldParams].map((name) => [name, null])));
  const activeFilterCount =
    filterParamNames.filter((name) => name !== 'q' && values[name]).length +
    customFieldParams.filter((name) => values[name]).length;

  return { view, sort, values, update, clearFilters, activeFilterCount };
}

/** The query of `GET /tickets` for the chosen view, sort and filters (days become Rome instants). */
export function ticketFiltersOf(view: WorkspaceView, sort: TicketSort, values: FilterValues): TicketFilters {
  const filters: TicketFilters = { sort };
  if (view !== 'all') filters.view = view;
  for (const name of filterParamNames) {
    const value = values[name].trim();
    if (!value) continue;
    const toInstant = dayParams[name];
    const converted = toInstant ? toInstant(value) : value;
    if (converted) filters[name] = converted;
  }
  for (const name of Object.keys(values).filter(isCustomFieldParam)) {
    if (values[name]) filters[name] = values[name];
  }
  return filters;
}

/**
 * Date filters are days in the desk's time zone (a `YYYY-MM-DD` from a date input); the API wants
 * instants. A day runs from its midnight in Rome to the last millisecond before the next one.
 */
function deskDayStart(day: string): string | undefined {
  if (!isDay(day)) return undefined;
  // 00:00 UTC is 01:00 or 02:00 in Rome: before any daylight-saving switch (made at 02:00/03:00).
  return `${day}T00:00:00.000${offsetAt(`${day}T00:00:00Z`)}`;
}

function deskDayEnd(day: string): string | undefined {
  if (!isDay(day)) return undefined;
  // 21:00 UTC is late evening in Rome: after that day's switch, if any.
  return `${day}T23:59:59.999${offsetAt(`${day}T21:00:00Z`)}`;
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: deskTimeZone, timeZoneName: 'longOffset' });

/** `+01:00` or `+02:00` for Rome at that instant. */
function offsetAt(instant: string): string {
  const zoneName = offsetFormat.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value;
  const offset = zoneName?.replace('GMT', '') ?? '';
  return /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '+00:00';
}
