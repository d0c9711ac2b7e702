import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkActionBody, BulkActionResponse } from '../../../../contracts/ticket-bulk.contract';
import type { TicketFollowers } from '../../../../contracts/ticket-followers.contract';
import { api } from '../../api/api-client';
import { notificationKeys } from '../notifications/notifications.queries';
import { ticketKeys } from './tickets.queries';

/** Query keys of followers, under the tickets feature: invalidating `ticketKeys.all` refreshes them too. */
export const followerKeys = {
  of: (ticketId: string) => [...ticketKeys.all, 'followers', ticketId] as const,
};

export function useTicketFollowers(ticketId: string) {
  return useQuery({
    queryKey: followerKeys.of(ticketId),
    queryFn: ({ signal }) => api.get<TicketFollowers>(`/tickets/${ticketId}/followers`, { signal }),
  });
}

/** After a follower change: the list, the ticket (its `following` and followers) and its history. */
function useRefreshFollowers(ticketId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: followerKeys.of(ticketId) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(ticketId) });
  };
}

/** Follows the ticket (your own id) or adds a colleague who can see it. */
export function useAddFollower(ticketId: string) {
  const refresh = useRefreshFollowers(ticketId);
  return useMutation({
    mutationFn: (userId: string) => api.put<TicketFollowers>(`/tickets/${ticketId}/followers/${userId}`, undefined),
    onSuccess: refresh,
  });
}

/** Stops following (your own id), or removes a follower when you hold the ticket. */
export function useRemoveFollower(ticketId: string) {
  const refresh = useRefreshFollowers(ticketId);
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/tickets/${ticketId}/followers/${userId}`),
    onSuccess: refresh,
  });
}

/** One action over the selected tickets; the answer says per ticket what failed. */
export function useBulkTicketAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkActionBody) => api.post<BulkActionResponse>('/tickets/bulk', body),
    onSettled: () => {
      // Some tickets may have changed even when others failed: refresh every ticket screen.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
