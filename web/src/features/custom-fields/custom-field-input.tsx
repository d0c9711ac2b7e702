import { Checkbox, MultiSelect, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomFieldDefinition, CustomFieldValue } from '../../../../contracts/custom-fields.contract';
import { fieldLabel, optionLabel } from './custom-field-labels';

export type CustomFieldValues = Record<string, CustomFieldValue | null>;

interface CustomFieldInputProps {
  field: CustomFieldDefinition;
  value: CustomFieldValue | null | undefined;
  onChange: (value: CustomFieldValue | null) => void;
  error?: ReactNode;
  disabled?: boolean;
  /** Saves on blur (text inputs) instead of on every keystroke: the ticket panel edits in place. */
  onCommit?: () => void;
}

/**
 * The input of one custom field, by its type: text, long text, number, date (the browser's date
 * input: @mantine/dates is not a dependency), yes/no, one option or several.
 */
export function CustomFieldInput({ field, value, onChange, error, disabled, onCommit }: CustomFieldInputProps) {
  const { i18n } = useTranslation();
  const label = fieldLabel(field, i18n.language);
  const common = { label, required: field.required, error, disabled };
  const options = field.options.map((option) => ({ value: option.value, label: optionLabel(option, i18n.language) }));
  const text = typeof value === 'string' ? value : '';

  switch (field.type) {
    case 'text':
      return (
        <TextInput
          {...common}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          onBlur={onCommit}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          onBlur={onCommit}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : null)}
          onBlur={onCommit}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value || null)}
          onBlur={onCommit}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          mt="lg"
          label={label}
          error={error}
          disabled={disabled}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          value={text || null}
          onChange={(next) => onChange(next)}
          clearable={!field.required}
          searchable={options.length > 7}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next)}
          clearable
        />
      );
  }
}

interface CustomFieldInputsProps {
  fields: CustomFieldDefinition[];
  values: CustomFieldValues;
  onChange: (key: string, value: CustomFieldValue | null) => void;
  errors?: Record<string, ReactNode>;
}

/** The applicable custom fields of a new ticket, two per row. */
export function CustomFieldInputs({ fields, values, onChange, errors }: CustomFieldInputsProps) {
  if (fields.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {fields.map((field) => (
        <CustomFieldInput
          key={field.id}
          field={field}
          value={values[field.key]}
          onChange={(value) => onChange(field.key, value)}
          error={errors?.[`customFields.${field.key}`]}
        />
      ))}
    </SimpleGrid>
  );
}
