import { ActionIcon, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeEntry } from '../../../../contracts/time-tracking.contract';
import { useDateFormat } from '../../i18n/format';
import { ApiErrorAlert } from '../../shared/api-error-alert';
import { ConfirmButton } from '../../shared/confirm-button';
import { notifySuccess } from '../../shared/notify';
import { useRemoveTimeEntry } from './time-tracking.queries';
import { TimeEntryEditModal } from './time-entry-edit-modal';
import { formatMinutes } from './worked-time';

/** Who, which day, how long, and the note; edit and delete where the server says the caller may. */
export function TimeEntriesList({ entries }: { entries: TimeEntry[] }) {
  const { t } = useTranslation();
  const { date } = useDateFormat();
  const remove = useRemoveTimeEntry();
  const [editing, setEditing] = useState<TimeEntry | null>(null);

  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('timeTracking.none')}
      </Text>
    );
  }
  return (
    <>
      <ApiErrorAlert error={remove.error} />
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label={t('timeTracking.entries')}
      >
        {entries.map((entry) => (
          <Stack key={entry.id} gap={0} component="li">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={600} lineClamp={1}>
                {entry.user.name}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" ff="monospace" fw={600}>
                  {formatMinutes(entry.minutes)}
                </Text>
                {entry.abilities.update && (
                  <Tooltip label={t('timeTracking.edit')}>
                    <ActionIcon
                      variant="subtle"
                      size="sm"
                      aria-label={t('timeTracking.edit')}
                      onClick={() => setEditing(entry)}
                    >
                      <IconPencil size={14} />
                    </ActionIcon>
                  </Tooltip>
                )}
                {entry.abilities.delete && (
                  <ConfirmButton
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    label={t('timeTracking.delete')}
                    title={t('timeTracking.deleteTitle')}
                    message={t('timeTracking.deleteMessage', {
                      duration: formatMinutes(entry.minutes),
                      date: date(entry.workedOn),
                      name: entry.user.name,
                    })}
                    onConfirm={() =>
                      remove.mutate(entry.id, { onSuccess: () => notifySuccess(t('timeTracking.deleted')) })
                    }
                  />
                )}
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {date(entry.workedOn)}
            </Text>
            {entry.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.note}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
      {editing && <TimeEntryEditModal key={editing.id} entry={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
