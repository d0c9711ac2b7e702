import { Alert, Anchor, Box, Button, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboundEmail } from '../../../../../contracts/mail.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { InboundStatusBadge } from './inbound-email-status-badge';
import { inboundEmailRawUrl, useReprocessInboundEmail } from './inbound-emails.queries';

interface InboundEmailDrawerProps {
  email: InboundEmail | null;
  onClose: () => void;
}

/**
 * One received message: envelope, what the pipeline decided (or the error), the original to
 * download, and — for failed or ignored mail — a button to process it again. The message body is
 * not rendered here: it is untrusted; the ticket shows it sanitized.
 */
export function InboundEmailDrawer({ email, onClose }: InboundEmailDrawerProps) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const reprocess = useReprocessInboundEmail();
  const rows: [string, string][] = email
    ? [
        [t('inboundMail.from'), email.from ?? '—'],
        [t('inboundMail.envelopeFrom'), email.envelopeFrom ?? '—'],
        [t('inboundMail.envelopeTo'), email.envelopeTo.join(', ') || '—'],
        [t('inboundMail.messageId'), email.messageId ?? '—'],
        [t('inboundMail.mailbox'), email.mailbox?.name ?? '—'],
        [t('inboundMail.size'), t('inboundMail.bytes', { count: email.size })],
        [t('inboundMail.attempts'), String(email.attempts)],
      ]
    : [];
  return (
    <Drawer opened={email !== null} onClose={onClose} position="right" size="xl" title={t('inboundMail.messageTitle')}>
      {email && (
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <Title order={3} fz="h4">
              {email.subject || t('inboundMail.noSubject')}
            </Title>
            <InboundStatusBadge status={email.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('inboundMail.receivedAt', { date: format.dateTime(email.receivedAt) })}
            {email.processedAt && ` · ${t('inboundMail.processedAt', { date: format.dateTime(email.processedAt) })}`}
          </Text>
          {email.error && (
            <Alert color="red" title={t('inboundMail.failedTitle')}>
              {email.error}
            </Alert>
          )}
          {email.ticket && (
            <Text size="sm">
              {t('inboundMail.onTicket')}{' '}
              <Anchor component={Link} to={`/agent/tickets/${email.ticket.id}`}>
                {email.ticket.number}
              </Anchor>
            </Text>
          )}
          <Group>
            <Button
              component="a"
              href={inboundEmailRawUrl(email.id)}
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('inboundMail.downloadOriginal')}
            </Button>
            {email.status !== 'processed' && (
              <Button
                leftSection={<IconRefresh size={16} />}
                loading={reprocess.isPending}
                onClick={() =>
                  reprocess.mutate(email.id, {
                    onSuccess: (result) => {
                      notifySuccess(t(`inboundMail.reprocessed.${result.status}`));
                      onClose();
                    },
                  })
                }
              >
                {t('inboundMail.reprocess')}
              </Button>
            )}
          </Group>
          {reprocess.error && <ApiErrorAlert error={reprocess.error} />}
          <Table withTableBorder withColumnBorders fz="xs">
            <Table.Tbody>
              {rows.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={180}>{label}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {email.outcome && (
            <section aria-label={t('inboundMail.outcome')}>
              <Title order={4} fz="sm" mb="xs">
                {t('inboundMail.outcome')}
              </Title>
              <Box component="pre" p="sm" bg="gray.0" fz="xs" style={{ whiteSpace: 'pre-wrap', borderRadius: 4 }}>
                {JSON.stringify(email.outcome, null, 2)}
              </Box>
            </section>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
