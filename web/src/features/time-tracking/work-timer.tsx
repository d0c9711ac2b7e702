import { Button, Group, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useWorkTimer } from './use-work-timer';
import { formatElapsed } from './worked-time';

interface WorkTimerProps {
  storageKey: string;
  /** Called on Stop with the minutes worked, rounded up to the minute. */
  onStop: (minutes: number) => void;
}

/** Start / Pause / Stop: a running timer that survives navigation; Stop hands its minutes to the form. */
export function WorkTimer({ storageKey, onStop }: WorkTimerProps) {
  const { t } = useTranslation();
  const timer = useWorkTimer(storageKey);
  return (
    <Group gap="xs" justify="space-between" wrap="nowrap">
      <Text
        ff="monospace"
        fw={600}
        c={timer.running ? 'teal' : timer.active ? 'orange' : 'dimmed'}
        role="timer"
        aria-label={t('timeTracking.timer.label')}
      >
        {formatElapsed(timer.elapsedMs)}
      </Text>
      <Group gap={4} wrap="nowrap">
        {timer.running ? (
          <Button size="compact-sm" variant="light" leftSection={<IconPlayerPause size={14} />} onClick={timer.pause}>
            {t('timeTracking.timer.pause')}
          </Button>
        ) : (
          <Button size="compact-sm" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={timer.start}>
            {timer.active ? t('timeTracking.timer.resume') : t('timeTracking.timer.start')}
          </Button>
        )}
        <Button
          size="compact-sm"
          variant="light"
          color="red"
          leftSection={<IconPlayerStop size={14} />}
          disabled={!timer.active}
          onClick={() => onStop(timer.stop())}
        >
          {t('timeTracking.timer.stop')}
        </Button>
      </Group>
    </Group>
  );
}
