/**
 * Checking the custom field values sent with a ticket against the definitions, with no database:
 * the rules of one place, used on create and on update (custom-fields.rules.ts loads the
 * definitions and calls these).
 *
 * Invariants:
 * - a key must name an active definition; a customer may only send fields visible to customers;
 * - a value must fit its type (select values among the options, dates as YYYY-MM-DD);
 * - `null`, an empty string and an empty list clear the field;
 * - on create by a person, every active required field that applies to the ticket (its type and
 *   service) must be filled; customers answer only for the fields they can see, and tickets made by
 *   the system (email, automation) are never refused for a missing value;
 * - on update, a required field cannot be cleared; values of inactive or no-longer-applicable
 *   fields stay as they were unless touched.
 */
import { customFieldAppliesTo, type CustomFieldValue } from '../../../contracts/custom-fields.contract.js';
import type { CustomFieldDefinitionRecord } from './custom-fields.schema.js';

/** A change as ticket history records it (the shape of `ticket_events.changes`). */
export interface CustomFieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type CustomFieldAuthor = 'staff' | 'customer' | 'system';

/** What a caller supplies; the definitions are loaded by custom-fields.rules.ts. */
export interface CustomFieldsCheckInput {
  author: CustomFieldAuthor;
  mode: 'create' | 'update';
  ticket: { type: 'incident' | 'service_request'; serviceId: string | null };
  current: Record<string, unknown>;
  submitted: Record<string, CustomFieldValue | null> | undefined;
}

/** What checking values needs of a definition. */
export type CustomFieldRule = Pick<
  CustomFieldDefinitionRecord,
  'key' | 'type' | 'options' | 'required' | 'visibleToCustomer' | 'active' | 'ticketTypes' | 'serviceIds'
>;

export interface CustomFieldValuesCheck extends CustomFieldsCheckInput {
  definitions: CustomFieldRule[];
}

export interface CustomFieldValuesResult {
  values: Record<string, unknown>;
  /** One per changed key, as history records them: `custom_fields.<key>`, from → to. */
  changes: CustomFieldChange[];
  /** Failing fields, `body.customFields.<key>`; empty when the values are valid. */
  errors: { path: string; message: string }[];
}

const TEXT_LIMIT = { text: 500, textarea: 10_000 } as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isEmpty(value: CustomFieldValue | null): boolean {
  return (
    value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)
  );
}

function isRealDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The value as stored, or the reason it does not fit the definition. */
export function normalizeValue(
  definition: Pick<CustomFieldDefinitionRecord, 'type' | 'options'>,
  value: CustomFieldValue,
): { value: CustomFieldValue } | { error: string } {
  const optionValues = definition.options.map((option) => option.value);
  switch (definition.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return { error: 'Expected text' };
      const text = value.trim();
      const limit = TEXT_LIMIT[definition.type];
      return text.length > limit ? { error: `At most ${limit} characters` } : { value: text };
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: 'Expected a number' };
    case 'date':
      return typeof value === 'string' && isRealDay(value) ? { value } : { error: 'Expected a date (YYYY-MM-DD)' };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: 'Expected true or false' };
    case 'select':
      if (typeof value !== 'string') return { error: 'Expected one of the options' };
      return optionValues.includes(value) ? { value } : { error: `Not an option: ${value}` };
    case 'multiselect': {
      if (!Array.isArray(value)) return { error: 'Expected a list of options' };
      const unknown = value.filter((item) => !optionValues.includes(item));
      if (unknown.length > 0) return { error: `Not an option: ${unknown.join(', ')}` };
      // Stored in the order of the options, once each: equal choices compare equal.
      return { value: optionValues.filter((option) => value.includes(option)) };
    }
  }
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function checkCustomFieldValues(check: CustomFieldValuesCheck): CustomFieldValuesResult {
  const { definitions, author, mode, ticket, current } = check;
  const submitted = check.submitted ?? {};
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const errors: CustomFieldValuesResult['errors'] = [];
  const values: Record<string, unknown> = { ...current };
  const fail = (key: string, message: string) => errors.push({ path: `body.customFields.${key}`, message });

  for (const [key, raw] of Object.entries(submitted)) {
    const definition = byKey.get(key);
    // A field a customer may not see does not exist for them: same answer as an unknown key.
    if (!definition || !definition.active || (author === 'customer' && !definition.visibleToCustomer)) {
      fail(key, 'Unknown custom field');
      continue;
    }
    if (!customFieldAppliesTo(definition, ticket)) {
      fail(key, 'This field does not apply to this ticket (type or service)');
      continue;
    }
    if (isEmpty(raw)) {
      if (definition.required && author !== 'system') fail(key, 'Required');
      else delete values[key];
      continue;
    }
    const normalized = normalizeValue(definition, raw!);
    if ('error' in normalized) fail(key, normalized.error);
    else values[key] = normalized.value;
  }

  if (mode === 'create' && author !== 'system') {
    for (const definition of definitions) {
      if (!definition.active || !definition.required || !customFieldAppliesTo(definition, ticket)) continue;
      if (author === 'customer' && !definition.visibleToCustomer) continue;
      if (values[definition.key] === undefined && !errors.some((error) => error.path.endsWith(`.${definition.key}`))) {
        fail(definition.key, 'Required');
      }
    }
  }

  const changes: CustomFieldChange[] = [];
  // By key, so that history lists a change set in the same order every time.
  for (const key of [...new Set([...Object.keys(current), ...Object.keys(values)])].sort()) {
    if (!sameValue(current[key], values[key])) {
      changes.push({ field: `custom_fields.${key}`, from: current[key] ?? null, to: values[key] ?? null });
    }
  }
  return { values, changes, errors };
}

/** The stored values a customer may see: those of active fields visible to customers. */
export function valuesForCustomer(
  values: Record<string, unknown>,
  visibleKeys: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => visibleKeys.has(key)));
}
