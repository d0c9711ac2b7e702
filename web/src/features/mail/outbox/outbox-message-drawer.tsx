import { Alert, Anchor, Box, Button, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OutboundMessage } from '../../../../../contracts/mail.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { OutboundStatusBadge } from './outbox-status-badge';
import { useResendOutboundMessage } from './outbox.queries';

interface OutboxMessageDrawerProps {
  message: OutboundMessage | null;
  onClose: () => void;
}

/**
 * One outgoing message as it would be sent: headers and plain text. Until SMTP is configured this
 * is where demo users read invitation and reset links, so web links in the text are clickable.
 * The HTML part is never rendered here (it is not needed to read the message, and it is untrusted).
 */
export function OutboxMessageDrawer({ message, onClose }: OutboxMessageDrawerProps) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const resend = useResendOutboundMessage();
  const resendable = message !== null && (message.status === 'failed' || message.status === 'held');
  return (
    <Drawer opened={message !== null} onClose={onClose} position="right" size="xl" title={t('outbox.messageTitle')}>
      {message && (
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <Title order={3} fz="h4">
              {message.subject}
            </Title>
            <OutboundStatusBadge status={message.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('outbox.createdAt', { date: format.dateTime(message.createdAt) })}
            {message.sentAt && ` · ${t('outbox.sentAt', { date: format.dateTime(message.sentAt) })}`}
            {` · ${message.purpose}`}
          </Text>
          {message.error && (
            <Alert color={message.status === 'failed' ? 'red' : 'orange'} title={t('outbox.failedTitle')}>
              {message.error}
              <Text size="xs" mt={4}>
                {t('outbox.attempts', { count: message.attempts })}
              </Text>
            </Alert>
          )}
          {message.ticketId && (
            <Anchor component={Link} to={`/agent/tickets/${message.ticketId}`} size="sm">
              {t('outbox.openTicket')}
            </Anchor>
          )}
          {resendable && (
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconSend size={14} />}
                loading={resend.isPending}
                onClick={() =>
                  resend.mutate(message.id, {
                    onSuccess: () => {
                      notifySuccess(t('outbox.resent'));
                      onClose();
                    },
                  })
                }
              >
                {t('outbox.resend')}
              </Button>
            </Group>
          )}
          <ApiErrorAlert error={resend.error} />
          <section aria-label={t('outbox.headers')}>
            <Title order={4} fz="sm" mb="xs">
              {t('outbox.headers')}
            </Title>
            <Table withTableBorder withColumnBorders fz="xs">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={160}>{t('outbox.to')}</Table.Th>
                  <Table.Td>{message.to.join(', ')}</Table.Td>
                </Table.Tr>
                {message.cc.length > 0 && (
                  <Table.Tr>
                    <Table.Th w={160}>{t('outbox.cc')}</Table.Th>
                    <Table.Td>{message.cc.join(', ')}</Table.Td>
                  </Table.Tr>
                )}
                {Object.entries(message.headers).map(([name, value]) => (
                  <Table.Tr key={name}>
                    <Table.Th w={160}>{name}</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
          <section aria-label={t('outbox.text')}>
            <Title order={4} fz="sm" mb="xs">
              {t('outbox.text')}
            </Title>
            <Box
              component="pre"
              p="sm"
              bg="gray.0"
              fz="sm"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', borderRadius: 4 }}
              data-testid="outbox-message-text"
            >
              <LinkifiedText text={message.text} />
            </Box>
            {message.html !== null && (
              <Text size="xs" c="dimmed" mt="xs">
                {t('outbox.hasHtml')}
              </Text>
            )}
          </section>
        </Stack>
      )}
    </Drawer>
  );
}

const webLink = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its http(s) links made clickable; everything else stays text (no HTML parsing). */
function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(webLink);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <Anchor key={index} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </>
  );
}
