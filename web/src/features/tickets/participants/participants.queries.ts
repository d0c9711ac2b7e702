import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddTicketParticipantBody,
  AddTicketParticipantResponse,
  TicketParticipants,
} from '../../../../../contracts/ticket-participants.contract';
import { api } from '../../../api/api-client';
import { ticketKeys } from '../tickets.queries';

/** Query keys of participants, under the tickets feature: invalidating `ticketKeys.all` refreshes them too. */
export const participantKeys = {
  of: (ticketId: string) => [...ticketKeys.all, 'participants', ticketId] as const,
};

export function useTicketParticipants(ticketId: string) {
  return useQuery({
    queryKey: participantKeys.of(ticketId),
    queryFn: ({ signal }) => api.get<TicketParticipants>(`/tickets/${ticketId}/participants`, { signal }),
  });
}

/** After a change: the list and the history (the change is recorded there). */
function useRefreshParticipants(ticketId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: participantKeys.of(ticketId) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(ticketId) });
  };
}

/** Copies an address, or the sender of one of the ticket's emails, on the ticket (idempotent). */
export function useAddParticipant(ticketId: string) {
  const refresh = useRefreshParticipants(ticketId);
  return useMutation({
    mutationFn: (body: AddTicketParticipantBody) =>
      api.post<AddTicketParticipantResponse>(`/tickets/${ticketId}/participants`, body),
    onSuccess: refresh,
  });
}

export function useRemoveParticipant(ticketId: string) {
  const refresh = useRefreshParticipants(ticketId);
  return useMutation({
    mutationFn: (address: string) => api.delete(`/tickets/${ticketId}/participants/${encodeURIComponent(address)}`),
    onSuccess: refresh,
  });
}

/** The address of a From header value (`Name <a@b>` or `a@b`), lower-case; as the server reads it. */
export function senderAddressOf(from: string | null | undefined): string | null {
  if (!from) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1];
  const address = bracketed ?? (/^[^\s<>@]+@[^\s<>@]+$/.test(from.trim()) ? from.trim() : null);
  return address ? address.toLowerCase() : null;
}
