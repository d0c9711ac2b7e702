import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Mailbox, MailboxTestResult } from '../../../../../contracts/mailboxes.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { nameColumn, statusColumn } from '../../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout } from '../../../shared/list-page-layout';
import type { ActiveFilter } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { CreatePageLayout, EditPageLayout, useCreateAndOpen } from '../../../shared/record-pages';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { ActiveBadge } from '../../../shared/status-badges';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { useResourceEditor } from '../../../shared/use-resource-editor';
import { useGroupNames } from '../../catalog/default-group-fields';
import { MailboxForm } from './mailbox-form';
import { useCreateMailbox, useMailbox, useMailboxes, useTestMailbox, useUpdateMailbox } from './mailboxes.queries';

/** Admin › Mailboxes: the addresses mail arrives at, and how the IMAP ones were last read. */
export function MailboxesPage() {
  const { t } = useTranslation();
  const [active, setActive] = useState<ActiveFilter>('');
  const filters = { active: active || undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const mailboxes = useMailboxes({ ...filters, ...pagination.page });
  const groupNames = useGroupNames();
  const format = useDateFormat();

  return (
    <ListPageLayout
      title={t('mailboxes.title')}
      description={t('mailboxes.description')}
      newLabel={t('mailboxes.new')}
      filters={<ActiveFilterSelect value={active} onChange={setActive} />}
    >
      <ResourceTable
        columns={mailboxColumns(t, groupNames, format.dateTime)}
        query={mailboxes}
        pagination={pagination}
        emptyMessage={t('mailboxes.empty')}
        minWidth={820}
      />
    </ListPageLayout>
  );
}

/** How mail reaches the mailbox, and how its last IMAP poll went. */
function PollStatus({ mailbox, dateTime }: { mailbox: Mailbox; dateTime: (value: string) => string }) {
  const { t } = useTranslation();
  if (!mailbox.imap)
    return (
      <Badge variant="light" color="gray">
        {t('mailboxes.smtpOnly')}
      </Badge>
    );
  if (!mailbox.lastPolledAt)
    return (
      <Badge variant="light" color="gray">
        {t('mailboxes.neverPolled')}
      </Badge>
    );
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Badge variant="light" color={mailbox.lastPollStatus === 'error' ? 'red' : 'teal'}>
          {mailbox.lastPollStatus === 'error' ? t('mailboxes.pollError') : t('mailboxes.pollOk')}
        </Badge>
        <Text size="xs" c="dimmed">
          {dateTime(mailbox.lastPolledAt)}
        </Text>
      </Group>
      {mailbox.lastError && (
        <Text size="xs" c="red" lineClamp={2}>
          {mailbox.lastError}
        </Text>
      )}
    </Stack>
  );
}

function mailboxColumns(
  t: TFunction,
  groupNames: (id: string | null) => string,
  dateTime: (value: string) => string,
): ResourceColumn<Mailbox>[] {
  const name = nameColumn<Mailbox>(t);
  return [
    {
      ...name,
      cell: (mailbox) => (
        <>
          {name.cell(mailbox)}
          {mailbox.isDefault && (
            <Badge ml={6} size="xs" variant="outline">
              {t('mailboxes.defaultBadge')}
            </Badge>
          )}
        </>
      ),
    },
    { key: 'address', header: t('mailboxes.address'), cell: (mailbox) => mailbox.addresses.join(', ') },
    { key: 'group', header: t('mailboxes.group'), cell: (mailbox) => groupNames(mailbox.groupId) },
    {
      key: 'imap',
      header: t('mailboxes.lastPoll'),
      cell: (mailbox) => <PollStatus mailbox={mailbox} dateTime={dateTime} />,
    },
    statusColumn(t),
  ];
}

/** Admin › Mailboxes › New. */
export function MailboxCreatePage() {
  const { t } = useTranslation();
  const createMailbox = useCreateMailbox();
  const save = useCreateAndOpen(createMailbox, () => t('mailboxes.created'));
  return (
    <CreatePageLayout backLabel={t('mailboxes.back')} title={t('mailboxes.new')} error={createMailbox.error}>
      <MailboxForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}

/** The outcome of "Test connection": messages found, or what failed in words and by code. */
function TestResult({ result }: { result: MailboxTestResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <Alert color="teal" title={t('mailboxes.testOk')}>
        {t('mailboxes.testOkDetail', { count: result.messages ?? 0, unseen: result.unseen ?? 0 })}
      </Alert>
    );
  }
  const code = result.error?.code ?? 'IMAP_ERROR';
  return (
    <Alert color="red" title={t(`mailboxes.testError.${code}`)}>
      <Text size="sm">{result.error?.message}</Text>
      <Text size="xs" c="dimmed">
        {code}
      </Text>
    </Alert>
  );
}

/** Admin › one mailbox: edit, test its IMAP connection, deactivate or reactivate. */
export function MailboxEditPage() {
  const { t } = useTranslation();
  const { mailboxId = '' } = useParams();
  const editor = useResourceEditor(useMailbox(mailboxId), useUpdateMailbox(mailboxId));
  const test = useTestMailbox(mailboxId);
  const format = useDateFormat();
  const mailbox = editor.record;

  if (!mailbox) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={mailbox.active}
      backLabel={t('mailboxes.back')}
      title={mailbox.name}
      description={mailbox.address}
      deactivateConfirm={{
        title: t('mailboxes.deactivateTitle', { name: mailbox.name }),
        message: t('mailboxes.deactivateMessage'),
      }}
      actions={
        mailbox.imap && (
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            loading={test.isPending}
            onClick={() => test.mutate()}
          >
            {t('mailboxes.test')}
          </Button>
        )
      }
      summary={
        <Group>
          <ActiveBadge active={mailbox.active} />
          <PollStatus mailbox={mailbox} dateTime={format.dateTime} />
        </Group>
      }
    >
      {test.data && <TestResult result={test.data} />}
      <ApiErrorAlert error={test.error} />
      <MailboxForm key={editor.formKey} mode="edit" mailbox={mailbox} onSave={editor.save} />
    </EditPageLayout>
  );
}
