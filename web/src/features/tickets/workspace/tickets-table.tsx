import { Anchor, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { useDateFormat } from '../../../i18n/format';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { LevelBadge, PriorityBadge, StatusBadge } from '../ticket-labels';
import { useTickets, type TicketFilters } from '../tickets.queries';
import { TicketBulkBar } from './ticket-bulk-bar';

/**
 * A page of tickets for the agent workspace: the view and filters chosen above, previous/next below.
 * Rows can be selected (across pages, until the filters change) for the bulk actions of the bar.
 */
export function TicketsTable({ filters }: { filters: TicketFilters }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const filtersKey = JSON.stringify(filters);
  const pagination = useCursorPagination(filtersKey);
  const tickets = useTickets({ ...filters, ...pagination.page });
  const [selection, setSelection] = useState<{ filtersKey: string; tickets: Map<string, Ticket> }>({
    filtersKey,
    tickets: new Map(),
  });
  // Another view or filter starts a new selection.
  const selected = selection.filtersKey === filtersKey ? selection.tickets : new Map<string, Ticket>();

  const toggle = (items: Ticket[], checked: boolean) => {
    const next = new Map(selected);
    for (const item of items) {
      if (checked) next.set(item.id, item);
      else next.delete(item.id);
    }
    setSelection({ filtersKey, tickets: next });
  };
  const keepOnly = (ids: string[]) =>
    setSelection({
      filtersKey,
      tickets: new Map([...selected].filter(([id]) => ids.includes(id))),
    });

  return (
    <>
      <TicketBulkBar
        selected={[...selected.values()]}
        onClear={() => setSelection({ filtersKey, tickets: new Map() })}
        onKeepOnly={keepOnly}
      />
      <ResourceTable
        columns={ticketColumns(t, dateTime)}
        query={tickets}
        pagination={pagination}
        emptyMessage={t('tickets.empty')}
        minWidth={900}
        label={t('tickets.title')}
        verticalSpacing="xs"
        selection={{
          selectedIds: new Set(selected.keys()),
          onToggle: toggle,
          rowLabel: (ticket) => t('tickets.bulk.selectTicket', { number: ticket.number }),
          pageLabel: t('tickets.bulk.selectPage'),
        }}
      />
    </>
  );
}

function ticketColumns(t: TFunction, dateTime: (iso: string) => string): ResourceColumn<Ticket>[] {
  const link = (ticket: Ticket) => `/agent/tickets/${ticket.id}`;
  return [
    {
      key: 'number',
      header: t('tickets.fields.number'),
      cellProps: { style: { whiteSpace: 'nowrap' } },
      cell: (ticket) => (
        <Anchor component={Link} to={link(ticket)} ff="monospace" size="sm">
          {ticket.number}
        </Anchor>
      ),
    },
    {
      key: 'subject',
      header: t('tickets.fields.subject'),
      cellProps: { miw: 160, maw: 340 },
      cell: (ticket) => (
        <Anchor component={Link} to={link(ticket)} c="inherit" fw={500} lineClamp={2}>
          {ticket.subject}
        </Anchor>
      ),
    },
    {
      key: 'requester',
      header: t('tickets.fields.requester'),
      cell: (ticket) => (
        <Stack gap={0}>
          <Text size="sm">{ticket.requester.name}</Text>
          {ticket.organization && (
            <Text size="xs" c="dimmed">
              {ticket.organization.name}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'status', header: t('tickets.fields.status'), cell: (ticket) => <StatusBadge status={ticket.status} /> },
    {
      key: 'priority',
      header: t('tickets.fields.priority'),
      cell: (ticket) => <PriorityBadge priority={ticket.priority} />,
    },
    { key: 'level', header: t('tickets.fields.level'), cell: (ticket) => <LevelBadge level={ticket.supportLevel} /> },
    { key: 'group', header: t('tickets.fields.group'), cell: (ticket) => ticket.group?.name ?? '—' },
    {
      key: 'assignee',
      header: t('tickets.fields.assignee'),
      cell: (ticket) =>
        ticket.assignee?.name ?? (
          <Text size="sm" c="dimmed" fs="italic">
            {t('tickets.unassigned')}
          </Text>
        ),
    },
    {
      key: 'updated',
      header: t('tickets.fields.updated'),
      cellProps: { miw: 100 },
      cell: (ticket) => dateTime(ticket.updatedAt),
    },
  ];
}
