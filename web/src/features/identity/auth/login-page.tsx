import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { loginBodySchema } from '../../../../../contracts/identity.contract';
import { isApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { applyServerFieldErrors, contractValidator } from '../../../shared/form-validation';
import { useLogin, useSession } from './auth.queries';
import { AuthLayout } from './auth-layout';
import { homePathFor, safeNextPath } from './home-path';
import { PasswordField } from '../../../shared/password-field';

interface LoginValues {
  email: string;
  password: string;
}

/** Sign-in with email and password; then to the page asked for, or the role's home. */
export function LoginPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const form = useForm<LoginValues>({
    initialValues: { email: '', password: '' },
    validate: contractValidator(loginBodySchema, (values) => values, t),
  });

  // Signed in (just now, or already): on to the page asked for, else the role's home.
  if (session.data) {
    const next = safeNextPath(searchParams.get('next'));
    return <Navigate to={next ?? homePathFor(session.data.account.role)} replace />;
  }

  const submit = form.onSubmit((values) => {
    login.mutate(loginBodySchema.parse(values), {
      onError: (error) => {
        form.setFieldValue('password', '');
        if (isApiError(error)) applyServerFieldErrors(form, error, t, ['email', 'password']);
      },
    });
  });

  return (
    <AuthLayout title={t('login.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ApiErrorAlert error={login.error} title={t('login.failed')} />
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('fields.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            {t('login.forgotPassword')}
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
