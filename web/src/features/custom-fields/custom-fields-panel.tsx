import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomFieldValue } from '../../../../contracts/custom-fields.contract';
import type { Ticket } from '../../../../contracts/tickets.contract';
import { isApiError } from '../../api/api-error';
import { ApiErrorAlert } from '../../shared/api-error-alert';
import { useUpdateTicket } from '../tickets/tickets.queries';
import { CustomFieldInput, type CustomFieldValues } from './custom-field-input';
import { applicableFields, fieldLabel, valueText } from './custom-field-labels';
import { requiredFieldErrors } from './custom-field-form-values';
import { useEveryCustomField } from './custom-fields.queries';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

interface CustomFieldsPanelProps {
  ticket: Ticket;
  /** On a version conflict: reload the ticket (nothing is overwritten). */
  onReload: () => void;
  title: string;
  /** Space above the panel where it follows another one in a column. */
  mt?: string;
}

/**
 * The ticket's custom fields: the ones that apply to it, plus any other value it holds (of a field
 * since retired or no longer applicable, shown read-only). With the `editCustomFields` ability they
 * are edited together and saved in one change carrying the version on screen. Customers see and
 * edit only the fields the server shows them.
 */
export function CustomFieldsPanel({ ticket, onReload, title, mt }: CustomFieldsPanelProps) {
  const { t, i18n } = useTranslation();
  const definitions = useEveryCustomField({});
  const update = useUpdateTicket(ticket.id);
  const [draft, setDraft] = useState<CustomFieldValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const editable = applicableFields(definitions.data, {
    type: ticket.type,
    serviceId: ticket.service?.id ?? null,
  });
  const others = Object.keys(ticket.customFields)
    .filter((key) => !editable.some((field) => field.key === key))
    .map((key) => ({ key, field: definitions.data?.find((candidate) => candidate.key === key) }));
  if (editable.length === 0 && others.length === 0) return null;

  const startEditing = () => {
    update.reset();
    setErrors({});
    setDraft(Object.fromEntries(editable.map((field) => [field.key, ticket.customFields[field.key] ?? null])));
  };
  const save = () => {
    if (!draft) return;
    const missing = requiredFieldErrors(editable, draft, t);
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const changes: Record<string, CustomFieldValue | null> = {};
    for (const field of editable) {
      const value = draft[field.key] ?? null;
      const normalized = typeof value === 'string' ? value.trim() || null : value;
      if (!same(normalized, ticket.customFields[field.key])) changes[field.key] = normalized;
    }
    if (Object.keys(changes).length === 0) {
      setDraft(null);
      return;
    }
    update.mutate(
      { version: ticket.version, customFields: changes },
      {
        onSuccess: () => setDraft(null),
        onError: (error) => {
          if (!isApiError(error)) return;
          const serverErrors: Record<string, string> = {};
          for (const failing of error.fields) {
            const key = /^body\.customFields\.(.+)$/.exec(failing.path)?.[1];
            if (key) serverErrors[`customFields.${key}`] = t('validation.rejected', { message: failing.message });
          }
          setErrors(serverErrors);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" mt={mt} component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4}>{title}</Title>
          {ticket.abilities.editCustomFields && !draft && editable.length > 0 && (
            <Button size="xs" variant="subtle" onClick={startEditing}>
              {t('customFields.panel.edit')}
            </Button>
          )}
        </Group>
        {draft ? (
          <>
            {editable.map((field) => (
              <CustomFieldInput
                key={field.id}
                field={field}
                value={draft[field.key]}
                onChange={(value) => setDraft({ ...draft, [field.key]: value })}
                error={errors[`customFields.${field.key}`]}
                disabled={update.isPending}
              />
            ))}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setDraft(null)}>
                {t('common.cancel')}
              </Button>
              <Button size="xs" loading={update.isPending} onClick={save}>
                {t('common.save')}
              </Button>
            </Group>
          </>
        ) : (
          editable.map((field) => (
            <FieldValue key={field.id} label={fieldLabel(field, i18n.language)}>
              {valueText(field, ticket.customFields[field.key], i18n.language, t)}
            </FieldValue>
          ))
        )}
        {others.map(({ key, field }) => (
          <FieldValue
            key={key}
            label={field ? fieldLabel(field, i18n.language) : key}
            hint={t('customFields.panel.notOffered')}
          >
            {valueText(field, ticket.customFields[key], i18n.language, t)}
          </FieldValue>
        ))}
        <ApiErrorAlert
          error={update.error && !(isApiError(update.error) && update.error.fields.length > 0) ? update.error : null}
          onReload={() => {
            update.reset();
            setDraft(null);
            onReload();
          }}
        />
      </Stack>
    </Paper>
  );
}

function FieldValue({ label, hint, children }: { label: string; hint?: string; children: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" title={hint}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </Stack>
  );
}
