import type { TFunction } from 'i18next';
import type { CustomFieldDefinition, CustomFieldValue } from '../../../../contracts/custom-fields.contract';
import { isApiError } from '../../api/api-error';
import type { CustomFieldValues } from './custom-field-input';

const isEmpty = (value: CustomFieldValue | null | undefined) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * The `customFields` of a new ticket: the filled values of the fields that apply to it (a value
 * typed before the type or service changed is not sent for a field that no longer applies).
 */
export function customFieldsBody(
  fields: CustomFieldDefinition[],
  values: CustomFieldValues,
): Record<string, CustomFieldValue> | undefined {
  const body: Record<string, CustomFieldValue> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (!isEmpty(value)) body[field.key] = typeof value === 'string' ? value.trim() : value!;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

/** Errors of the required fields left empty, as form errors `customFields.<key>`. */
export function requiredFieldErrors(
  fields: CustomFieldDefinition[],
  values: CustomFieldValues,
  t: TFunction,
): Record<string, string> {
  return Object.fromEntries(
    fields
      .filter((field) => field.required && field.type !== 'boolean' && isEmpty(values[field.key]))
      .map((field) => [`customFields.${field.key}`, t('validation.required')]),
  );
}

/** Puts the server's `body.customFields.<key>` failures on the matching inputs; true when any did. */
export function applyCustomFieldErrors(
  form: { setFieldError: (path: never, error: string) => void },
  error: unknown,
  t: TFunction,
): boolean {
  if (!isApiError(error)) return false;
  let applied = false;
  for (const field of error.fields) {
    const match = /^body\.customFields\.(.+)$/.exec(field.path);
    if (!match) continue;
    form.setFieldError(`customFields.${match[1]}` as never, t('validation.rejected', { message: field.message }));
    applied = true;
  }
  return applied;
}
