import { Button, Group } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowUpRight,
  IconGitMerge,
  IconHandGrab,
  IconUserExclamation,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { useTakeTicket } from '../tickets.queries';
import { AssignModal } from './assign-modal';
import { EscalationModal } from './escalation-modal';
import { MergeModal } from './merge-modal';
import { HandBackModal, SupervisorModal } from './note-action-modals';

type OpenAction = 'assign' | 'escalate' | 'handBack' | 'supervisor' | 'merge' | null;

/**
 * The work actions on a ticket, defined once and shown only by the abilities the server sent: take,
 * assign, escalate to level 2, hand back to level 1, involve a supervisor.
 */
export function TicketActions({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { abilities } = ticket;
  const [open, setOpen] = useState<OpenAction>(null);
  const take = useTakeTicket(ticket.id);
  const close = () => setOpen(null);

  const takeIt = () =>
    take.mutate(undefined, { onSuccess: () => notifySuccess(t('tickets.actions.taken', { number: ticket.number })) });

  // Any open ticket can be folded into the one that survives.
  const canMerge = abilities.update && ticket.status.category !== 'merged';
  const anyAction = abilities.take || abilities.assign || abilities.escalate || abilities.handBack || canMerge;
  if (!anyAction && !abilities.escalateToSupervisor) return null;
  return (
    <>
      <Group gap="xs">
        {abilities.take && (
          <Button leftSection={<IconHandGrab size={16} />} onClick={takeIt} loading={take.isPending}>
            {t('tickets.actions.take')}
          </Button>
        )}
        {abilities.assign && (
          <Button variant="default" leftSection={<IconUsers size={16} />} onClick={() => setOpen('assign')}>
            {t('tickets.actions.assign')}
          </Button>
        )}
        {abilities.escalate && (
          <Button
            color="indigo"
            variant="light"
            leftSection={<IconArrowUpRight size={16} />}
            onClick={() => setOpen('escalate')}
          >
            {t('tickets.actions.escalate')}
          </Button>
        )}
        {abilities.handBack && (
          <Button
            color="teal"
            variant="light"
            leftSection={<IconArrowBackUp size={16} />}
            onClick={() => setOpen('handBack')}
          >
            {t('tickets.actions.handBack')}
          </Button>
        )}
        {canMerge && (
          <Button
            color="gray"
            variant="subtle"
            leftSection={<IconGitMerge size={16} />}
            onClick={() => setOpen('merge')}
          >
            {t('tickets.actions.merge')}
          </Button>
        )}
        {abilities.escalateToSupervisor && (
          <Button
            color="orange"
            variant="subtle"
            leftSection={<IconUserExclamation size={16} />}
            onClick={() => setOpen('supervisor')}
          >
            {t('tickets.actions.supervisor')}
          </Button>
        )}
      </Group>
      <ApiErrorAlert error={take.error} />
      {open === 'assign' && <AssignModal ticket={ticket} onClose={close} />}
      <EscalationModal ticket={ticket} opened={open === 'escalate'} onClose={close} />
      <HandBackModal ticket={ticket} opened={open === 'handBack'} onClose={close} />
      <SupervisorModal ticket={ticket} opened={open === 'supervisor'} onClose={close} />
      <MergeModal ticket={ticket} opened={open === 'merge'} onClose={close} />
    </>
  );
}
