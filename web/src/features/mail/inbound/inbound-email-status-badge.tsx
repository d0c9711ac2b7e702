import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { inboundEmailStatusSchema, type InboundEmail } from '../../../../../contracts/mail.contract';

const statusColors: Record<InboundEmail['status'], string> = {
  received: 'blue',
  processed: 'teal',
  ignored: 'gray',
  failed: 'red',
};

export function inboundStatusOptions(t: TFunction) {
  return inboundEmailStatusSchema.options.map((status) => ({
    value: status,
    label: t(`inboundMail.statuses.${status}`),
  }));
}

export function InboundStatusBadge({ status }: { status: InboundEmail['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light">
      {t(`inboundMail.statuses.${status}`)}
    </Badge>
  );
}
