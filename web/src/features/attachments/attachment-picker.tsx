import { ActionIcon, Button, FileButton, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPaperclip, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { apiErrorMessage } from '../../shared/api-error-message';
import { useDateFormat } from '../../i18n/format';
import { formatFileSize } from './file-size';
import { MAX_ATTACHMENTS, type AttachmentUploads } from './use-attachment-uploads';

/**
 * "Attach files": each picked file uploads at once, with its progress, and can be removed before
 * the message is sent. The message sends the ids of the finished uploads.
 */
export function AttachmentPicker({ uploads, disabled }: { uploads: AttachmentUploads; disabled?: boolean }) {
  const { t } = useTranslation();
  const { language } = useDateFormat();
  const full = uploads.uploads.length >= MAX_ATTACHMENTS;

  return (
    <Stack gap={6}>
      {uploads.uploads.length > 0 && (
        <Stack
          gap={4}
          component="ul"
          aria-label={t('attachments.picked')}
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {uploads.uploads.map((upload) => (
            <Group key={upload.key} component="li" gap="xs" wrap="nowrap" data-testid="pending-attachment">
              {upload.status === 'done' && <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />}
              {upload.status === 'failed' && (
                <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" aria-hidden />
              )}
              {upload.status === 'uploading' && <IconPaperclip size={16} aria-hidden />}
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" truncate>
                    {upload.name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatFileSize(upload.size, language)}
                  </Text>
                </Group>
                {upload.status === 'uploading' && (
                  <Progress
                    value={Math.round(upload.progress * 100)}
                    size="xs"
                    aria-label={t('attachments.uploading', { name: upload.name })}
                  />
                )}
                {upload.status === 'failed' && (
                  <Text size="xs" c="red">
                    {apiErrorMessage(upload.error, t)}
                  </Text>
                )}
              </Stack>
              <Tooltip label={t('attachments.remove', { name: upload.name })}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => uploads.remove(upload.key)}
                  aria-label={t('attachments.remove', { name: upload.name })}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
        </Stack>
      )}
      <Group>
        <FileButton onChange={(files) => uploads.add(files)} multiple disabled={disabled || full}>
          {(props) => (
            <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={14} />}>
              {t('attachments.attach')}
            </Button>
          )}
        </FileButton>
        {full && (
          <Text size="xs" c="dimmed">
            {t('attachments.limitReached', { count: MAX_ATTACHMENTS })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
