import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { FormEventHandler, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  escalationBodySchema,
  supervisorEscalationBodySchema,
  type Ticket,
} from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { useEveryUser } from '../../identity/users/users.queries';
import { useEscalateTicket, useSupervisorEscalation } from '../tickets.queries';

interface ModalProps {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
}

interface ActionMutation<Body> {
  mutate(body: Body, options: { onSuccess: () => void }): void;
  reset(): void;
}

/**
 * The plumbing every note-taking ticket action shares: closing forgets the last error, a success
 * says so, clears the form and closes.
 */
function useActionSubmit<Values, Body>(
  mutation: ActionMutation<Body>,
  form: { onSubmit: (handler: (values: Values) => void) => FormEventHandler<HTMLFormElement>; reset: () => void },
  toBody: (values: Values) => Body,
  success: string,
  onClose: () => void,
) {
  const close = () => {
    mutation.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    mutation.mutate(toBody(values), {
      onSuccess: () => {
        notifySuccess(success);
        form.reset();
        close();
      },
    }),
  );
  return { close, submit };
}

/** Hand-back to level 1 (to the group the ticket came from), with a note saying what level 2 found. */
export function HandBackModal({ ticket, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const handBack = useEscalateTicket(ticket.id);
  const toBody = (values: { note: string }) => ({ toLevel: 1 as const, note: values.note });
  const form = useForm({ initialValues: { note: '' }, validate: contractValidator(escalationBodySchema, toBody, t) });
  const { close, submit } = useActionSubmit(handBack, form, toBody, t('tickets.actions.handedBack'), onClose);
  return (
    <ActionModal
      opened={opened}
      onClose={close}
      title={t('tickets.actions.handBackTitle', { number: ticket.number })}
      description={t('tickets.actions.handBackDescription')}
      submitLabel={t('tickets.actions.handBack')}
      submitting={handBack.isPending}
      error={handBack.error}
      onSubmit={submit}
    >
      <Textarea
        label={t('tickets.actions.handOffNote')}
        required
        autosize
        minRows={4}
        data-autofocus
        {...form.getInputProps('note')}
      />
    </ActionModal>
  );
}

/** Hierarchical escalation: a supervisor (default: those of the ticket's group) is pulled in and notified. */
export function SupervisorModal({ ticket, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const escalate = useSupervisorEscalation(ticket.id);
  const supervisors = useEveryUser({ active: 'true', role: 'supervisor' }, { enabled: opened });
  const toBody = (values: { supervisorId: string | null; note: string }) => ({
    supervisorId: values.supervisorId ?? undefined,
    note: values.note,
  });
  const form = useForm({
    initialValues: { supervisorId: null as string | null, note: '' },
    validate: contractValidator(supervisorEscalationBodySchema, toBody, t),
  });
  const { close, submit } = useActionSubmit(escalate, form, toBody, t('tickets.actions.supervisorNotified'), onClose);
  return (
    <ActionModal
      opened={opened}
      onClose={close}
      title={t('tickets.actions.supervisorTitle', { number: ticket.number })}
      description={t('tickets.actions.supervisorDescription')}
      submitLabel={t('tickets.actions.supervisor')}
      submitting={escalate.isPending}
      error={escalate.error}
      onSubmit={submit}
    >
      <Select
        label={t('tickets.actions.supervisorPerson')}
        placeholder={t('tickets.actions.groupSupervisors')}
        data={(supervisors.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
        searchable
        clearable
        {...form.getInputProps('supervisorId')}
      />
      <Textarea label={t('tickets.actions.note')} required autosize minRows={4} {...form.getInputProps('note')} />
    </ActionModal>
  );
}

interface ActionModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}

/** The frame of every ticket action that asks for something (a group, a note): form, error, buttons. */
export function ActionModal(props: ActionModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="lg" centered>
      <form onSubmit={props.onSubmit} noValidate>
        <Stack gap="md">
          {props.description && (
            <Text size="sm" c="dimmed">
              {props.description}
            </Text>
          )}
          {props.children}
          <ApiErrorAlert error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.submitting}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
