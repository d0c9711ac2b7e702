import { Badge, Group, Paper, Stack, Text, Typography } from '@mantine/core';
import { IconLock, IconMail, IconMessage, IconPhone, IconRobot, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../../contracts/tickets.contract';
import { MessageAttachments } from '../../attachments/message-attachments';
import { useDateFormat } from '../../../i18n/format';
import { QueryState } from '../../../shared/query-state';
import { useTicketTimeline } from '../tickets.queries';
import { EmailDetails } from './email-details';
import { EmailMessageBody } from './formatted-email';
import { TimelineEvent } from './timeline-event';
import { useTimelineFormatter } from './timeline-values';

/** The conversation and the history, oldest first, as the server sends them. */
export function TicketTimeline({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const timeline = useTicketTimeline(ticketId);
  const formatter = useTimelineFormatter();

  return (
    <QueryState query={timeline}>
      {(entries) => (
        <Stack gap="sm" component="section" aria-label={t('tickets.timeline.title')}>
          {entries.length === 0 && <Text c="dimmed">{t('tickets.timeline.empty')}</Text>}
          {entries.map((entry) => {
            if (entry.type === 'message')
              return <TimelineMessage key={`m-${entry.message.id}`} message={entry.message} ticketId={ticketId} />;
            return <TimelineEvent key={`e-${entry.event.id}`} event={entry.event} formatter={formatter} />;
          })}
        </Stack>
      )}
    </QueryState>
  );
}

const kindIcons = { email: IconMail, portal: IconWorld, phone: IconPhone, note: IconMessage, system: IconRobot };

/**
 * One message of the conversation. Internal notes look unmistakably different (yellow, a lock and
 * "Internal note") so nobody mistakes what the customer can read.
 */
export function TimelineMessage({ message, ticketId }: { message: Message; ticketId?: string }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const internal = message.visibility === 'internal';
  const KindIcon = internal ? IconLock : kindIcons[message.kind];
  const fromCustomer = message.author.kind === 'contact';

  return (
    <Paper
      withBorder
      p="sm"
      bg={internal ? 'yellow.0' : fromCustomer ? 'white' : 'blue.0'}
      style={internal ? { borderColor: 'var(--mantine-color-yellow-5)', borderLeftWidth: 4 } : undefined}
      data-testid={internal ? 'internal-note' : 'public-message'}
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <KindIcon size={16} aria-hidden />
          <Text size="sm" fw={600}>
            {message.author.name}
          </Text>
          {internal ? (
            <Badge color="yellow" variant="filled" size="sm" leftSection={<IconLock size={10} />}>
              {t('tickets.timeline.internalNote')}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" size="sm">
              {t(`tickets.timeline.kinds.${message.kind}`)}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {dateTime(message.createdAt)}
        </Text>
      </Group>
      {message.email && ticketId && <EmailDetails email={message.email} ticketId={ticketId} messageId={message.id} />}
      {/* No HTML from mail is rendered in the page: its formatting is shown in a sandboxed frame. */}
      {message.kind === 'email' ? (
        <EmailMessageBody message={message} ticketId={ticketId} />
      ) : (
        <MessageBody message={message} />
      )}
      <MessageAttachments attachments={message.attachments} />
    </Paper>
  );
}

/**
 * Written in Sportello (replies, notes, calls): the HTML the server sanitized to its small
 * allow-list (no scripts, styles, images or event handlers), shown with its formatting. Mail never
 * comes here: its HTML is only ever shown in the sandboxed frame (`EmailMessageBody`).
 */
function MessageBody({ message }: { message: Message }) {
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      <div data-testid="message-body" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
    </Typography>
  );
}
