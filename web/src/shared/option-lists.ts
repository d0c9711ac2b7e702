import type { TFunction } from 'i18next';
import { channelSchema, type Channel, type Language } from '../../../contracts/common.contract';
import { staffRoleSchema, type AccountRole } from '../../../contracts/identity.contract';

/** Select options for the enums of the contracts, labelled in the interface language. */

export function roleLabel(role: AccountRole, t: TFunction): string {
  return t(`roles.${role}`);
}

export function staffRoleOptions(t: TFunction) {
  return staffRoleSchema.options.map((role) => ({ value: role, label: roleLabel(role, t) }));
}

export function languageLabel(language: Language, t: TFunction): string {
  return t(`languages.${language}`);
}

export function languageOptions(t: TFunction) {
  return (['it', 'en'] as const).map((language) => ({ value: language, label: languageLabel(language, t) }));
}

export function channelLabel(channel: Channel, t: TFunction): string {
  return t(`channels.${channel}`);
}

export function channelOptions(t: TFunction) {
  return channelSchema.options.map((channel) => ({ value: channel, label: channelLabel(channel, t) }));
}

export function supportLevelLabel(level: 1 | 2, t: TFunction): string {
  return level === 1 ? t('supportLevels.1') : t('supportLevels.2');
}

export function supportLevelOptions(t: TFunction) {
  return [
    { value: '1', label: supportLevelLabel(1, t) },
    { value: '2', label: supportLevelLabel(2, t) },
  ];
}

/** The `active` filter of every list: '' = all, else the API's 'true' / 'false'. */
export type ActiveFilter = '' | 'true' | 'false';

export function activeFilterOptions(t: TFunction): { value: ActiveFilter; label: string }[] {
  return [
    { value: 'true', label: t('filters.activeOnly') },
    { value: 'false', label: t('filters.inactiveOnly') },
    { value: '', label: t('filters.all') },
  ];
}

/** Empty text inputs mean "none" in the API (`null`), not an empty string. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
