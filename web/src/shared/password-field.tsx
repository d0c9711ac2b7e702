import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password input whose show/hide button has a translated name that does not contain the word
 * "password", so `getByLabel('Password')` finds the field alone.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('fields.toggleCharacters') }} {...props} />;
}
