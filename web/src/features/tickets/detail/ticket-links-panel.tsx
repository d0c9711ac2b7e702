import { ActionIcon, Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { useCreateTicketLink, useDeleteTicketLink, useTicketLinks } from '../links.queries';
import { TicketNumberInput } from './ticket-number-input';

type LinkKind = 'related' | 'parent' | 'child';

/** Related, parent and child tickets of this one, with adding and removing (staff). */
export function TicketLinksPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const links = useTicketLinks(ticket.id);
  const create = useCreateTicketLink(ticket.id);
  const remove = useDeleteTicketLink(ticket.id);
  const [kind, setKind] = useState<LinkKind>('related');
  const [other, setOther] = useState<Ticket | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <Paper withBorder p="md" aria-label={t('tickets.links.title')} component="section">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('tickets.links.title')}</Title>
          {ticket.abilities.update && !adding && (
            <Button size="xs" variant="subtle" onClick={() => setAdding(true)}>
              {t('tickets.links.add')}
            </Button>
          )}
        </Group>
        {links.data?.length === 0 && !adding && (
          <Text size="sm" c="dimmed">
            {t('tickets.links.none')}
          </Text>
        )}
        {links.data?.map((link) => (
          <Group key={link.id} gap="xs" wrap="nowrap" justify="space-between">
            <Stack gap={0}>
              <Group gap={6}>
                <Badge size="xs" variant="light">
                  {t(`tickets.links.kinds.${link.kind}`)}
                </Badge>
                <Anchor component={Link} to={`/agent/tickets/${link.ticket.id}`} ff="monospace" size="sm">
                  {link.ticket.number}
                </Anchor>
              </Group>
              <Text size="sm">{link.ticket.subject}</Text>
            </Stack>
            {ticket.abilities.update && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('tickets.links.remove', { number: link.ticket.number })}
                onClick={() => remove.mutate(link)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {adding && (
          <Stack gap="xs">
            <SegmentedControl
              size="xs"
              value={kind}
              onChange={(value) => setKind(value as LinkKind)}
              data={(['related', 'parent', 'child'] as const).map((value) => ({
                value,
                label: t(`tickets.links.kinds.${value}`),
              }))}
            />
            <TicketNumberInput label={t('tickets.links.other')} onFound={setOther} />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                size="xs"
                disabled={!other}
                loading={create.isPending}
                onClick={() =>
                  other && create.mutate({ kind, ticketId: other.id }, { onSuccess: () => setAdding(false) })
                }
              >
                {t('tickets.links.save')}
              </Button>
            </Group>
          </Stack>
        )}
        <ApiErrorAlert error={create.error ?? remove.error} />
      </Stack>
    </Paper>
  );
}
