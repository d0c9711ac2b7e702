import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { changePasswordBodySchema } from '../../../../../contracts/identity.contract';
import { isApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { submitWithFieldErrors } from '../../../shared/form-submit';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { useChangePassword } from './profile.queries';
import { PasswordField } from '../../../shared/password-field';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  newPasswordRepeat: string;
}

const emptyValues: ChangePasswordValues = { currentPassword: '', newPassword: '', newPasswordRepeat: '' };

/** Change one's own password; a wrong current password is shown on that field. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const changePassword = useChangePassword();
  const validateBody = contractValidator(
    changePasswordBodySchema,
    (values: ChangePasswordValues) => ({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    t,
  );
  const form = useForm<ChangePasswordValues>({
    initialValues: emptyValues,
    validate: (values) => {
      const errors = validateBody(values);
      if (!errors.newPassword && values.newPassword !== values.newPasswordRepeat) {
        errors.newPasswordRepeat = t('validation.passwordsDiffer');
      }
      return errors;
    },
  });

  const submit = form.onSubmit((values) =>
    submitWithFieldErrors(
      async () => {
        try {
          await changePassword.mutateAsync({
            currentPassword: values.currentPassword,
            newPassword: values.newPassword,
          });
        } catch (error) {
          if (isApiError(error) && error.code === 'CURRENT_PASSWORD_INCORRECT') {
            form.setFieldError('currentPassword', t('errors.CURRENT_PASSWORD_INCORRECT'));
          }
          throw error;
        }
        form.setValues(emptyValues);
        form.resetDirty(emptyValues);
        notifySuccess(t('profile.passwordChanged'));
      },
      form,
      ['currentPassword', 'newPassword'],
      t,
    ),
  );

  const bannerError =
    isApiError(changePassword.error) && changePassword.error.code === 'CURRENT_PASSWORD_INCORRECT'
      ? null
      : changePassword.error;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={480}>
        <ApiErrorAlert error={bannerError} />
        <PasswordField
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordField
          label={t('fields.newPassword')}
          description={t('validation.passwordRule')}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordField
          label={t('fields.newPasswordRepeat')}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPasswordRepeat')}
        />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
