import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateTimeEntryBody,
  TicketTimeEntries,
  TimeEntry,
  UpdateTimeEntryBody,
} from '../../../../contracts/time-tracking.contract';
import { api } from '../../api/api-client';

/** Query keys of the time-tracking feature, from one factory: `all` refreshes every total and list. */
export const timeEntryKeys = {
  all: ['time-tracking'] as const,
  tickets: () => [...timeEntryKeys.all, 'ticket'] as const,
  ticket: (ticketId: string) => [...timeEntryKeys.tickets(), ticketId] as const,
  ticketPage: (ticketId: string, page: { limit: number; cursor?: string | undefined }) =>
    [...timeEntryKeys.ticket(ticketId), page] as const,
};

/** A ticket's entries, a page at a time, with the ticket's totals (all entries, per agent). */
export function useTicketTimeEntries(ticketId: string, page: { limit: number; cursor?: string | undefined }) {
  return useQuery({
    queryKey: timeEntryKeys.ticketPage(ticketId, page),
    queryFn: ({ signal }) => api.get<TicketTimeEntries>(`/tickets/${ticketId}/time-entries`, { query: page, signal }),
    placeholderData: keepPreviousData,
  });
}

/** After any change, every total may be different: the ticket's pages and any summary are refreshed. */
function useRefreshTimeEntries() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: timeEntryKeys.all });
}

export function useLogTime(ticketId: string) {
  const refresh = useRefreshTimeEntries();
  return useMutation({
    mutationFn: (body: CreateTimeEntryBody) => api.post<TimeEntry>(`/tickets/${ticketId}/time-entries`, body),
    onSuccess: refresh,
  });
}

/** PATCH with the version read: a stale one fails with 409 and is offered a reload, never forced. */
export function useChangeTimeEntry(entryId: string) {
  const refresh = useRefreshTimeEntries();
  return useMutation({
    mutationFn: (body: UpdateTimeEntryBody) => api.patch<TimeEntry>(`/time-entries/${entryId}`, body),
    onSuccess: refresh,
  });
}

export function useRemoveTimeEntry() {
  const refresh = useRefreshTimeEntries();
  return useMutation({
    mutationFn: (entryId: string) => api.delete(`/time-entries/${entryId}`),
    onSettled: refresh,
  });
}
