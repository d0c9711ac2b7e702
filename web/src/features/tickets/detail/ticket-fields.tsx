import { Alert, Badge, Box, Group, Paper, Select, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket, UpdateTicketBody } from '../../../../../contracts/tickets.contract';
import { isApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import {
  impactOptions,
  isLevelOfImpact,
  LevelBadge,
  PriorityBadge,
  StatusBadge,
  urgencyOptions,
} from '../ticket-labels';
import { useTicketStatuses, useUpdateTicket } from '../tickets.queries';

type FieldChange = Omit<UpdateTicketBody, 'version'>;

/**
 * The ticket's working fields. With the `update` ability status, impact, urgency and tags are
 * edited in place: each change is saved at once with the version on screen; a concurrent change by
 * someone else comes back as 409 and a reload, never as an overwrite.
 */
export function TicketFields({ ticket, onReload }: { ticket: Ticket; onReload: () => void }) {
  const { t } = useTranslation();
  const statuses = useTicketStatuses();
  const update = useUpdateTicket(ticket.id);
  const editable = ticket.abilities.update;
  const save = (change: FieldChange) => update.mutate({ version: ticket.version, ...change });

  const statusOptions = (statuses.data ?? [])
    .filter((status) => status.category !== 'merged' || status.id === ticket.status.id)
    .map((status) => ({ value: status.id, label: status.name }));

  return (
    <Paper withBorder p="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" verticalSpacing="xs">
        {editable ? (
          <Select
            label={t('tickets.fields.status')}
            data={statusOptions.length ? statusOptions : [{ value: ticket.status.id, label: ticket.status.name }]}
            value={ticket.status.id}
            onChange={(statusId) => statusId && statusId !== ticket.status.id && save({ statusId })}
            allowDeselect={false}
            disabled={update.isPending}
          />
        ) : (
          <Field label={t('tickets.fields.status')}>
            <StatusBadge status={ticket.status} />
          </Field>
        )}
        <Field label={t('tickets.fields.priority')}>
          <PriorityBadge priority={ticket.priority} />
        </Field>
        {editable ? (
          <>
            <Select
              label={t('tickets.fields.impact')}
              data={impactOptions(t)}
              value={ticket.impact}
              onChange={(impact) => isLevelOfImpact(impact) && impact !== ticket.impact && save({ impact })}
              allowDeselect={false}
              disabled={update.isPending}
            />
            <Select
              label={t('tickets.fields.urgency')}
              data={urgencyOptions(t)}
              value={ticket.urgency}
              onChange={(urgency) => isLevelOfImpact(urgency) && urgency !== ticket.urgency && save({ urgency })}
              allowDeselect={false}
              disabled={update.isPending}
            />
          </>
        ) : (
          <>
            <Field label={t('tickets.fields.impact')}>{t(`tickets.impactLevels.${ticket.impact}`)}</Field>
            <Field label={t('tickets.fields.urgency')}>{t(`tickets.urgencyLevels.${ticket.urgency}`)}</Field>
          </>
        )}
        <Field label={t('tickets.fields.level')}>
          <LevelBadge level={ticket.supportLevel} />
        </Field>
        <Field label={t('tickets.fields.groupAndAssignee')}>
          <Text size="sm" lineClamp={1}>
            {ticket.group?.name ?? t('tickets.noGroup')}
          </Text>
          <Text
            size="sm"
            c={ticket.assignee ? undefined : 'dimmed'}
            fs={ticket.assignee ? undefined : 'italic'}
            lineClamp={1}
          >
            {ticket.assignee?.name ?? t('tickets.unassigned')}
          </Text>
        </Field>
      </SimpleGrid>
      {!editable && ticket.tags.length > 0 && (
        <Group gap={4} mt="xs">
          {ticket.tags.map((tag) => (
            <Badge key={tag} variant="outline" color="gray" tt="none">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      {editable && (
        <TagsInput
          mt="xs"
          label={t('tickets.fields.tags')}
          value={ticket.tags}
          onChange={(tags) => save({ tags })}
          disabled={update.isPending}
          clearable
        />
      )}
      <Stack mt={update.error ? 'sm' : 0}>
        <TicketUpdateErrorAlert
          error={update.error}
          onReload={() => {
            update.reset();
            onReload();
          }}
        />
      </Stack>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Box>{children}</Box>
    </Stack>
  );
}

interface TicketUpdateErrorAlertProps {
  error: unknown;
  /** On a version conflict: reload the ticket (local choices are dropped, nothing is overwritten). */
  onReload: () => void;
}

/** A failed ticket update: a refused status change says which statuses are possible from here. */
export function TicketUpdateErrorAlert({ error, onReload }: TicketUpdateErrorAlertProps) {
  const { t } = useTranslation();
  const statuses = useTicketStatuses();
  if (isApiError(error) && error.code === 'INVALID_STATUS_TRANSITION') {
    const allowedIds = readAllowedStatusIds(error.details);
    const names = (statuses.data ?? []).filter((status) => allowedIds.includes(status.id)).map((status) => status.name);
    return (
      <Alert
        color="orange"
        icon={<IconAlertTriangle size={18} />}
        title={t('tickets.errors.transitionTitle')}
        role="alert"
      >
        {names.length > 0
          ? t('tickets.errors.transitionAllowed', { statuses: names.join(', ') })
          : t('tickets.errors.transitionNone')}
      </Alert>
    );
  }
  return <ApiErrorAlert error={error} onReload={onReload} />;
}

function readAllowedStatusIds(details: unknown): string[] {
  if (!details || typeof details !== 'object' || !('allowedStatusIds' in details)) return [];
  const ids = (details as { allowedStatusIds: unknown }).allowedStatusIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
