import { Anchor, Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../app/language-switch';

interface AuthLayoutProps {
  title: string;
  children: ReactNode;
}

/** The frame of the pages used before signing in: product name, language switch, one card. */
export function AuthLayout({ title, children }: AuthLayoutProps) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" bg="gray.0" py="xl">
      <Container size={440} w="100%">
        <Group justify="space-between" mb="md">
          <Anchor href="/" underline="never" c="inherit" aria-label={t('app.home')}>
            <Text fw={700} fz="xl">
              {t('app.name')}
            </Text>
          </Anchor>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="md">
            <Title order={1} fz="h2">
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Container>
    </Center>
  );
}
