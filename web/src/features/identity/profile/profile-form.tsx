import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { languageSchema, type Language } from '../../../../../contracts/common.contract';
import { updateProfileBodySchema, type Account } from '../../../../../contracts/identity.contract';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { submitWithFieldErrors } from '../../../shared/form-submit';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { languageOptions } from '../../../shared/option-lists';
import { useUpdateProfile } from './profile.queries';

interface ProfileValues {
  name: string;
  language: Language;
}

/** The account's own name and language (`PATCH /me`); the language applies at once. */
export function ProfileForm({ account, showName = true }: { account: Account; showName?: boolean }) {
  const { t } = useTranslation();
  const updateProfile = useUpdateProfile();
  const form = useForm<ProfileValues>({
    initialValues: { name: account.name, language: account.language },
    validate: contractValidator(updateProfileBodySchema, (values: ProfileValues) => values, t),
  });

  const submit = form.onSubmit((values) =>
    submitWithFieldErrors(
      async () => {
        const body = updateProfileBodySchema.parse(showName ? values : { language: values.language });
        await updateProfile.mutateAsync(body);
        form.resetDirty(values);
        notifySuccess(t('common.saved'));
      },
      form,
      ['name', 'language'],
      t,
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={480}>
        <ApiErrorAlert error={updateProfile.error} />
        {showName && <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />}
        <Select
          label={t('profile.preferredLanguage')}
          description={t('profile.languageHint')}
          data={languageOptions(t)}
          allowDeselect={false}
          {...form.getInputProps('language')}
          onChange={(value) => form.setFieldValue('language', languageSchema.safeParse(value).data ?? account.language)}
        />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
