import { ActionIcon, Button, Group, Indicator, Menu, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../../contracts/tickets.contract';
import { useDateFormat } from '../../i18n/format';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useUnreadNotifications } from './notifications.queries';

/**
 * The bell in the header (staff): how many unread, and the list of them. Opening one goes to its
 * ticket and marks it read. Polled every 30 s until live updates arrive.
 */
export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useUnreadNotifications();
  const markRead = useMarkNotificationRead();
  const markAllRead = useMarkAllNotificationsRead();

  const items = unread.data?.pages.flatMap((page) => page.items) ?? [];
  const more = Boolean(unread.hasNextPage);
  const countLabel = more ? `${items.length}+` : String(items.length);

  const open = (notification: Notification) => {
    markRead.mutate(notification.id);
    void navigate(`/agent/tickets/${notification.ticket.id}`);
  };

  return (
    <Menu position="bottom-end" width={380} withinPortal shadow="md">
      <Menu.Target>
        <Indicator label={countLabel} size={18} disabled={items.length === 0} color="red" offset={4}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={items.length ? t('notifications.bellUnread', { count: items.length }) : t('notifications.bell')}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Group justify="space-between" px="sm" py={6}>
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          {items.length > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconChecks size={14} />}
              loading={markAllRead.isPending}
              onClick={() => markAllRead.mutate()}
            >
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Group>
        <Menu.Divider />
        {items.length === 0 && (
          <Text size="sm" c="dimmed" px="sm" py="md" ta="center">
            {unread.isPending ? t('common.loading') : t('notifications.empty')}
          </Text>
        )}
        <ScrollArea.Autosize mah={420}>
          {items.map((notification) => (
            <Menu.Item key={notification.id} onClick={() => open(notification)}>
              <NotificationItem notification={notification} />
            </Menu.Item>
          ))}
        </ScrollArea.Autosize>
        {more && (
          <Button
            fullWidth
            variant="subtle"
            size="xs"
            loading={unread.isFetchingNextPage}
            onClick={() => void unread.fetchNextPage()}
          >
            {t('notifications.showMore')}
          </Button>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** One notification: the ticket (number and subject), what happened and who did it, the note. */
function NotificationItem({ notification }: { notification: Notification }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} lineClamp={1}>
        <Text span ff="monospace" size="xs" c="dimmed" mr={6}>
          {notification.ticket.number}
        </Text>
        {notification.ticket.subject}
      </Text>
      <Text size="xs">{t(`notifications.kinds.${notification.kind}`, { name: notification.actor.name })}</Text>
      {notification.note && (
        <Text size="xs" c="dimmed" lineClamp={2} fs="italic">
          «{notification.note}»
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {dateTime(notification.createdAt)}
      </Text>
    </Stack>
  );
}
