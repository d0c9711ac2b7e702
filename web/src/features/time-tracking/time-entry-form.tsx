import { Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm, type FormErrors, type UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  deskDayOf,
  MAXIMUM_MINUTES_PER_ENTRY,
  workDaySchema,
  workedMinutesSchema,
  type CreateTimeEntryBody,
} from '../../../../contracts/time-tracking.contract';
import { isApiError } from '../../api/api-error';
import { formatMinutes, parseDuration } from './worked-time';

export interface TimeEntryFormValues {
  /** As typed: "1:30", "90"… */
  duration: string;
  workedOn: string;
  note: string;
}

const maximumNoteLength = 2000;

/** The day it is now at the desk (Rome), whatever the browser's time zone. */
export const deskToday = () => deskDayOf(new Date());

function validate(values: TimeEntryFormValues, t: TFunction): FormErrors {
  const errors: FormErrors = {};
  const minutes = parseDuration(values.duration);
  if (values.duration.trim() === '') errors.duration = t('validation.required');
  else if (minutes === null) errors.duration = t('timeTracking.durationFormat');
  else if (!workedMinutesSchema.safeParse(minutes).success) {
    errors.duration = t('timeTracking.durationRange', { max: formatMinutes(MAXIMUM_MINUTES_PER_ENTRY) });
  }
  if (!workDaySchema.safeParse(values.workedOn).success) errors.workedOn = t('validation.required');
  else if (values.workedOn > deskToday()) errors.workedOn = t('timeTracking.futureDay');
  if (values.note.trim().length > maximumNoteLength) {
    errors.note = t('validation.tooLong', { count: maximumNoteLength });
  }
  return errors;
}

/** The form of one entry, checked with the contract's own rules for minutes and days. */
export function useTimeEntryForm(initialValues: TimeEntryFormValues) {
  const { t } = useTranslation();
  return useForm<TimeEntryFormValues>({ initialValues, validate: (values) => validate(values, t) });
}

/** The request body of valid form values (call after the form validated). */
export function toTimeEntryBody(values: TimeEntryFormValues): Required<CreateTimeEntryBody> {
  return { minutes: parseDuration(values.duration) ?? 0, workedOn: values.workedOn, note: values.note.trim() || null };
}

const formFieldOfServerField: Record<string, keyof TimeEntryFormValues> = {
  'body.minutes': 'duration',
  'body.workedOn': 'workedOn',
  'body.note': 'note',
};

/** Puts the server's failing fields on the form; true when it did (no banner needed then). */
export function showServerFieldErrors(
  form: UseFormReturnType<TimeEntryFormValues>,
  error: unknown,
  t: TFunction,
): boolean {
  if (!isApiError(error)) return false;
  let shown = false;
  for (const field of error.fields) {
    const formField = formFieldOfServerField[field.path];
    if (!formField) continue;
    form.setFieldError(formField, t('validation.rejected', { message: field.message }));
    shown = true;
  }
  return shown;
}

/** Duration (h:mm), day and note. */
export function TimeEntryFields({ form }: { form: UseFormReturnType<TimeEntryFormValues> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Group grow align="flex-start" gap="xs">
        <TextInput
          label={t('timeTracking.duration')}
          placeholder="1:30"
          inputMode="numeric"
          autoComplete="off"
          {...form.getInputProps('duration')}
        />
        <TextInput
          type="date"
          label={t('timeTracking.workedOn')}
          max={deskToday()}
          {...form.getInputProps('workedOn')}
        />
      </Group>
      <Textarea label={t('timeTracking.note')} autosize minRows={1} maxRows={6} {...form.getInputProps('note')} />
    </Stack>
  );
}
