import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { languageSchema } from '../../../contracts/common.contract';
import { useChangeLanguage } from '../features/identity/auth/auth.queries';
import { apiErrorMessage } from '../shared/api-error-message';

/** it/en switch, in the header and on the sign-in pages; saved on the account when signed in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.switch')}
      value={i18n.language}
      disabled={changeLanguage.isPending}
      data={[
        { value: 'it', label: t('language.itShort') },
        { value: 'en', label: t('language.enShort') },
      ]}
      onChange={(value) => {
        const parsed = languageSchema.safeParse(value);
        if (!parsed.success) return;
        changeLanguage.mutate(parsed.data, {
          onError: (error) => notifications.show({ color: 'red', message: apiErrorMessage(error, t) }),
        });
      }}
    />
  );
}
