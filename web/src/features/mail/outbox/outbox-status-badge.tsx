import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { outboundStatusSchema, type OutboundMessage } from '../../../../../contracts/mail.contract';

const statusColors: Record<OutboundMessage['status'], string> = {
  queued: 'blue',
  sent: 'teal',
  held: 'yellow',
  failed: 'red',
};

export function outboundStatusLabel(status: OutboundMessage['status'], t: TFunction): string {
  return t(`outbox.statuses.${status}`);
}

export function outboundStatusOptions(t: TFunction) {
  return outboundStatusSchema.options.map((status) => ({ value: status, label: outboundStatusLabel(status, t) }));
}

export function OutboundStatusBadge({ status }: { status: OutboundMessage['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light">
      {outboundStatusLabel(status, t)}
    </Badge>
  );
}
