import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error';
import { apiErrorMessage } from './api-error-message';

interface ApiErrorAlertProps {
  error: unknown;
  /** Offered on a 409 version conflict: reload the record, dropping the edits made here. */
  onReload?: () => void;
  title?: string;
}

/** The one way screens show a failed request; a stale write gets its own explanation and a reload. */
export function ApiErrorAlert({ error, onReload, title }: ApiErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error) && error.isVersionConflict) {
    return (
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('conflict.title')} role="alert">
        <Text size="sm">{t('conflict.body')}</Text>
        {onReload && (
          <Group mt="sm">
            <Button size="xs" variant="white" color="orange" leftSection={<IconRefresh size={14} />} onClick={onReload}>
              {t('conflict.reload')}
            </Button>
          </Group>
        )}
      </Alert>
    );
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')} role="alert">
      {apiErrorMessage(error, t)}
    </Alert>
  );
}
