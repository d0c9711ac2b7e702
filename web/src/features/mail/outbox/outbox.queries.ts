import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../../contracts/common.contract';
import type { OutboundMessage } from '../../../../../contracts/mail.contract';
import { api } from '../../../api/api-client';

export type OutboxFilters = {
  to?: string;
  status?: OutboundMessage['status'];
};

export const outboxKeys = {
  all: ['mail', 'outbox'] as const,
  list: (filters: OutboxFilters & { cursor?: string; limit: number }) => [...outboxKeys.all, 'list', filters] as const,
};

/** A page of outgoing mail, newest first (the server's order). */
export function useOutbox(filters: OutboxFilters & { cursor?: string; limit: number }) {
  return useQuery({
    queryKey: outboxKeys.list(filters),
    queryFn: ({ signal }) => api.get<Page<OutboundMessage>>('/outbox', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Admin: a failed or held message goes back to the queue. */
export function useResendOutboundMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<OutboundMessage>(`/outbox/${id}/resend`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: outboxKeys.all }),
  });
}
