import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { createTokenBodySchema } from '../../../../../contracts/identity.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { ConfirmButton } from '../../../shared/confirm-button';
import { submitWithFieldErrors } from '../../../shared/form-submit';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { TableEmptyRow, TableLoadingRow } from '../../../shared/table-rows';
import {
  useAccessTokens,
  useCreateAccessToken,
  useRevokeAccessToken,
  type CreatedAccessToken,
} from './profile.queries';

/**
 * Personal access tokens for scripts and integrations (`Authorization: Bearer …`). The secret is
 * shown once, right after creation: the server keeps only its hash.
 */
export function AccessTokensPanel() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const tokens = useAccessTokens();
  const createToken = useCreateAccessToken();
  const revokeToken = useRevokeAccessToken();
  const form = useForm({
    initialValues: { name: '' },
    validate: contractValidator(createTokenBodySchema, (values: { name: string }) => values, t),
  });

  const submit = form.onSubmit((values) =>
    submitWithFieldErrors(
      async () => {
        await createToken.mutateAsync(createTokenBodySchema.parse(values));
        form.reset();
      },
      form,
      ['name'],
      t,
    ),
  );

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('tokens.intro')}
      </Text>
      {createToken.data && <NewTokenSecret token={createToken.data} onDone={() => createToken.reset()} />}
      <ApiErrorAlert error={createToken.error ?? revokeToken.error} />
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput
            label={t('tokens.name')}
            placeholder={t('tokens.namePlaceholder')}
            required
            w={300}
            {...form.getInputProps('name')}
          />
          <Button type="submit" leftSection={<IconKey size={16} />} loading={createToken.isPending}>
            {t('tokens.create')}
          </Button>
        </Group>
      </form>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tokens.name')}</Table.Th>
                <Table.Th>{t('tokens.prefix')}</Table.Th>
                <Table.Th>{t('tokens.createdAt')}</Table.Th>
                <Table.Th>{t('tokens.lastUsedAt')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.isPending && <TableLoadingRow columns={5} />}
              {tokens.error && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <ApiErrorAlert error={tokens.error} />
                  </Table.Td>
                </Table.Tr>
              )}
              {tokens.data?.items.length === 0 && <TableEmptyRow columns={5} message={t('tokens.empty')} />}
              {tokens.data?.items.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{format.dateTime(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('tokens.neverUsed')}</Table.Td>
                  <Table.Td ta="right">
                    <ConfirmButton
                      size="xs"
                      variant="subtle"
                      color="red"
                      label={t('tokens.revoke')}
                      aria-label={t('tokens.revokeNamed', { name: token.name })}
                      title={t('tokens.revokeTitle', { name: token.name })}
                      message={t('tokens.revokeMessage')}
                      onConfirm={() =>
                        revokeToken.mutate(token.id, { onSuccess: () => notifySuccess(t('tokens.revoked')) })
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedAccessToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" title={t('tokens.createdTitle', { name: token.name })} role="status">
      <Stack gap="sm">
        <Text size="sm">{t('tokens.showOnce')}</Text>
        <Code block data-testid="new-access-token">
          {token.token}
        </Code>
        <Group>
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                color={copied ? 'teal' : 'blue'}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('tokens.stored')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
