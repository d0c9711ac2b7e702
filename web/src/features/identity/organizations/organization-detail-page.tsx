import { Badge, Button, Group, Paper, SimpleGrid, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Organization } from '../../../../../contracts/identity.contract';
import { channelLabel, languageLabel } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { EditPageLayout } from '../../../shared/record-pages';
import { ActiveBadge } from '../../../shared/status-badges';
import { useResourceEditor } from '../../../shared/use-resource-editor';
import { ContactsTable } from '../contacts/contacts-table';
import { OrganizationForm } from './organization-form';
import { useOrganization, useUpdateOrganization } from './organizations.queries';

/** One organisation: its facts and contacts, and (staff may write) its edit form and deactivation. */
export function OrganizationDetailPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const editor = useResourceEditor(useOrganization(organizationId), useUpdateOrganization(organizationId));
  const [tab, setTab] = useState<string | null>('contacts');
  const organization = editor.record;

  if (!organization) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={organization.active}
      backLabel={t('organizations.backToList')}
      title={organization.name}
      deactivateConfirm={{
        title: t('organizations.deactivateTitle', { name: organization.name }),
        message: t('organizations.deactivateMessage'),
      }}
      summary={<OrganizationFacts organization={organization} />}
    >
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="contacts">{t('organizations.contactsTab', { count: organization.contactCount })}</Tabs.Tab>
          <Tabs.Tab value="edit">{t('organizations.editTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="contacts">
          <Group justify="flex-end" mb="sm">
            <Button
              component={Link}
              to={`/agent/contacts/new?organizationId=${organization.id}`}
              variant="light"
              leftSection={<IconPlus size={16} />}
            >
              {t('contacts.new')}
            </Button>
          </Group>
          <ContactsTable filters={{ organizationId: organization.id }} showOrganization={false} />
        </Tabs.Panel>
        <Tabs.Panel value="edit">
          <OrganizationForm key={editor.formKey} mode="edit" organization={organization} onSave={editor.save} />
        </Tabs.Panel>
      </Tabs>
    </EditPageLayout>
  );
}

function OrganizationFacts({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const facts = [
    { label: t('fields.domains'), value: organization.domains.join(', ') || '—' },
    { label: t('fields.segment'), value: organization.segment ?? '—' },
    { label: t('fields.region'), value: organization.region ?? '—' },
    { label: t('fields.language'), value: languageLabel(organization.language, t) },
    { label: t('fields.preferredChannel'), value: channelLabel(organization.preferredChannel, t) },
    { label: t('fields.sharesTickets'), value: organization.sharesTickets ? t('common.yes') : t('common.no') },
  ];
  return (
    <Paper withBorder p="md">
      <Group mb="sm" gap="xs">
        <ActiveBadge active={organization.active} />
        {organization.sharesTickets && (
          <Badge variant="light" color="indigo">
            {t('organizations.sharesTicketsBadge')}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {facts.map((fact) => (
          <div key={fact.label}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {fact.label}
            </Text>
            <Text size="sm">{fact.value}</Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
