import { Anchor, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isPreviewable, type Attachment } from '../../../../contracts/attachments.contract';
import { useDateFormat } from '../../i18n/format';
import { attachmentPreviewUrl, attachmentUrl } from './attachments.api';
import { formatFileSize } from './file-size';

/**
 * The files of a message: images as thumbnails (the preview endpoint serves raster images only),
 * every file as a download link. Inline email images are not listed: they belong to the mail body.
 */
export function MessageAttachments({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  const { language } = useDateFormat();
  const shown = attachments.filter((attachment) => !attachment.inline);
  if (shown.length === 0) return null;
  const images = shown.filter((attachment) => isPreviewable(attachment.contentType));

  return (
    <Stack gap={6} mt="xs" component="section" aria-label={t('attachments.title')}>
      {images.length > 0 && (
        <Group gap="xs">
          {images.map((image) => (
            <Anchor key={image.id} href={attachmentUrl(image.id)} download={image.filename}>
              <Paper withBorder p={2} radius="sm">
                <Image
                  src={attachmentPreviewUrl(image.id)}
                  alt={image.filename}
                  h={96}
                  w="auto"
                  maw={160}
                  fit="contain"
                  loading="lazy"
                />
              </Paper>
            </Anchor>
          ))}
        </Group>
      )}
      <Group gap="md">
        {shown.map((attachment) => (
          <Group key={attachment.id} gap={4} wrap="nowrap">
            <IconPaperclip size={14} aria-hidden />
            <Anchor
              href={attachmentUrl(attachment.id)}
              download={attachment.filename}
              size="sm"
              aria-label={t('attachments.download', { name: attachment.filename })}
            >
              {attachment.filename}
            </Anchor>
            <Text size="xs" c="dimmed">
              {formatFileSize(attachment.size, language)}
            </Text>
            <IconDownload size={12} aria-hidden color="var(--mantine-color-dimmed)" />
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
