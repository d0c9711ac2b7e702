import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'teal' : 'gray'} variant="light">
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  );
}

/** Whether the person has chosen a password yet (invitation accepted), staff or portal contact. */
export function PasswordBadge({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={hasPassword ? 'blue' : 'yellow'} variant="light">
      {hasPassword ? t('common.canSignIn') : t('common.invitationPending')}
    </Badge>
  );
}

/** Whether a contact can sign in to the portal (has set a password through an invitation or reset). */
export function PortalAccessBadge({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={hasPassword ? 'blue' : 'gray'} variant="light">
      {hasPassword ? t('contacts.portalAccess') : t('contacts.noPortalAccess')}
    </Badge>
  );
}
