import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { customFieldFilterPrefix } from '../../../../contracts/custom-fields.contract';
import { fieldLabel, optionLabel } from './custom-field-labels';
import { useEveryCustomField } from './custom-fields.queries';

interface CustomFieldFiltersProps {
  values: Record<string, string>;
  update: (changes: Record<string, string | null>) => void;
}

/**
 * One filter per active select or multiselect custom field (`cf.<key>=value` in the address bar
 * and the API query): the workspace's way to find, say, every ticket of the Turin office.
 */
export function CustomFieldFilters({ values, update }: CustomFieldFiltersProps) {
  const { t, i18n } = useTranslation();
  const fields = useEveryCustomField({ active: 'true' });
  return (
    <>
      {(fields.data ?? [])
        .filter((field) => field.type === 'select' || field.type === 'multiselect')
        .map((field) => {
          const name = `${customFieldFilterPrefix}${field.key}`;
          return (
            <Select
              key={field.id}
              label={fieldLabel(field, i18n.language)}
              placeholder={t('customFields.anyValue')}
              data={field.options.map((option) => ({ value: option.value, label: optionLabel(option, i18n.language) }))}
              value={values[name] || null}
              onChange={(value) => update({ [name]: value })}
              clearable
              w={180}
            />
          );
        })}
    </>
  );
}
