import { Alert, Box, Button, Group } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../../contracts/tickets.contract';
import { buildApiUrl } from '../../../api/api-client';
import { CollapsibleQuotedText } from './email-details';
import { useRemoteImagesConsent } from './remote-images-consent';

/**
 * The frame runs no script, so it cannot tell the page how tall its content is, and the server has
 * no layout engine to measure it: the height is estimated from the text (about 90 characters a
 * line) and the images, capped so a long mail does not push the timeline away; the frame scrolls
 * inside and its box can be dragged taller.
 */
export function estimatedFrameHeight(message: Pick<Message, 'bodyText' | 'bodyHtml'>): number {
  const lines = message.bodyText.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 90)), 0);
  const images = (message.bodyHtml.match(/<img\b/gi) ?? []).length;
  return Math.min(480, Math.max(120, 32 + lines * 21 + images * 80));
}

/**
 * An email's body: its formatting in a sandboxed frame (no scripts, no same origin: the page's
 * session and DOM are out of its reach; links open in a new tab), or its text with the quoted
 * history collapsed. Remote images stay blocked until the viewer asks for them; that choice is
 * remembered for the message (remote-images-consent.ts).
 */
export function EmailMessageBody({ message, ticketId }: { message: Message; ticketId: string | undefined }) {
  const { t } = useTranslation();
  const [showText, setShowText] = useState(false);
  const { allowed: remoteImages, allow: allowRemoteImages } = useRemoteImagesConsent(message.id);
  const formatted = message.formattedEmail;
  if (!formatted || !ticketId) return <CollapsibleQuotedText text={message.bodyText} />;

  const source = buildApiUrl(
    `/tickets/${ticketId}/messages/${message.id}/html`,
    remoteImages ? { remoteImages: '1' } : undefined,
  );
  return (
    <>
      <Group justify="flex-end" mb={4}>
        <Button variant="subtle" size="compact-xs" onClick={() => setShowText((value) => !value)}>
          {showText ? t('formattedEmail.showFormatted') : t('formattedEmail.showText')}
        </Button>
      </Group>
      {showText ? (
        <CollapsibleQuotedText text={message.bodyText} />
      ) : (
        <>
          {formatted.blockedRemoteImages > 0 && !remoteImages && (
            <Alert
              variant="light"
              color="gray"
              p="xs"
              mb={6}
              icon={<IconPhotoOff size={16} />}
              data-testid="remote-images-blocked"
            >
              <Group justify="space-between" gap="xs">
                {t('formattedEmail.remoteBlocked', { count: formatted.blockedRemoteImages })}
                <Button size="compact-xs" variant="light" onClick={allowRemoteImages}>
                  {t('formattedEmail.showImages')}
                </Button>
              </Group>
            </Alert>
          )}
          <Box
            style={{ height: estimatedFrameHeight(message), resize: 'vertical', overflow: 'auto' }}
            bd="1px solid var(--mantine-color-gray-3)"
          >
            <iframe
              key={source}
              title={t('formattedEmail.frameTitle')}
              src={source}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              referrerPolicy="no-referrer"
              data-testid="formatted-email-frame"
              style={{ display: 'block', width: '100%', height: '100%', border: 0, background: 'white' }}
            />
          </Box>
        </>
      )}
    </>
  );
}
