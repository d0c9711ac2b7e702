import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../shared/api-error-alert';
import { notifySuccess } from '../../shared/notify';
import { useLogTime } from './time-tracking.queries';
import {
  deskToday,
  showServerFieldErrors,
  TimeEntryFields,
  toTimeEntryBody,
  useTimeEntryForm,
} from './time-entry-form';
import { WorkTimer } from './work-timer';
import { formatMinutes } from './worked-time';

/** The timer and the form to log one's own time; stopping the timer fills the duration. */
export function LogTimeForm({ ticketId, timerStorageKey }: { ticketId: string; timerStorageKey: string }) {
  const { t } = useTranslation();
  const logTime = useLogTime(ticketId);
  const form = useTimeEntryForm({ duration: '', workedOn: deskToday(), note: '' });
  const fieldErrorsShown = logTime.error ? Object.keys(form.errors).length > 0 : false;

  const submit = form.onSubmit((values) => {
    const body = toTimeEntryBody(values);
    logTime.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('timeTracking.logged', { duration: formatMinutes(body.minutes) }));
        form.setValues({ duration: '', workedOn: deskToday(), note: '' });
        form.resetDirty();
      },
      onError: (error) => showServerFieldErrors(form, error, t),
    });
  });

  return (
    <Stack gap="xs">
      <WorkTimer
        storageKey={timerStorageKey}
        onStop={(minutes) => {
          form.setFieldValue('duration', formatMinutes(minutes));
          notifySuccess(t('timeTracking.timer.stopped', { duration: formatMinutes(minutes) }));
        }}
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <TimeEntryFields form={form} />
          {!fieldErrorsShown && <ApiErrorAlert error={logTime.error} />}
          <Group justify="flex-end">
            <Button type="submit" size="sm" loading={logTime.isPending}>
              {t('timeTracking.log')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
