import { Anchor, Badge, Button, Collapse, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../../contracts/tickets.contract';
import { buildApiUrl } from '../../../api/api-client';
import { AddParticipantButton } from '../participants/add-participant-button';

type EmailInfo = NonNullable<Message['email']>;

/**
 * One colour per flag the pipeline sets (ADR 0007): red for delivery or authenticity problems,
 * orange for what an agent should act on, grape for list mail (a person's, but never answered
 * automatically), blue for the informational `waited_for_parent`, grey for automatic mail.
 */
export const flagColors: Record<string, string> = {
  auto_reply: 'gray',
  bulk: 'gray',
  bounce: 'red',
  new_participant: 'orange',
  dmarc_fail: 'red',
  mailing_list: 'grape',
  waited_for_parent: 'blue',
};

/**
 * How an email reached the ticket (staff only): From/To/Cc, why it joined this ticket, the upstream
 * authentication verdict, its flags and the original to download.
 */
export function EmailDetails({
  email,
  ticketId,
  messageId,
}: {
  email: EmailInfo;
  ticketId: string;
  messageId: string;
}) {
  const { t } = useTranslation();
  const reason = email.threadingReason;
  return (
    <Stack gap={2} mb={6} aria-label={t('emailDetails.details')}>
      {email.from && (
        <Text size="xs" c="dimmed">
          {t('emailDetails.from')}: {email.from}
        </Text>
      )}
      {email.to.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('emailDetails.to')}: {email.to.join(', ')}
        </Text>
      )}
      {email.cc.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('emailDetails.cc')}: {email.cc.join(', ')}
        </Text>
      )}
      <Group gap={6}>
        {reason && (
          <Text size="xs" c="dimmed" data-testid="threading-reason">
            {t('emailDetails.threading')}: {t(`emailDetails.reasons.${reason}`, { defaultValue: reason })}
          </Text>
        )}
        {email.dmarc && (
          <Badge
            size="xs"
            variant="light"
            color={email.dmarc === 'pass' ? 'teal' : email.dmarc === 'fail' ? 'red' : 'gray'}
          >
            DMARC {email.dmarc}
          </Badge>
        )}
        {email.flags.map((flag) => (
          <Badge key={flag} size="xs" variant="light" color={flagColors[flag] ?? 'gray'} data-email-flag={flag}>
            {t(`emailDetails.flags.${flag}`, { defaultValue: flag })}
          </Badge>
        ))}
        {email.flags.includes('new_participant') && (
          <AddParticipantButton ticketId={ticketId} messageId={messageId} from={email.from} />
        )}
        {email.hasOriginal && (
          <Anchor size="xs" href={buildApiUrl(`/tickets/${ticketId}/messages/${messageId}/original`)}>
            <IconDownload size={12} aria-hidden /> {t('emailDetails.downloadOriginal')}
          </Anchor>
        )}
      </Group>
      {email.authenticationResults && (
        <Text size="xs" c="dimmed" title={email.authenticationResults} lineClamp={1}>
          {t('emailDetails.authentication')}: {email.authenticationResults}
        </Text>
      )}
      {email.attachments.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('emailDetails.attachments')}: {email.attachments.map((file) => file.filename).join(', ')}
        </Text>
      )}
    </Stack>
  );
}

/** Where the quoted history of a reply starts in its text ("On … wrote:", "Il … ha scritto:", "> …"). */
export function splitQuoted(text: string): { reply: string; quoted: string | null } {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const rest = lines.slice(index + 1).filter((entry) => entry.trim() !== '');
    const header = /^(On .+ wrote:|Il .+ ha scritto:|-{2,}\s*(Original Message|Messaggio originale)\s*-{2,})\s*$/i;
    const quotedToEnd = line.startsWith('>') && rest.every((entry) => entry.startsWith('>'));
    if (index > 0 && (header.test(line) || quotedToEnd)) {
      return { reply: lines.slice(0, index).join('\n').trimEnd(), quoted: lines.slice(index).join('\n') };
    }
  }
  return { reply: text, quoted: null };
}

/** The body as text, with the quoted history of a reply collapsed behind a toggle. */
export function CollapsibleQuotedText({ text }: { text: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { reply, quoted } = splitQuoted(text);
  const style = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;
  return (
    <>
      <Text size="sm" style={style}>
        {reply}
      </Text>
      {quoted && (
        <>
          <Button variant="subtle" size="compact-xs" onClick={() => setOpen((value) => !value)} aria-expanded={open}>
            {t('emailDetails.quotedToggle')}
          </Button>
          <Collapse expanded={open}>
            <Text size="sm" c="dimmed" style={style}>
              {quoted}
            </Text>
          </Collapse>
        </>
      )}
    </>
  );
}
