import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { useMergeTicket } from '../links.queries';
import { TicketNumberInput } from './ticket-number-input';

/** Merges a duplicate into the ticket that survives, then opens the survivor. */
export function MergeModal({ ticket, opened, onClose }: { ticket: Ticket; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [target, setTarget] = useState<Ticket | null>(null);
  const [note, setNote] = useState('');
  const merge = useMergeTicket(ticket.id);

  const submit = () => {
    if (!target) return;
    merge.mutate(
      { targetTicketId: target.id, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (survivor) => {
          notifySuccess(t('tickets.merge.done', { number: ticket.number, target: survivor.number }));
          onClose();
          void navigate(`/agent/tickets/${survivor.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.merge.title', { number: ticket.number })}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('tickets.merge.explanation')}
        </Text>
        <TicketNumberInput label={t('tickets.merge.target')} onFound={setTarget} />
        <Textarea
          label={t('tickets.merge.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <ApiErrorAlert error={merge.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={submit} disabled={!target} loading={merge.isPending}>
            {t('tickets.merge.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
