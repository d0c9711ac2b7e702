import { Anchor, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Contact } from '../../../../../contracts/identity.contract';
import { nameColumn, statusColumn } from '../../../shared/directory-columns';
import { channelLabel, languageLabel } from '../../../shared/option-lists';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { PortalAccessBadge } from '../../../shared/status-badges';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { useContacts, type ContactFilters } from './contacts.queries';

interface ContactsTableProps {
  filters: ContactFilters;
  /** Hidden on an organisation's own page, where every row has the same one. */
  showOrganization?: boolean;
}

/** A page of contacts with previous/next; used by the directory and by each organisation's page. */
export function ContactsTable({ filters, showOrganization = true }: ContactsTableProps) {
  const { t } = useTranslation();
  const pagination = useCursorPagination(JSON.stringify(filters));
  const contacts = useContacts({ ...filters, ...pagination.page });
  const columns = contactColumns(t).filter((column) => showOrganization || column.key !== 'organization');

  return (
    <ResourceTable
      columns={columns}
      query={contacts}
      pagination={pagination}
      emptyMessage={t('contacts.empty')}
      minWidth={760}
    />
  );
}

function contactColumns(t: TFunction): ResourceColumn<Contact>[] {
  return [
    nameColumn(t, (contact) => `/agent/contacts/${contact.id}`),
    {
      key: 'emails',
      header: t('fields.emails'),
      cell: (contact) => (
        <Stack gap={0}>
          <Text size="sm">{contact.emails[0]}</Text>
          {contact.emails.length > 1 && (
            <Text size="xs" c="dimmed">
              {t('contacts.moreEmails', { count: contact.emails.length - 1 })}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'phone', header: t('fields.phone'), cell: (contact) => contact.phone ?? '—' },
    {
      key: 'organization',
      header: t('fields.organization'),
      cell: (contact) =>
        contact.organizationId ? (
          <Anchor component={Link} to={`/agent/organizations/${contact.organizationId}`}>
            {contact.organizationName}
          </Anchor>
        ) : (
          '—'
        ),
    },
    {
      key: 'languageAndChannel',
      header: t('contacts.languageAndChannel'),
      cell: (contact) =>
        `${languageLabel(contact.effectiveLanguage, t)} · ${channelLabel(contact.effectiveChannel, t)}`,
    },
    statusColumn(t, (contact) => contact.hasPassword && <PortalAccessBadge hasPassword />),
  ];
}
