import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common.contract';
import type { Notification } from '../../../../contracts/tickets.contract';
import { api } from '../../api/api-client';

/** Query keys of the notifications feature. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
};

const pageSize = 20;

/** Polled every 30 s until live updates (server-sent events) arrive. */
export const notificationPollMilliseconds = 30_000;

/** The unread notifications, newest first, a page at a time ("show more" loads the next). */
export function useUnreadNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Notification>>('/notifications', {
        query: { unread: 'true', limit: pageSize, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    refetchInterval: notificationPollMilliseconds,
    // Keeps counting while the agent works in another tab, so the bell is right on coming back.
    refetchIntervalInBackground: true,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/notifications/${id}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
