import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roleLabel } from '../../../shared/option-lists';
import { PageHeader } from '../../../shared/page-header';
import { useCurrentAccount } from '../auth/current-account';
import { AccessTokensPanel } from './access-tokens-panel';
import { ChangePasswordForm } from './change-password-form';
import { ProfileForm } from './profile-form';

/** Everyone's own page: name, language, password and personal access tokens. */
export function ProfilePage() {
  const { t } = useTranslation();
  const account = useCurrentAccount();
  return (
    <>
      <PageHeader
        title={t('profile.title')}
        description={`${account.email} · ${roleLabel(account.role, t)}${
          account.organizationName ? ` · ${account.organizationName}` : ''
        }`}
      />
      <Stack gap="lg">
        <ProfileSection title={t('profile.detailsTitle')}>
          <ProfileForm key={`${account.name}:${account.language}`} account={account} />
        </ProfileSection>
        <ProfileSection title={t('profile.passwordTitle')}>
          <ChangePasswordForm />
        </ProfileSection>
        <ProfileSection title={t('tokens.title')}>
          <AccessTokensPanel />
        </ProfileSection>
      </Stack>
    </>
  );
}

export function ProfileSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={title}>
      <Title order={3} fz="h4" mb={description ? 4 : 'md'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}
