import { Anchor, Button, Group, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { useDateFormat } from '../../../i18n/format';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { StatusBadge } from '../ticket-labels';
import { useTickets } from '../tickets.queries';

/** The customer's requests (their own, or their organisation's when it shares them), newest activity first. */
export function PortalTicketList() {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const pagination = useCursorPagination('portal');
  const tickets = useTickets({ sort: 'updated_desc', ...pagination.page });

  const columns: ResourceColumn<Ticket>[] = [
    {
      key: 'number',
      header: t('tickets.fields.number'),
      cell: (ticket) => (
        <Text ff="monospace" size="sm">
          {ticket.number}
        </Text>
      ),
    },
    {
      key: 'subject',
      header: t('tickets.fields.subject'),
      cell: (ticket) => (
        <Anchor component={Link} to={`/portal/tickets/${ticket.id}`} fw={500}>
          {ticket.subject}
        </Anchor>
      ),
    },
    { key: 'status', header: t('tickets.fields.status'), cell: (ticket) => <StatusBadge status={ticket.status} /> },
    {
      key: 'updated',
      header: t('tickets.fields.updated'),
      cellProps: { style: { whiteSpace: 'nowrap' } },
      cell: (ticket) => dateTime(ticket.updatedAt),
    },
  ];

  return (
    <section aria-labelledby="portal-requests-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} id="portal-requests-title">
          {t('portal.requestsTitle')}
        </Title>
        <Button component={Link} to="/portal/tickets/new" leftSection={<IconPlus size={16} />}>
          {t('portal.newRequest')}
        </Button>
      </Group>
      <ResourceTable
        columns={columns}
        query={tickets}
        pagination={pagination}
        emptyMessage={t('portal.noRequests')}
        minWidth={560}
        label={t('portal.requestsTitle')}
      />
    </section>
  );
}
