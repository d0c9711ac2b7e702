import { Button, Select, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { outboundStatusSchema, type OutboundMessage } from '../../../../../contracts/mail.contract';
import { useDateFormat } from '../../../i18n/format';
import { ListPageLayout, SearchFilter, useSearchText } from '../../../shared/list-page-layout';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { OutboxMessageDrawer } from './outbox-message-drawer';
import { OutboundStatusBadge, outboundStatusOptions } from './outbox-status-badge';
import { useOutbox, type OutboxFilters } from './outbox.queries';

/** Admin › Outbox: every email Sportello has sent or holds, with a drawer to read one. */
export function OutboxPage() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const recipient = useSearchText();
  const [status, setStatus] = useState<OutboundMessage['status'] | null>(null);
  const [openMessage, setOpenMessage] = useState<OutboundMessage | null>(null);

  const filters: OutboxFilters = { to: recipient.query, status: status ?? undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const outbox = useOutbox({ ...filters, ...pagination.page });

  return (
    <ListPageLayout
      title={t('outbox.title')}
      description={t('outbox.description')}
      filters={
        <>
          <SearchFilter
            search={recipient}
            label={t('outbox.recipientFilter')}
            placeholder={t('outbox.recipientPlaceholder')}
            w={280}
          />
          <Select
            label={t('filters.status')}
            placeholder={t('filters.all')}
            data={outboundStatusOptions(t)}
            value={status}
            onChange={(value) => setStatus(outboundStatusSchema.safeParse(value).data ?? null)}
            clearable
            w={180}
          />
        </>
      }
    >
      <ResourceTable
        columns={outboxColumns(t, format.dateTime, setOpenMessage)}
        query={outbox}
        pagination={pagination}
        emptyMessage={t('outbox.empty')}
        minWidth={760}
      />
      <OutboxMessageDrawer message={openMessage} onClose={() => setOpenMessage(null)} />
    </ListPageLayout>
  );
}

function outboxColumns(
  t: TFunction,
  dateTime: (value: string) => string,
  open: (message: OutboundMessage) => void,
): ResourceColumn<OutboundMessage>[] {
  return [
    {
      key: 'createdAt',
      header: t('outbox.createdColumn'),
      cell: (message) => dateTime(message.createdAt),
      cellProps: { style: { whiteSpace: 'nowrap' } },
    },
    { key: 'to', header: t('outbox.to'), cell: (message) => message.to.join(', ') },
    {
      key: 'subject',
      header: t('outbox.subject'),
      cell: (message) => (
        <Text size="sm" lineClamp={1}>
          {message.subject}
        </Text>
      ),
    },
    {
      key: 'purpose',
      header: t('outbox.purpose'),
      cell: (message) => (
        <Text size="xs" c="dimmed">
          {message.purpose}
        </Text>
      ),
    },
    { key: 'status', header: t('filters.status'), cell: (message) => <OutboundStatusBadge status={message.status} /> },
    {
      key: 'open',
      cellProps: { ta: 'right' },
      cell: (message) => (
        <Button
          size="xs"
          variant="light"
          aria-label={t('outbox.openNamed', { subject: message.subject, to: message.to.join(', ') })}
          onClick={() => open(message)}
        >
          {t('outbox.open')}
        </Button>
      ),
    },
  ];
}
