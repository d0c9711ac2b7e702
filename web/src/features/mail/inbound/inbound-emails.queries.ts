import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../../contracts/common.contract';
import type { InboundEmail, ReprocessResult } from '../../../../../contracts/mail.contract';
import { api, buildApiUrl } from '../../../api/api-client';

export type InboundEmailFilters = { status?: InboundEmail['status'] };

export const inboundEmailKeys = {
  all: ['mail', 'inbound'] as const,
  list: (filters: InboundEmailFilters & { cursor?: string; limit: number }) =>
    [...inboundEmailKeys.all, 'list', filters] as const,
};

/** A page of received mail, newest first (the server's order). */
export function useInboundEmails(filters: InboundEmailFilters & { cursor?: string; limit: number }) {
  return useQuery({
    queryKey: inboundEmailKeys.list(filters),
    queryFn: ({ signal }) => api.get<Page<InboundEmail>>('/inbound-emails', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Runs the pipeline again on a failed or ignored message; the lists reload. */
export function useReprocessInboundEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ReprocessResult>(`/inbound-emails/${id}/reprocess`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboundEmailKeys.all }),
  });
}

/** The .eml download of a received message (admins). */
export const inboundEmailRawUrl = (id: string) => buildApiUrl(`/inbound-emails/${id}/raw`);
