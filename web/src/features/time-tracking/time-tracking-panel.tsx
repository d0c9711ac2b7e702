import { Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../../contracts/tickets.contract';
import type { TicketTimeEntries } from '../../../../contracts/time-tracking.contract';
import { CursorPager } from '../../shared/cursor-pager';
import { QueryState } from '../../shared/query-state';
import { useCursorPagination } from '../../shared/use-cursor-pagination';
import { useCurrentAccount } from '../identity/auth/current-account';
import { LogTimeForm } from './log-time-form';
import { useTicketTimeEntries } from './time-tracking.queries';
import { TimeEntriesList } from './time-entries-list';
import { workTimerStorageKey } from './use-work-timer';
import { formatMinutes } from './worked-time';

const pageSize = 10;

/**
 * Time worked on the ticket, for staff only: the total and each agent's, the entries, a running
 * timer and the form to log one's own time.
 */
export function TimeTrackingPanel({ ticket }: { ticket: Ticket }) {
  const account = useCurrentAccount();
  if (account.kind !== 'user') return null;
  // A fresh panel per ticket: its timer, form and pages belong to that ticket.
  return <TicketTimePanel key={ticket.id} ticketId={ticket.id} accountId={account.id} />;
}

function TicketTimePanel({ ticketId, accountId }: { ticketId: string; accountId: string }) {
  const { t } = useTranslation();
  const pagination = useCursorPagination(ticketId);
  const entries = useTicketTimeEntries(ticketId, { limit: pageSize, cursor: pagination.cursor });

  return (
    <Paper withBorder p="md" mt="md" component="section" aria-label={t('timeTracking.title')}>
      <Title order={4} mb="xs">
        {t('timeTracking.title')}
      </Title>
      <Stack gap="sm">
        <QueryState query={entries}>{(data) => <Totals data={data} />}</QueryState>
        <Divider />
        <LogTimeForm ticketId={ticketId} timerStorageKey={workTimerStorageKey(accountId, ticketId)} />
        <Divider />
        {entries.data && <TimeEntriesList entries={entries.data.items} />}
        <CursorPager
          pageNumber={pagination.pageNumber}
          hasPreviousPage={pagination.hasPreviousPage}
          nextCursor={entries.data?.nextCursor}
          onNextPage={pagination.goToNextPage}
          onPreviousPage={pagination.goToPreviousPage}
          loading={entries.isFetching}
        />
      </Stack>
    </Paper>
  );
}

function Totals({ data }: { data: TicketTimeEntries }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600} data-testid="time-total">
        {t('timeTracking.total', { duration: formatMinutes(data.totalMinutes) })}
      </Text>
      {data.byAgent.length > 0 && (
        <Stack gap={0} aria-label={t('timeTracking.byAgent')}>
          {data.byAgent.map((agent) => (
            <Group key={agent.userId} justify="space-between" wrap="nowrap">
              <Text size="sm" lineClamp={1}>
                {agent.name}
              </Text>
              <Text size="sm" ff="monospace">
                {formatMinutes(agent.minutes)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
