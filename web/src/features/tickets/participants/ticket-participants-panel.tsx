import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { useAddParticipant, useRemoveParticipant, useTicketParticipants } from './participants.queries';

/**
 * Who is copied (CC) on the ticket's public replies besides the requester: the first email's To/Cc
 * and whoever staff added. Staff add an address or remove one when the server says they may
 * (`manageParticipants`); the sender of a message flagged "from a new participant" is added from the
 * message itself (AddParticipantButton).
 */
export function TicketParticipantsPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const participants = useTicketParticipants(ticket.id);
  const add = useAddParticipant(ticket.id);
  const remove = useRemoveParticipant(ticket.id);
  const [adding, setAdding] = useState(false);
  const [address, setAddress] = useState('');
  const items = participants.data?.items ?? [];
  const manage = ticket.abilities.manageParticipants;

  return (
    <Paper withBorder p="md" mt="md" aria-label={t('tickets.participants.title')} component="section">
      <Stack gap="sm">
        <Title order={4}>{t('tickets.participants.title')}</Title>
        {items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('tickets.participants.none')}
          </Text>
        )}
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((participant) => (
            <Group key={participant.address} component="li" gap="xs" wrap="nowrap" justify="space-between">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {participant.name ? `${participant.name} <${participant.address}>` : participant.address}
                </Text>
                {participant.addedBy && (
                  <Text size="xs" c="dimmed">
                    {t('tickets.participants.addedBy', { name: participant.addedBy.name })}
                  </Text>
                )}
              </Stack>
              {manage && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('tickets.participants.remove', { address: participant.address })}
                  loading={remove.isPending && remove.variables === participant.address}
                  onClick={() => remove.mutate(participant.address)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
        {manage && !adding && (
          <Button size="xs" variant="subtle" onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }}>
            {t('tickets.participants.add')}
          </Button>
        )}
        {adding && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate(
                { address: address.trim() },
                {
                  onSuccess: () => {
                    setAdding(false);
                    setAddress('');
                  },
                },
              );
            }}
          >
            <Stack gap="xs">
              <TextInput
                label={t('tickets.participants.address')}
                type="email"
                required
                value={address}
                onChange={(event) => setAddress(event.currentTarget.value)}
              />
              <Group justify="flex-end" gap="xs">
                <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                  {t('common.cancel')}
                </Button>
                <Button size="xs" type="submit" disabled={address.trim() === ''} loading={add.isPending}>
                  {t('tickets.participants.addSubmit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        <ApiErrorAlert error={add.error ?? remove.error ?? participants.error} />
      </Stack>
    </Paper>
  );
}
