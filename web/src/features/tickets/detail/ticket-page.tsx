import { Alert, Anchor, Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { useDateFormat } from '../../../i18n/format';
import { BackLink } from '../../../shared/back-link';
import { channelLabel } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { ticketTypeLabel } from '../ticket-labels';
import { useTicket } from '../tickets.queries';
import { RequesterPanel } from './requester-panel';
import { TicketFollowersPanel } from './ticket-followers-panel';
import { TicketParticipantsPanel } from '../participants/ticket-participants-panel';
import { TicketLinksPanel } from './ticket-links-panel';
import { TicketActions } from './ticket-actions';
import { TicketComposer } from './ticket-composer';
import { TicketFields } from './ticket-fields';
import { TicketTimeline } from './ticket-timeline';
import { PresenceBanner } from '../../live/presence-banner';
import { useAnnouncePresence } from '../../live/use-announce-presence';
import { TimeTrackingPanel } from '../../time-tracking/time-tracking-panel';
import { CustomFieldsPanel } from '../../custom-fields/custom-fields-panel';

/** Agent workspace › one ticket: header and fields, actions, timeline and composer; the requester aside. */
export function TicketPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const query = useTicket(ticketId);

  return (
    <>
      <BackLink to="/agent/tickets" label={t('tickets.backToList')} />
      <QueryState query={query}>
        {(ticket) => <TicketWorkspace ticket={ticket} onReload={() => void query.refetch()} />}
      </QueryState>
    </>
  );
}

function TicketWorkspace({ ticket, onReload }: { ticket: Ticket; onReload: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const announceTyping = useAnnouncePresence(ticket.id, true);

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Group gap="xs">
          <Text ff="monospace" c="dimmed" fw={600}>
            {ticket.number}
          </Text>
          <Badge variant="light" color="gray" tt="none">
            {ticketTypeLabel(ticket.type, t)}
          </Badge>
        </Group>
        <Title order={2}>{ticket.subject}</Title>
        <Text size="sm" c="dimmed">
          {t('tickets.openedVia', {
            date: dateTime(ticket.createdAt),
            channel: channelLabel(ticket.channel, t),
          })}
          {ticket.service && ` · ${ticket.service.name}`}
          {ticket.category && ` › ${ticket.category.name}`}
        </Text>
      </Stack>
      {ticket.mergedInto && (
        <Alert color="grape" icon={<IconGitMerge size={16} />} py="xs">
          {t('tickets.merge.mergedInto')}{' '}
          <Anchor component={Link} to={`/agent/tickets/${ticket.mergedInto.id}`} ff="monospace">
            {ticket.mergedInto.number}
          </Anchor>
        </Alert>
      )}
      <PresenceBanner ticketId={ticket.id} />
      <TicketActions ticket={ticket} />
      <TicketFields ticket={ticket} onReload={onReload} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <TicketTimeline ticketId={ticket.id} />
            <TicketComposer
              key={ticket.id}
              ticketId={ticket.id}
              abilities={ticket.abilities}
              onTyping={announceTyping}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <RequesterPanel ticket={ticket} />
          <CustomFieldsPanel ticket={ticket} onReload={onReload} title={t('customFields.panel.title')} mt="md" />
          <TicketParticipantsPanel ticket={ticket} />
          <TicketLinksPanel ticket={ticket} />
          <TicketFollowersPanel ticket={ticket} />
          <TimeTrackingPanel ticket={ticket} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
