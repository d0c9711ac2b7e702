import { Alert } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePresenceOn } from './live-updates';

/** The collision warning: who else has this ticket open, and whether they are writing. */
export function PresenceBanner({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const others = usePresenceOn(ticketId);
  if (others.length === 0) return null;
  const typing = others.filter((entry) => entry.state === 'typing');
  const message =
    typing.length > 0
      ? t('live.typing', { names: typing.map((entry) => entry.name).join(', '), count: typing.length })
      : t('live.viewing', { names: others.map((entry) => entry.name).join(', '), count: others.length });
  return (
    <Alert color={typing.length > 0 ? 'orange' : 'blue'} icon={<IconUsers size={16} />} py="xs" role="status">
      {message}
    </Alert>
  );
}
