import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateFormat } from '../../../i18n/format';
import { CursorPager } from '../../../shared/cursor-pager';
import { QueryState } from '../../../shared/query-state';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { PriorityBadge, StatusBadge } from '../ticket-labels';
import { useTickets } from '../tickets.queries';

const pageSize = 5;

/** The requester's tickets, newest activity first, five at a time (the current one marked). */
export function RequesterTickets({ requesterId, currentTicketId }: { requesterId: string; currentTicketId: string }) {
  const { t } = useTranslation();
  const { date } = useDateFormat();
  const pagination = useCursorPagination(requesterId);
  const tickets = useTickets({ requesterId, sort: 'updated_desc', limit: pageSize, cursor: pagination.cursor });

  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('tickets.requesterPanel.tickets')}
      </Text>
      <QueryState query={tickets}>
        {(page) => (
          <>
            {page.items.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('tickets.requesterPanel.none')}
              </Text>
            )}
            {page.items.map((other) => (
              <Stack key={other.id} gap={2}>
                <Group gap={6} wrap="nowrap">
                  {other.id === currentTicketId ? (
                    <Text size="xs" ff="monospace" fw={700}>
                      {other.number}
                    </Text>
                  ) : (
                    <Anchor component={Link} to={`/agent/tickets/${other.id}`} size="xs" ff="monospace">
                      {other.number}
                    </Anchor>
                  )}
                  <PriorityBadge priority={other.priority} />
                  <StatusBadge status={other.status} />
                </Group>
                <Text size="sm" lineClamp={1} title={other.subject}>
                  {other.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('tickets.requesterPanel.updated', { date: date(other.updatedAt) })}
                </Text>
              </Stack>
            ))}
          </>
        )}
      </QueryState>
      <CursorPager
        pageNumber={pagination.pageNumber}
        hasPreviousPage={pagination.hasPreviousPage}
        nextCursor={tickets.data?.nextCursor}
        onNextPage={pagination.goToNextPage}
        onPreviousPage={pagination.goToPreviousPage}
        loading={tickets.isFetching}
      />
    </Stack>
  );
}
