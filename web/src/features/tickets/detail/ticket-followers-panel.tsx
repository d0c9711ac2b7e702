import { ActionIcon, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconBell, IconBellOff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api/api-client';
import { isApiError } from '../../../api/api-error';
import { notifySuccess } from '../../../shared/notify';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { useCurrentAccount } from '../../identity/auth/current-account';
import { useEveryUser } from '../../identity/users/users.queries';
import { useAddFollower, useRemoveFollower, useTicketFollowers } from '../followers-and-bulk.queries';

/**
 * Who follows the ticket (staff who keep access to it and are notified of its replies, status
 * changes and hand-offs): follow or stop following, add a colleague, remove one when the server says
 * the agent may (`manageFollowers`). A colleague who cannot see the ticket is refused by the server.
 */
export function TicketFollowersPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentAccount();
  const navigate = useNavigate();
  const followers = useTicketFollowers(ticket.id);
  const add = useAddFollower(ticket.id);
  const remove = useRemoveFollower(ticket.id);
  const [adding, setAdding] = useState(false);
  const [colleague, setColleague] = useState<string | null>(null);
  const users = useEveryUser({ active: 'true' }, { enabled: adding });

  // Following may have been the agent's only access: when it was, go back to the list.
  const unfollow = () =>
    remove.mutate(me.id, {
      onSuccess: async () => {
        const stillVisible = await api.get(`/tickets/${ticket.id}`).then(
          () => true,
          (error: unknown) => !(isApiError(error) && error.status === 404),
        );
        if (!stillVisible) {
          notifySuccess(t('tickets.followers.unfollowedAndGone', { number: ticket.number }));
          void navigate('/agent/tickets');
        }
      },
    });

  const items = followers.data?.items ?? [];
  const following = followers.data?.following ?? ticket.following;
  const candidates = (users.data ?? []).filter((user) => !items.some((follower) => follower.id === user.id));

  return (
    <Paper withBorder p="md" mt="md" aria-label={t('tickets.followers.title')} component="section">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('tickets.followers.title')}</Title>
          {following ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconBellOff size={14} />}
              loading={remove.isPending && remove.variables === me.id}
              onClick={unfollow}
            >
              {t('tickets.followers.unfollow')}
            </Button>
          ) : (
            ticket.abilities.follow && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconBell size={14} />}
                loading={add.isPending && add.variables === me.id}
                onClick={() => add.mutate(me.id)}
              >
                {t('tickets.followers.follow')}
              </Button>
            )
          )}
        </Group>
        {items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('tickets.followers.none')}
          </Text>
        )}
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((follower) => (
            <Group key={follower.id} component="li" gap="xs" wrap="nowrap" justify="space-between">
              <Stack gap={0}>
                <Text size="sm">
                  {follower.id === me.id ? t('tickets.followers.you', { name: follower.name }) : follower.name}
                </Text>
                {follower.addedBy && follower.addedBy.id !== follower.id && (
                  <Text size="xs" c="dimmed">
                    {t('tickets.followers.addedBy', { name: follower.addedBy.name })}
                  </Text>
                )}
              </Stack>
              {follower.id !== me.id && ticket.abilities.manageFollowers && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('tickets.followers.remove', { name: follower.name })}
                  loading={remove.isPending && remove.variables === follower.id}
                  onClick={() => remove.mutate(follower.id)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
        {ticket.abilities.follow && !adding && (
          <Button size="xs" variant="subtle" onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }}>
            {t('tickets.followers.add')}
          </Button>
        )}
        {adding && (
          <Stack gap="xs">
            <Select
              label={t('tickets.followers.colleague')}
              data={candidates.map((user) => ({ value: user.id, label: user.name }))}
              value={colleague}
              onChange={setColleague}
              searchable
              nothingFoundMessage={t('tickets.followers.nobody')}
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                size="xs"
                disabled={!colleague}
                loading={add.isPending}
                onClick={() =>
                  colleague &&
                  add.mutate(colleague, {
                    onSuccess: () => {
                      setAdding(false);
                      setColleague(null);
                    },
                  })
                }
              >
                {t('tickets.followers.addSubmit')}
              </Button>
            </Group>
          </Stack>
        )}
        <ApiErrorAlert error={add.error ?? remove.error ?? followers.error} />
      </Stack>
    </Paper>
  );
}
