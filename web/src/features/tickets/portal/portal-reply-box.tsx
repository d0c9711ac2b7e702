import { Button, Group, Paper, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createMessageBodySchema } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { useAddMessage } from '../tickets.queries';

/** The customer's reply: always public. Ctrl+Enter sends, as in the agents' composer. */
export function PortalReplyBox({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const addMessage = useAddMessage(ticketId);

  const send = () => {
    const parsed = createMessageBodySchema.safeParse({ body, visibility: 'public', kind: 'reply' });
    if (!parsed.success) {
      setError(t('tickets.composer.empty'));
      return;
    }
    addMessage.mutate(parsed.data, {
      onSuccess: () => {
        setBody('');
        notifySuccess(t('portal.replySent'));
      },
    });
  };

  return (
    <Paper withBorder p="sm">
      <Textarea
        label={t('portal.reply')}
        value={body}
        onChange={(event) => {
          setBody(event.currentTarget.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            send();
          }
        }}
        error={error}
        autosize
        minRows={4}
      />
      <ApiErrorAlert error={addMessage.error} />
      <Group justify="flex-end" mt="sm">
        <Button onClick={send} loading={addMessage.isPending}>
          {t('portal.sendReply')}
        </Button>
      </Group>
    </Paper>
  );
}
