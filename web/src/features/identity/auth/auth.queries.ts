import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Language } from '../../../../../contracts/common.contract';
import type { Account, LoginBody, Session } from '../../../../../contracts/identity.contract';
import { api, setCsrfToken } from '../../../api/api-client';
import { isApiError } from '../../../api/api-error';
import { applyLanguage } from '../../../i18n/i18n';

export const sessionKeys = {
  all: ['identity', 'session'] as const,
};

/** Remembers the session's CSRF token and shows the interface in the account's language. */
async function adoptSession(session: Session): Promise<Session> {
  setCsrfToken(session.csrfToken);
  await applyLanguage(session.account.language);
  return session;
}

/** The signed-in session, or null when nobody is signed in (401 is an answer here, not a failure). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await adoptSession(await api.get<Session>('/auth/session'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKeys.all, queryFn: fetchSession, staleTime: Infinity });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LoginBody) => adoptSession(await api.post<Session>('/auth/login', body)),
    onSuccess: (session) => {
      // Whatever was cached belonged to the previous account, if any.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionKeys.all, session);
    },
  });
}

/** Signs out and goes to the sign-in page (even if the server could not be reached). */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSettled: () => {
      // Leave first, so the session guard does not add a `?next=` back to this page.
      void navigate('/login', { replace: true });
      setCsrfToken(null);
      queryClient.removeQueries();
      queryClient.setQueryData(sessionKeys.all, null);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (body: { email: string }) => api.post('/auth/password-resets', body) });
}

export function useSetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => api.post('/auth/set-password', body),
  });
}

/**
 * Switches the interface language. Signed in, the choice is saved on the account (`PATCH /me`)
 * so it follows the person to any browser; signed out, it is remembered on this browser only.
 */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (language: Language) => {
      const session = queryClient.getQueryData<Session | null>(sessionKeys.all);
      if (!session) {
        await applyLanguage(language);
        return null;
      }
      const account = await api.patch<Account>('/me', { language });
      await applyLanguage(account.language);
      return account;
    },
    onSuccess: (account) => {
      if (!account) return;
      queryClient.setQueryData<Session | null>(sessionKeys.all, (session) =>
        session ? { ...session, account } : session,
      );
    },
  });
}
