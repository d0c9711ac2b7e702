import { Blockquote, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowUpRight,
  IconEdit,
  IconGitMerge,
  IconLink,
  IconMailOff,
  IconPlus,
  IconUnlink,
  IconUserExclamation,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TicketEvent } from '../../../../../contracts/tickets.contract';
import { useDateFormat } from '../../../i18n/format';
import type { useTimelineFormatter } from './timeline-values';

const eventLooks: Record<TicketEvent['kind'], { icon: Icon; color: string }> = {
  created: { icon: IconPlus, color: 'blue' },
  updated: { icon: IconEdit, color: 'gray' },
  escalated: { icon: IconArrowUpRight, color: 'indigo' },
  handed_back: { icon: IconArrowBackUp, color: 'teal' },
  supervisor_escalated: { icon: IconUserExclamation, color: 'orange' },
  merged: { icon: IconGitMerge, color: 'grape' },
  linked: { icon: IconLink, color: 'cyan' },
  unlinked: { icon: IconUnlink, color: 'gray' },
  email_failed: { icon: IconMailOff, color: 'red' },
};

interface TimelineEventProps {
  event: TicketEvent;
  formatter: ReturnType<typeof useTimelineFormatter>;
}

/** A change in the history: who did what, each field from → to, and the hand-off note if any. */
export function TimelineEvent({ event, formatter }: TimelineEventProps) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  // A kind this screen does not know yet (a newer server) is shown as a plain change.
  const look = eventLooks[event.kind] ?? eventLooks.updated;
  const handOff = ['escalated', 'handed_back', 'supervisor_escalated'].includes(event.kind);

  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" px="xs" data-testid={`event-${event.kind}`}>
      <ThemeIcon size="md" radius="xl" variant="light" color={look.color}>
        <look.icon size={16} aria-hidden />
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm">
          <Text span fw={600}>
            {event.actor.name}
          </Text>{' '}
          {t(`tickets.timeline.events.${event.kind}`)}
          <Text span size="xs" c="dimmed" ml="xs">
            {dateTime(event.createdAt)}
          </Text>
        </Text>
        {event.changes.length > 0 && (
          <List size="sm" spacing={2} listStyleType="none">
            {event.changes.map((change, index) => (
              <List.Item key={`${change.field}-${index}`}>
                <Text span size="sm" c="dimmed">
                  {formatter.fieldLabel(change.field)}:
                </Text>{' '}
                {formatter.valueText(change.field, change.from)} → {formatter.valueText(change.field, change.to)}
              </List.Item>
            ))}
          </List>
        )}
        {event.note && (
          <Blockquote
            color={handOff ? look.color : 'gray'}
            p="xs"
            mt={4}
            fz="sm"
            cite={handOff ? t('tickets.timeline.handOffNote') : undefined}
            style={{ whiteSpace: 'pre-wrap' }}
          >
            {event.note}
          </Blockquote>
        )}
      </Stack>
    </Group>
  );
}
