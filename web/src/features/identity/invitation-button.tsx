import { Button } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { notifySuccess } from '../../shared/notify';

interface InvitationButtonProps {
  /** The account's invitation request (`POST …/invitations`: 202, nothing to read back). */
  invitation: { mutate: (variables: undefined, options: { onSuccess: () => void }) => void; isPending: boolean };
  label: string;
  /** The toast once the email is on its way, naming the address. */
  sentMessage: string;
}

/**
 * Emails a person a one-time link to choose a password: a staff account's pending invitation, a
 * contact's portal access. Shown in the header of the record's page; the page shows the request's
 * error in a banner (`ApiErrorAlert`).
 */
export function InvitationButton({ invitation, label, sentMessage }: InvitationButtonProps) {
  return (
    <Button
      variant="default"
      leftSection={<IconMailForward size={16} />}
      loading={invitation.isPending}
      onClick={() => invitation.mutate(undefined, { onSuccess: () => notifySuccess(sentMessage) })}
    >
      {label}
    </Button>
  );
}
