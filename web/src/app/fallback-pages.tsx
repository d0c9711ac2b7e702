import { Button, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentAccount } from '../features/identity/auth/current-account';
import { homePathFor } from '../features/identity/auth/home-path';
import { roleLabel } from '../shared/option-lists';

/** A page the signed-in role may not use: said plainly, with a way back home. */
export function NotAllowedPage() {
  const { t } = useTranslation();
  const account = useCurrentAccount();
  return (
    <Stack align="center" gap="md" py="xl" ta="center">
      <IconLock size={48} stroke={1.5} aria-hidden />
      <Title order={2}>{t('notAllowed.title')}</Title>
      <Text c="dimmed" maw={480}>
        {t('notAllowed.body', { role: roleLabel(account.role, t) })}
      </Text>
      <Button component={Link} to={homePathFor(account.role)}>
        {t('notAllowed.home')}
      </Button>
    </Stack>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const account = useCurrentAccount();
  return (
    <Stack align="center" gap="md" py="xl" ta="center">
      <Title order={2}>{t('notFound.title')}</Title>
      <Text c="dimmed">{t('notFound.body')}</Text>
      <Button component={Link} to={homePathFor(account.role)}>
        {t('notAllowed.home')}
      </Button>
    </Stack>
  );
}
