import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AccessToken,
  Account,
  createdAccessTokenSchema,
  Session,
} from '../../../../../contracts/identity.contract';
import { api } from '../../../api/api-client';
import { applyLanguage } from '../../../i18n/i18n';
import { sessionKeys } from '../auth/auth.queries';

export type CreatedAccessToken = z.infer<typeof createdAccessTokenSchema>;

export const profileKeys = {
  all: ['identity', 'me'] as const,
  tokens: () => [...profileKeys.all, 'tokens'] as const,
};

/** Saves name and/or language on the signed-in account; the session shows the new values at once. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; language?: Account['language'] }) => api.patch<Account>('/me', body),
    onSuccess: async (account) => {
      queryClient.setQueryData<Session | null>(sessionKeys.all, (session) =>
        session ? { ...session, account } : session,
      );
      await applyLanguage(account.language);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post('/me/password', body),
  });
}

export function useAccessTokens() {
  return useQuery({
    queryKey: profileKeys.tokens(),
    queryFn: ({ signal }) => api.get<{ items: AccessToken[] }>('/me/tokens', { signal }),
  });
}

export function useCreateAccessToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.post<CreatedAccessToken>('/me/tokens', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.tokens() }),
  });
}

export function useRevokeAccessToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`/me/tokens/${tokenId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.tokens() }),
  });
}
