import { Alert, Button, Group, List, Menu, Paper, Text } from '@mantine/core';
import { IconChevronDown, IconGitMerge, IconTag, IconUserCheck, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkAction, BulkActionResult } from '../../../../../contracts/ticket-bulk.contract';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { notifySuccess } from '../../../shared/notify';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { useCurrentAccount } from '../../identity/auth/current-account';
import { useBulkTicketAction } from '../followers-and-bulk.queries';
import { useTicketStatuses } from '../tickets.queries';
import { BulkActionModal, type BulkActionWithInput } from './bulk-action-modal';

/** Codes a bulk result may carry that have their own sentence (`tickets.bulk.errorCodes.<CODE>`). */
const explainedCodes = [
  'TICKET_NOT_FOUND',
  'ASSIGNEE_NOT_IN_GROUP',
  'INVALID_STATUS_TRANSITION',
  'TICKET_MERGED',
  'TICKET_MERGE_INVALID',
  'FORBIDDEN',
] as const;
type ExplainedCode = (typeof explainedCodes)[number];
const isExplained = (code: string): code is ExplainedCode => (explainedCodes as readonly string[]).includes(code);

interface TicketBulkBarProps {
  selected: Ticket[];
  onClear: () => void;
  /** After an action: the tickets that failed stay selected, the others are let go. */
  onKeepOnly: (ticketIds: string[]) => void;
}

/**
 * The bar over the ticket list while tickets are selected: assign (to me or to someone), status,
 * priority, add a tag, merge into one of them. Each ticket is changed by the server under the same
 * rules as on its own page; the ones that failed are listed with the reason and stay selected.
 */
export function TicketBulkBar({ selected, onClear, onKeepOnly }: TicketBulkBarProps) {
  const { t } = useTranslation();
  const me = useCurrentAccount();
  const statuses = useTicketStatuses();
  const bulk = useBulkTicketAction();
  const [modal, setModal] = useState<BulkActionWithInput | null>(null);
  const [failures, setFailures] = useState<{ number: string; message: string }[]>([]);

  const openModal = (kind: BulkActionWithInput) => {
    bulk.reset();
    setModal(kind);
  };

  const run = (action: BulkAction) => {
    setFailures([]);
    bulk.mutate(
      { ticketIds: selected.map((ticket) => ticket.id), action },
      {
        onSuccess: ({ results }) => {
          setModal(null);
          const failed = results.filter((result): result is Extract<BulkActionResult, { ok: false }> => !result.ok);
          const succeeded = results.length - failed.length;
          if (succeeded > 0) notifySuccess(t('tickets.bulk.applied', { count: succeeded }));
          setFailures(
            failed.map((result) => ({
              number: selected.find((ticket) => ticket.id === result.ticketId)?.number ?? result.ticketId,
              message: isExplained(result.error.code)
                ? t(`tickets.bulk.errorCodes.${result.error.code}`)
                : result.error.message,
            })),
          );
          onKeepOnly(failed.map((result) => result.ticketId));
        },
      },
    );
  };

  return (
    <>
      {selected.length > 0 && (
        <Paper
          withBorder
          p="xs"
          mb="sm"
          bg="var(--mantine-color-body)"
          aria-label={t('tickets.bulk.label')}
          component="section"
        >
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} mr="xs">
              {t('tickets.bulk.selected', { count: selected.length })}
            </Text>
            <Button
              size="xs"
              leftSection={<IconUserCheck size={14} />}
              loading={bulk.isPending && bulk.variables?.action.type === 'assign' && !modal}
              onClick={() => run({ type: 'assign', assigneeId: me.id })}
            >
              {t('tickets.bulk.assignToMe')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUsers size={14} />}
              onClick={() => openModal('assign')}
            >
              {t('tickets.bulk.assign')}
            </Button>
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />}>
                  {t('tickets.fields.status')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(statuses.data ?? [])
                  .filter((status) => status.category !== 'merged')
                  .map((status) => (
                    <Menu.Item key={status.id} onClick={() => run({ type: 'status', statusId: status.id })}>
                      {status.name}
                    </Menu.Item>
                  ))}
              </Menu.Dropdown>
            </Menu>
            <Button size="xs" variant="default" onClick={() => openModal('priority')}>
              {t('tickets.fields.priority')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconTag size={14} />}
              onClick={() => openModal('add_tag')}
            >
              {t('tickets.bulk.addTag')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconGitMerge size={14} />}
              onClick={() => openModal('merge')}
            >
              {t('tickets.bulk.merge')}
            </Button>
            <Button size="xs" variant="subtle" color="gray" onClick={onClear}>
              {t('tickets.bulk.clear')}
            </Button>
          </Group>
          {!modal && <ApiErrorAlert error={bulk.error} />}
        </Paper>
      )}
      {failures.length > 0 && (
        <Alert
          color="orange"
          mb="sm"
          title={t('tickets.bulk.failedTitle', { count: failures.length })}
          withCloseButton
          onClose={() => setFailures([])}
        >
          <List size="sm">
            {failures.map((failure) => (
              <List.Item key={failure.number}>
                <Text span ff="monospace" size="sm">
                  {failure.number}
                </Text>
                : {failure.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {modal && (
        <BulkActionModal
          kind={modal}
          selected={selected}
          submitting={bulk.isPending}
          error={bulk.error}
          onClose={() => setModal(null)}
          onSubmit={run}
        />
      )}
    </>
  );
}
