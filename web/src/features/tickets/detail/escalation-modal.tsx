import { Select, SimpleGrid, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { escalationBodySchema, type EscalationBody, type Ticket } from '../../../../../contracts/tickets.contract';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { useEveryGroup } from '../../identity/groups/groups.queries';
import { useEveryUser } from '../../identity/users/users.queries';
import { useEscalateTicket } from '../tickets.queries';
import { ActionModal } from './note-action-modals';

interface EscalationValues {
  groupId: string | null;
  assigneeId: string | null;
  note: string;
}

const toBody = (values: EscalationValues): EscalationBody => ({
  toLevel: 2,
  groupId: values.groupId ?? undefined,
  assigneeId: values.assigneeId ?? undefined,
  note: values.note,
});

/**
 * Functional escalation: to a level 2 group (default: the service's or category's), optionally to
 * one specialist, always with a hand-off note that tells level 2 what was already tried.
 */
export function EscalationModal({ ticket, opened, onClose }: { ticket: Ticket; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const escalate = useEscalateTicket(ticket.id);
  const groups = useEveryGroup({ active: 'true', supportLevel: '2' }, { enabled: opened });
  const form = useForm<EscalationValues>({
    initialValues: { groupId: null, assigneeId: null, note: '' },
    validate: contractValidator(escalationBodySchema, toBody, t),
  });
  const members = useEveryUser(
    { active: 'true', groupId: form.values.groupId ?? undefined },
    { enabled: opened && Boolean(form.values.groupId) },
  );

  const close = () => {
    escalate.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    escalate.mutate(escalationBodySchema.parse(toBody(values)), {
      onSuccess: (saved) => {
        notifySuccess(t('tickets.actions.escalated', { group: saved.group?.name ?? '' }));
        form.reset();
        close();
      },
    }),
  );

  return (
    <ActionModal
      opened={opened}
      onClose={close}
      title={t('tickets.actions.escalateTitle', { number: ticket.number })}
      description={t('tickets.actions.escalateDescription')}
      submitLabel={t('tickets.actions.escalate')}
      submitting={escalate.isPending}
      error={escalate.error}
      onSubmit={submit}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('tickets.actions.level2Group')}
          placeholder={t('tickets.actions.defaultGroup')}
          data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
          value={form.values.groupId}
          onChange={(groupId) => form.setValues({ groupId, assigneeId: null })}
          error={form.errors.groupId}
          searchable
          clearable
          data-autofocus
        />
        <Select
          label={t('tickets.actions.specialist')}
          placeholder={form.values.groupId ? t('tickets.actions.anySpecialist') : t('tickets.actions.chooseGroupFirst')}
          data={(members.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
          disabled={!form.values.groupId}
          searchable
          clearable
          {...form.getInputProps('assigneeId')}
        />
      </SimpleGrid>
      <Textarea
        label={t('tickets.actions.handOffNote')}
        description={t('tickets.actions.handOffNoteHint')}
        required
        autosize
        minRows={4}
        {...form.getInputProps('note')}
      />
    </ActionModal>
  );
}
