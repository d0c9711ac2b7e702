import { Button, Group, Paper, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createMessageBodySchema } from '../../../../../contracts/tickets.contract';
import { AttachmentPicker } from '../../attachments/attachment-picker';
import { useAttachmentUploads } from '../../attachments/use-attachment-uploads';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { RichTextField } from '../../../shared/rich-text-field';
import { useAddMessage } from '../tickets.queries';

/** The customer's reply, with files: always public. Ctrl+Enter sends, as in the agents' composer. */
export function PortalReplyBox({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const addMessage = useAddMessage(ticketId);
  const files = useAttachmentUploads();

  const send = () => {
    if (files.busy) {
      setError(t('attachments.waitForUploads'));
      return;
    }
    const parsed = createMessageBodySchema.safeParse({
      body,
      visibility: 'public',
      kind: 'reply',
      attachmentIds: files.attachmentIds.length ? files.attachmentIds : undefined,
    });
    if (!parsed.success) {
      setError(t('tickets.composer.empty'));
      return;
    }
    addMessage.mutate(parsed.data, {
      onSuccess: () => {
        setBody('');
        files.clear();
        notifySuccess(t('portal.replySent'));
      },
    });
  };

  return (
    <Paper withBorder p="sm" data-testid="portal-reply-box">
      <Stack gap="xs">
        <RichTextField
          label={t('portal.reply')}
          value={body}
          onChange={(html) => {
            setBody(html);
            setError(null);
          }}
          onSubmitShortcut={send}
          error={error}
        />
        <AttachmentPicker uploads={files} />
      </Stack>
      <ApiErrorAlert error={addMessage.error} />
      <Group justify="flex-end" mt="sm">
        <Button onClick={send} loading={addMessage.isPending} disabled={files.busy}>
          {t('portal.sendReply')}
        </Button>
      </Group>
    </Paper>
  );
}
