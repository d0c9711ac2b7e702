import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../shared/page-header';
import { PortalTicketList } from '../../tickets/portal/portal-ticket-list';
import { useCurrentAccount } from '../auth/current-account';
import { ChangePasswordForm } from '../profile/change-password-form';
import { ProfileForm } from '../profile/profile-form';
import { ProfileSection } from '../profile/profile-page';

/** The customer portal: their requests (with "New request"), then their account. */
export function PortalPage() {
  const { t } = useTranslation();
  const account = useCurrentAccount();
  return (
    <>
      <PageHeader title={t('portal.title', { name: account.name })} description={t('portal.description')} />
      <Stack gap="lg">
        <PortalTicketList />
        <ProfileSection title={t('portal.accountTitle')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mb="lg">
            <Fact label={t('fields.email')} value={account.email} />
            <Fact label={t('fields.organization')} value={account.organizationName ?? t('portal.noOrganization')} />
          </SimpleGrid>
          <ProfileForm key={`${account.name}:${account.language}`} account={account} />
        </ProfileSection>
        <ProfileSection title={t('profile.passwordTitle')}>
          <ChangePasswordForm />
        </ProfileSection>
      </Stack>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
}
