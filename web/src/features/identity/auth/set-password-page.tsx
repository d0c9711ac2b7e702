import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { setPasswordBodySchema } from '../../../../../contracts/identity.contract';
import { isApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { contractValidator } from '../../../shared/form-validation';
import { useLogout, useSession, useSetPassword } from './auth.queries';
import { AuthLayout } from './auth-layout';
import { PasswordField } from '../../../shared/password-field';

interface SetPasswordValues {
  password: string;
  passwordRepeat: string;
}

/** Where invitation and reset emails lead (`/set-password?token=…`): choose a password once. */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const setPassword = useSetPassword();
  const session = useSession();
  const logout = useLogout();
  const validateBody = contractValidator(
    setPasswordBodySchema,
    (values: SetPasswordValues) => ({ token, password: values.password }),
    t,
  );
  const form = useForm<SetPasswordValues>({
    initialValues: { password: '', passwordRepeat: '' },
    validate: (values) => {
      // The token's shape is checked before the form is shown; only the password fields remain.
      const errors = validateBody(values);
      delete errors.token;
      if (!errors.password && values.password !== values.passwordRepeat) {
        errors.passwordRepeat = t('validation.passwordsDiffer');
      }
      return errors;
    },
  });

  const tokenRejected = isApiError(setPassword.error) && setPassword.error.code === 'ONE_TIME_TOKEN_INVALID';

  let content;
  if (token.length < 10) {
    content = <LinkProblem message={t('setPassword.missingToken')} />;
  } else if (tokenRejected) {
    content = <LinkProblem message={t('errors.ONE_TIME_TOKEN_INVALID')} />;
  } else if (setPassword.isSuccess) {
    content = (
      <Stack gap="md">
        <Alert color="teal" icon={<IconCircleCheck size={18} />} role="status" title={t('setPassword.doneTitle')}>
          {t('setPassword.done')}
        </Alert>
        {session.data ? (
          // Someone signed in (an admin testing an invitation from the Outbox) must sign out first.
          <>
            <Text size="sm">{t('setPassword.stillSignedIn', { name: session.data.account.name })}</Text>
            <Button loading={logout.isPending} onClick={() => logout.mutate()}>
              {t('setPassword.signOutAndSignIn')}
            </Button>
          </>
        ) : (
          <Button component={Link} to="/login">
            {t('setPassword.goToLogin')}
          </Button>
        )}
      </Stack>
    );
  } else {
    content = (
      <form noValidate onSubmit={form.onSubmit((values) => setPassword.mutate({ token, password: values.password }))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('setPassword.intro')}
          </Text>
          <ApiErrorAlert error={setPassword.error} />
          <PasswordField
            label={t('fields.newPassword')}
            description={t('validation.passwordRule')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('fields.newPasswordRepeat')}
            autoComplete="new-password"
            required
            {...form.getInputProps('passwordRepeat')}
          />
          <Button type="submit" loading={setPassword.isPending} fullWidth>
            {t('setPassword.submit')}
          </Button>
        </Stack>
      </form>
    );
  }

  return <AuthLayout title={t('setPassword.title')}>{content}</AuthLayout>;
}

function LinkProblem({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="orange" role="alert" title={t('setPassword.linkProblemTitle')}>
        {message}
      </Alert>
      <Anchor component={Link} to="/forgot-password" size="sm">
        {t('setPassword.requestNewLink')}
      </Anchor>
    </Stack>
  );
}
