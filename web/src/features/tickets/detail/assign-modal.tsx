import { Select, SimpleGrid } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateTicketBodySchema, type Ticket, type UpdateTicketBody } from '../../../../../contracts/tickets.contract';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { useEveryGroup } from '../../identity/groups/groups.queries';
import { useEveryUser } from '../../identity/users/users.queries';
import { ticketKeys, useUpdateTicket } from '../tickets.queries';
import { ActionModal } from './note-action-modals';
import { TicketUpdateErrorAlert } from './ticket-fields';

interface AssignValues {
  groupId: string | null;
  assigneeId: string | null;
}

/**
 * Manual assignment: a group and, within it, the one person responsible (or nobody yet). Mounted
 * when opened: the version is the one the agent saw then, so a change made meanwhile by someone
 * else is a 409 with a reload, never overwritten.
 */
export function AssignModal({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useUpdateTicket(ticket.id);
  const [version] = useState(ticket.version);
  const toBody = (values: AssignValues): UpdateTicketBody => ({
    version,
    groupId: values.groupId ?? undefined,
    assigneeId: values.assigneeId,
  });
  const form = useForm<AssignValues>({
    initialValues: { groupId: ticket.group?.id ?? null, assigneeId: ticket.assignee?.id ?? null },
    validate: contractValidator(updateTicketBodySchema, toBody, t),
  });
  const groups = useEveryGroup({ active: 'true' });
  const members = useEveryUser(
    { active: 'true', groupId: form.values.groupId ?? undefined },
    { enabled: Boolean(form.values.groupId) },
  );

  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
    onClose();
  };
  const submit = form.onSubmit((values) =>
    update.mutate(toBody(values), {
      onSuccess: (saved) => {
        notifySuccess(
          saved.assignee
            ? t('tickets.actions.assignedTo', { name: saved.assignee.name })
            : t('tickets.actions.assignedToGroup', { group: saved.group?.name ?? '' }),
        );
        onClose();
      },
    }),
  );

  return (
    <ActionModal
      opened
      onClose={onClose}
      title={t('tickets.actions.assignTitle', { number: ticket.number })}
      submitLabel={t('tickets.actions.assign')}
      submitting={update.isPending}
      error={null}
      onSubmit={submit}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('tickets.fields.group')}
          data={(groups.data ?? []).map((group) => ({
            value: group.id,
            label: `${group.name} · ${t(`tickets.levelShort.${group.supportLevel}`)}`,
          }))}
          value={form.values.groupId}
          onChange={(groupId) => form.setValues({ groupId, assigneeId: null })}
          error={form.errors.groupId}
          searchable
          data-autofocus
        />
        <Select
          label={t('tickets.fields.assignee')}
          placeholder={t('tickets.unassigned')}
          data={(members.data ?? []).map((user) => ({
            value: user.id,
            label: user.away ? t('tickets.actions.personAway', { name: user.name }) : user.name,
          }))}
          disabled={!form.values.groupId}
          searchable
          clearable
          {...form.getInputProps('assigneeId')}
        />
      </SimpleGrid>
      <TicketUpdateErrorAlert error={update.error} onReload={reload} />
    </ActionModal>
  );
}
