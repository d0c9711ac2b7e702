import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Contact } from '../../../../../contracts/identity.contract';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { api } from '../../../api/api-client';
import { channelLabel, languageLabel } from '../../../shared/option-lists';
import { contactKeys } from '../../identity/contacts/contacts.queries';
import { RequesterTickets } from './requester-tickets';

/**
 * Who asked: name, email, organisation, preferred language and channel, and their other tickets,
 * so the agent sees at a glance a repeat caller or a known problem.
 */
export function RequesterPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { requester, organization } = ticket;
  // The contact's record adds language and channel; if it cannot be read, the panel goes without.
  const contact = useQuery({
    queryKey: contactKeys.detail(requester.id),
    queryFn: ({ signal }) => api.get<Contact>(`/contacts/${requester.id}`, { signal }),
    retry: false,
  });

  return (
    <Paper withBorder p="md" component="aside" aria-label={t('tickets.requesterPanel.title')}>
      <Title order={4} mb="xs">
        {t('tickets.requesterPanel.title')}
      </Title>
      <Stack gap={2} mb="md">
        <Anchor component={Link} to={`/agent/contacts/${requester.id}`} fw={600}>
          {requester.name}
        </Anchor>
        {requester.email && (
          <Anchor href={`mailto:${requester.email}`} size="sm">
            {requester.email}
          </Anchor>
        )}
        {contact.data?.phone && <Text size="sm">{contact.data.phone}</Text>}
        <Group gap={4}>
          <Text size="sm" c="dimmed">
            {t('fields.organization')}:
          </Text>
          {organization ? (
            <Anchor component={Link} to={`/agent/organizations/${organization.id}`} size="sm">
              {organization.name}
            </Anchor>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Group>
        {contact.data && (
          <Text size="sm" c="dimmed">
            {t('tickets.requesterPanel.prefers', {
              language: languageLabel(contact.data.effectiveLanguage, t),
              channel: channelLabel(contact.data.effectiveChannel, t),
            })}
          </Text>
        )}
      </Stack>
      <RequesterTickets requesterId={requester.id} currentTicketId={ticket.id} />
    </Paper>
  );
}
