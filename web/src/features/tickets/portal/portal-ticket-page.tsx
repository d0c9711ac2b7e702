import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { useDateFormat } from '../../../i18n/format';
import { BackLink } from '../../../shared/back-link';
import { QueryState } from '../../../shared/query-state';
import { TimelineMessage } from '../detail/ticket-timeline';
import { StatusBadge } from '../ticket-labels';
import { useTicket, useTicketTimeline } from '../tickets.queries';
import { PortalReplyBox } from './portal-reply-box';
import { CustomFieldsPanel } from '../../custom-fields/custom-fields-panel';

/** Portal › one request: its status, the public conversation and a reply box. */
export function PortalTicketPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);

  return (
    <>
      <BackLink to="/portal" label={t('portal.backToRequests')} />
      <QueryState query={ticket}>
        {(loaded) => <PortalTicket ticket={loaded} onReload={() => void ticket.refetch()} />}
      </QueryState>
    </>
  );
}

function PortalTicket({ ticket, onReload }: { ticket: Ticket; onReload: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const timeline = useTicketTimeline(ticket.id);

  return (
    <Stack gap="md" maw={860}>
      <Stack gap={4}>
        <Group gap="xs">
          <Text ff="monospace" c="dimmed" fw={600}>
            {ticket.number}
          </Text>
          <StatusBadge status={ticket.status} />
        </Group>
        <Title order={2}>{ticket.subject}</Title>
        <Text size="sm" c="dimmed">
          {t('portal.openedOn', { date: dateTime(ticket.createdAt) })}
          {ticket.service && ` · ${ticket.service.name}`}
        </Text>
      </Stack>
      <CustomFieldsPanel ticket={ticket} onReload={onReload} title={t('customFields.panel.portalTitle')} />
      <QueryState query={timeline}>
        {(entries) => (
          <Stack gap="sm" component="section" aria-label={t('portal.conversation')}>
            {entries.map((entry) =>
              // The server never sends internal items to a customer; this screen would not show one either.
              entry.type === 'message' && entry.message.visibility === 'public' ? (
                <TimelineMessage key={entry.message.id} message={entry.message} ticketId={ticket.id} />
              ) : null,
            )}
          </Stack>
        )}
      </QueryState>
      {ticket.abilities.reply ? (
        <PortalReplyBox ticketId={ticket.id} />
      ) : (
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t('portal.replyClosed')}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
