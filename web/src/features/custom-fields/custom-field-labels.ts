import type { TFunction } from 'i18next';
import {
  customFieldAppliesTo,
  type CustomFieldDefinition,
  type CustomFieldOption,
  type CustomFieldType,
} from '../../../../contracts/custom-fields.contract';

/** A field's label in the interface language. */
export function fieldLabel(field: Pick<CustomFieldDefinition, 'labelIt' | 'labelEn'>, language: string): string {
  return language.startsWith('en') ? field.labelEn : field.labelIt;
}

export function optionLabel(option: CustomFieldOption, language: string): string {
  return language.startsWith('en') ? option.labelEn : option.labelIt;
}

export function fieldTypeLabel(type: CustomFieldType, t: TFunction): string {
  return t(`customFields.types.${type}`);
}

/** A stored value in words: option labels for selects, yes/no, dates as the desk writes them. */
export function valueText(field: CustomFieldDefinition | undefined, value: unknown, language: string, t: TFunction) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return '—';
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  const options = field?.options ?? [];
  const labelOf = (item: unknown) => {
    const option = options.find((candidate) => candidate.value === item);
    return option ? optionLabel(option, language) : String(item);
  };
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  if (field?.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  if (field?.type === 'number' && typeof value === 'number') return value.toLocaleString(language);
  return labelOf(value);
}

/** The active fields offered on a ticket of this type and service, in order. */
export function applicableFields(
  fields: CustomFieldDefinition[] | undefined,
  ticket: { type: 'incident' | 'service_request'; serviceId: string | null },
): CustomFieldDefinition[] {
  return (fields ?? []).filter((field) => field.active && customFieldAppliesTo(field, ticket));
}
