import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { AccountRole } from '../../../contracts/identity.contract';
import { useSession } from '../features/identity/auth/auth.queries';
import { CurrentAccountProvider, useCurrentAccount } from '../features/identity/auth/current-account';
import { ApiErrorAlert } from '../shared/api-error-alert';
import { homePathFor } from '../features/identity/auth/home-path';
import { NotAllowedPage } from './fallback-pages';

/** Everything behind sign-in: no session → the sign-in page, remembering where the person was going. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (session.error) {
    return (
      <Center mih="100vh" p="xl">
        <ApiErrorAlert error={session.error} />
      </Center>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/login${query}`} replace />;
  }
  return (
    <CurrentAccountProvider account={session.data.account}>
      <Outlet />
    </CurrentAccountProvider>
  );
}

/** An area for some roles only: anyone else gets a clear "not allowed" page, not a crash or a blank. */
export function RequireRole({ roles }: { roles: readonly AccountRole[] }) {
  const account = useCurrentAccount();
  if (!roles.includes(account.role)) return <NotAllowedPage />;
  return <Outlet />;
}

/** `/`: straight to the role's home (portal, admin or agent workspace). */
export function HomeRedirect() {
  const account = useCurrentAccount();
  return <Navigate to={homePathFor(account.role)} replace />;
}
