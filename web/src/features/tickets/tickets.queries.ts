import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../../contracts/common.contract';
import type {
  CreateMessageBody,
  CreateTicketBody,
  EscalationBody,
  ListTicketsQuery,
  Message,
  Ticket,
  TicketStatus,
  TicketView,
  TimelineEntry,
  UpdateTicketBody,
} from '../../../../contracts/tickets.contract';
import { api } from '../../api/api-client';
import { notificationKeys } from '../notifications/notifications.queries';

/** The list filters of `GET /tickets`, as the query-string values the API reads (keys from the contract). */
export type TicketFilters = Partial<Record<Exclude<keyof ListTicketsQuery, 'limit' | 'cursor'>, string>> & {
  /** Custom field filters, `cf.<key>=value`. */
  [name: `cf.${string}`]: string;
};
export type TicketListParams = TicketFilters & { limit: number; cursor?: string };

/** Query keys of the tickets feature, from one factory: invalidating `all` refreshes every ticket screen. */
export const ticketKeys = {
  all: ['tickets'] as const,
  statuses: (language: string) => [...ticketKeys.all, 'statuses', language] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: TicketListParams) => [...ticketKeys.all, 'list', params] as const,
  viewCounts: () => [...ticketKeys.all, 'view-counts'] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (id: string) => [...ticketKeys.all, 'detail', id] as const,
  timeline: (id: string) => [...ticketKeys.all, 'timeline', id] as const,
};

/** How often open screens ask again until live updates (server-sent events) arrive. */
export const ticketPollMilliseconds = 30_000;

/** The configured statuses, named in the interface language (hence the language in the key). */
export function useTicketStatuses() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ticketKeys.statuses(i18n.language),
    queryFn: ({ signal }) => api.get<{ items: TicketStatus[] }>('/ticket-statuses', { signal }),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

export function useTickets(params: TicketListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<Ticket>>('/tickets', { query: params, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: ticketPollMilliseconds,
    enabled: options.enabled ?? true,
  });
}

export function useTicketViewCounts() {
  return useQuery({
    queryKey: ticketKeys.viewCounts(),
    queryFn: ({ signal }) => api.get<{ items: { view: TicketView; count: number }[] }>('/tickets/views', { signal }),
    select: (data) => new Map(data.items.map((item) => [item.view, item.count])),
    refetchInterval: ticketPollMilliseconds,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => api.get<Ticket>(`/tickets/${id}`, { signal }),
    refetchInterval: ticketPollMilliseconds,
  });
}

export function useTicketTimeline(id: string) {
  return useQuery({
    queryKey: ticketKeys.timeline(id),
    queryFn: ({ signal }) => api.get<{ items: TimelineEntry[] }>(`/tickets/${id}/timeline`, { signal }),
    select: (data) => data.items,
    refetchInterval: ticketPollMilliseconds,
  });
}

/** After any write: the ticket the server answered with, and everything that may show it, refreshed. */
export function useRefreshAfterTicketWrite() {
  const queryClient = useQueryClient();
  return (ticket: Ticket) => {
    queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
    void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(ticket.id) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.viewCounts() });
    void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  };
}

export function useCreateTicket() {
  const refresh = useRefreshAfterTicketWrite();
  return useMutation({
    mutationFn: (body: CreateTicketBody) => api.post<Ticket>('/tickets', body),
    onSuccess: refresh,
  });
}

/** PATCH with the version read: a stale one fails with 409 and is offered a reload, never forced. */
export function useUpdateTicket(id: string) {
  const refresh = useRefreshAfterTicketWrite();
  return useMutation({
    mutationFn: (body: UpdateTicketBody) => api.patch<Ticket>(`/tickets/${id}`, body),
    onSuccess: refresh,
  });
}

export function useEscalateTicket(id: string) {
  const refresh = useRefreshAfterTicketWrite();
  return useMutation({
    mutationFn: (body: EscalationBody) => api.post<Ticket>(`/tickets/${id}/escalations`, body),
    onSuccess: refresh,
  });
}

export function useSupervisorEscalation(id: string) {
  const refresh = useRefreshAfterTicketWrite();
  return useMutation({
    mutationFn: (body: { supervisorId?: string; note: string }) =>
      api.post<Ticket>(`/tickets/${id}/supervisor-escalations`, body),
    onSuccess: refresh,
  });
}

export function useTakeTicket(id: string) {
  const refresh = useRefreshAfterTicketWrite();
  return useMutation({ mutationFn: () => api.post<Ticket>(`/tickets/${id}/take`), onSuccess: refresh });
}

/** A reply, an internal note or a logged phone call; the status may change with it, so the ticket reloads. */
export function useAddMessage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMessageBody) => api.post<Message>(`/tickets/${id}/messages`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.viewCounts() });
    },
  });
}
