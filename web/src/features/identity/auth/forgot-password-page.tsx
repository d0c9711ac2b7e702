import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requestPasswordResetBodySchema } from '../../../../../contracts/identity.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { contractValidator } from '../../../shared/form-validation';
import { useRequestPasswordReset } from './auth.queries';
import { AuthLayout } from './auth-layout';

/**
 * Asks for a reset link. The server answers 202 whether or not the address has an account, and the
 * page says the same thing either way, so nobody can probe which addresses exist.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const requestReset = useRequestPasswordReset();
  const form = useForm({
    initialValues: { email: '' },
    validate: contractValidator(requestPasswordResetBodySchema, (values: { email: string }) => values, t),
  });

  return (
    <AuthLayout title={t('forgotPassword.title')}>
      {requestReset.isSuccess ? (
        <Stack gap="md">
          <Alert color="teal" icon={<IconMailCheck size={18} />} role="status" title={t('forgotPassword.sentTitle')}>
            {t('forgotPassword.sent', { email: requestReset.variables.email })}
          </Alert>
          <Anchor component={Link} to="/login" size="sm">
            {t('forgotPassword.backToLogin')}
          </Anchor>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => requestReset.mutate(requestPasswordResetBodySchema.parse(values)))}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('forgotPassword.intro')}
            </Text>
            <ApiErrorAlert error={requestReset.error} />
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={requestReset.isPending} fullWidth>
              {t('forgotPassword.submit')}
            </Button>
            <Anchor component={Link} to="/login" size="sm" ta="center">
              {t('forgotPassword.backToLogin')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
