import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown if a screen throws while rendering: a way out instead of a blank page (React Router logs the error). */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="xl">
      <Stack align="center" gap="md" ta="center">
        <Title order={2}>{t('crash.title')}</Title>
        <Text c="dimmed">{t('crash.body')}</Text>
        <Button onClick={() => window.location.assign('/')}>{t('crash.reload')}</Button>
      </Stack>
    </Center>
  );
}
