import { Button, Select, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inboundEmailStatusSchema, type InboundEmail } from '../../../../../contracts/mail.contract';
import { useDateFormat } from '../../../i18n/format';
import { ListPageLayout } from '../../../shared/list-page-layout';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { InboundEmailDrawer } from './inbound-email-drawer';
import { InboundStatusBadge, inboundStatusOptions } from './inbound-email-status-badge';
import { useInboundEmails } from './inbound-emails.queries';

/** Admin › Inbound mail: every message received, failed ones first to look at, with a drawer each. */
export function InboundEmailsPage() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [status, setStatus] = useState<InboundEmail['status'] | null>('failed');
  const [openId, setOpenId] = useState<string | null>(null);

  const filters = { status: status ?? undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const inbound = useInboundEmails({ ...filters, ...pagination.page });
  const open = inbound.data?.items.find((item) => item.id === openId) ?? null;

  return (
    <ListPageLayout
      title={t('inboundMail.title')}
      description={t('inboundMail.description')}
      filters={
        <Select
          label={t('filters.status')}
          placeholder={t('filters.all')}
          data={inboundStatusOptions(t)}
          value={status}
          onChange={(value) => setStatus(inboundEmailStatusSchema.safeParse(value).data ?? null)}
          clearable
          w={200}
        />
      }
    >
      <ResourceTable
        columns={inboundColumns(t, format.dateTime, (email) => setOpenId(email.id))}
        query={inbound}
        pagination={pagination}
        emptyMessage={t('inboundMail.empty')}
        minWidth={760}
      />
      <InboundEmailDrawer email={open} onClose={() => setOpenId(null)} />
    </ListPageLayout>
  );
}

function inboundColumns(
  t: TFunction,
  dateTime: (value: string) => string,
  open: (email: InboundEmail) => void,
): ResourceColumn<InboundEmail>[] {
  return [
    {
      key: 'receivedAt',
      header: t('inboundMail.receivedColumn'),
      cell: (email) => dateTime(email.receivedAt),
      cellProps: { style: { whiteSpace: 'nowrap' } },
    },
    { key: 'from', header: t('inboundMail.from'), cell: (email) => email.from ?? email.envelopeFrom ?? '—' },
    {
      key: 'subject',
      header: t('inboundMail.subject'),
      cell: (email) => (
        <Text size="sm" lineClamp={1}>
          {email.subject || t('inboundMail.noSubject')}
        </Text>
      ),
    },
    {
      key: 'result',
      header: t('inboundMail.result'),
      cell: (email) => (
        <Text size="xs" c={email.error ? 'red' : 'dimmed'} lineClamp={2}>
          {email.error ??
            email.ticket?.number ??
            (typeof email.outcome?.filter === 'string' ? email.outcome.filter : '')}
        </Text>
      ),
    },
    { key: 'status', header: t('filters.status'), cell: (email) => <InboundStatusBadge status={email.status} /> },
    {
      key: 'open',
      cellProps: { ta: 'right' },
      cell: (email) => (
        <Button
          size="xs"
          variant="light"
          aria-label={t('inboundMail.openNamed', { subject: email.subject ?? '', from: email.from ?? '' })}
          onClick={() => open(email)}
        >
          {t('inboundMail.open')}
        </Button>
      ),
    },
  ];
}
