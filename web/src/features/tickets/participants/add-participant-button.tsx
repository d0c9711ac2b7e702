import { Button } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { useTicket } from '../tickets.queries';
import { senderAddressOf, useAddParticipant, useTicketParticipants } from './participants.queries';

/**
 * On an email flagged "from a new participant" (it joined by its headers, but its sender is not
 * copied on the replies): copies the sender on the ticket. Hidden once they are a participant, and
 * when the server says the agent may not manage participants.
 */
export function AddParticipantButton({
  ticketId,
  messageId,
  from,
}: {
  ticketId: string;
  messageId: string;
  from: string | null;
}) {
  const { t } = useTranslation();
  const ticket = useTicket(ticketId);
  const participants = useTicketParticipants(ticketId);
  const add = useAddParticipant(ticketId);
  const address = senderAddressOf(from);
  const already = participants.data?.items.some((item) => item.address === address) ?? true;
  if (!address || already || !ticket.data?.abilities.manageParticipants) return null;
  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        color="orange"
        leftSection={<IconUserPlus size={12} />}
        loading={add.isPending}
        onClick={() =>
          add.mutate(
            { messageId },
            { onSuccess: (result) => notifySuccess(t('tickets.participants.added', { address: result.address })) },
          )
        }
      >
        {t('tickets.participants.addSender')}
      </Button>
      <ApiErrorAlert error={add.error} />
    </>
  );
}
