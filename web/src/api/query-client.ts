import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';

/**
 * One QueryClient for the app. Client errors (4xx) are answers, not glitches: retrying them only
 * delays the message the user needs, so only network failures and 5xx are retried, once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 1;
        },
      },
      mutations: { retry: false },
    },
  });
}
