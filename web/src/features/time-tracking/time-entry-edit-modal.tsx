import { Button, Group, Modal, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TimeEntry } from '../../../../contracts/time-tracking.contract';
import { ApiErrorAlert } from '../../shared/api-error-alert';
import { notifySuccess } from '../../shared/notify';
import { timeEntryKeys, useChangeTimeEntry } from './time-tracking.queries';
import { showServerFieldErrors, TimeEntryFields, toTimeEntryBody, useTimeEntryForm } from './time-entry-form';
import { formatMinutes } from './worked-time';

/** Changes one entry with the version it was read at; a 409 offers a reload, never an overwrite. */
export function TimeEntryEditModal({ entry, onClose }: { entry: TimeEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const change = useChangeTimeEntry(entry.id);
  const form = useTimeEntryForm({
    duration: formatMinutes(entry.minutes),
    workedOn: entry.workedOn,
    note: entry.note ?? '',
  });

  const submit = form.onSubmit((values) =>
    change.mutate(
      { version: entry.version, ...toTimeEntryBody(values) },
      {
        onSuccess: () => {
          notifySuccess(t('timeTracking.saved'));
          onClose();
        },
        onError: (error) => showServerFieldErrors(form, error, t),
      },
    ),
  );

  return (
    <Modal opened onClose={onClose} title={t('timeTracking.editTitle', { name: entry.user.name })} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TimeEntryFields form={form} />
          <ApiErrorAlert
            error={change.error}
            onReload={() => {
              void queryClient.invalidateQueries({ queryKey: timeEntryKeys.all });
              onClose();
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
