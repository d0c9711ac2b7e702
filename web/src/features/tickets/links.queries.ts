import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common.contract';
import type { CreateTicketLinkBody, MergeTicketBody, Ticket, TicketLink } from '../../../../contracts/tickets.contract';
import { api } from '../../api/api-client';
import { ticketKeys, useRefreshAfterTicketWrite } from './tickets.queries';

const linkKeys = {
  of: (id: string) => [...ticketKeys.all, 'links', id] as const,
};

export function useTicketLinks(id: string) {
  return useQuery({
    queryKey: linkKeys.of(id),
    queryFn: () => api.get<{ items: TicketLink[] }>(`/tickets/${id}/links`),
    select: (data) => data.items,
  });
}

/** Both ends of a link show it, and both timelines record it. */
function useRefreshLinks(id: string) {
  const queryClient = useQueryClient();
  return (otherId?: string) => {
    for (const ticketId of [id, otherId].filter((value): value is string => Boolean(value))) {
      void queryClient.invalidateQueries({ queryKey: linkKeys.of(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(ticketId) });
    }
  };
}

export function useCreateTicketLink(id: string) {
  const refresh = useRefreshLinks(id);
  return useMutation({
    mutationFn: (body: CreateTicketLinkBody) => api.post<TicketLink>(`/tickets/${id}/links`, body),
    onSuccess: (link) => refresh(link.ticket.id),
  });
}

export function useDeleteTicketLink(id: string) {
  const refresh = useRefreshLinks(id);
  return useMutation({
    mutationFn: (link: TicketLink) => api.delete(`/tickets/${id}/links/${link.id}`),
    onSuccess: (_answer, link) => refresh(link.ticket.id),
  });
}

/** Merges this ticket into another; the answer is the surviving ticket. */
export function useMergeTicket(id: string) {
  const refresh = useRefreshAfterTicketWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeTicketBody) => api.post<Ticket>(`/tickets/${id}/merge`, body),
    onSuccess: (survivor) => {
      refresh(survivor);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(id) });
    },
  });
}

/** The ticket with exactly this number (as typed: `2026-000123`, `#2026-000123`), or null. */
export async function findTicketByNumber(typed: string): Promise<Ticket | null> {
  const number = typed
    .trim()
    .replace(/^\[?#?/, '')
    .replace(/\]$/, '');
  if (!/^\d{4}-\d{6,}$/.test(number)) return null;
  const page = await api.get<Page<Ticket>>(`/tickets?q=${encodeURIComponent(number)}&limit=5`);
  return page.items.find((ticket) => ticket.number === number) ?? null;
}
