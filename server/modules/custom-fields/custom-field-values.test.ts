/** The value rules without a database: types, clearing, required, customers, system, history order. */
import { describe, expect, it } from 'vitest';
import { checkCustomFieldValues, normalizeValue, type CustomFieldsCheckInput } from './custom-field-values.js';
import type { CustomFieldDefinitionRecord } from './custom-fields.schema.js';

const at = new Date('2026-11-23T10:00:00Z');
function definition(overrides: Partial<CustomFieldDefinitionRecord>): CustomFieldDefinitionRecord {
  return {
    id: `00000000-0000-4000-8000-${String(Math.random()).slice(2, 14).padEnd(12, '0')}`,
    key: 'campo',
    labelIt: 'Campo',
    labelEn: 'Field',
    type: 'text',
    options: [],
    required: false,
    visibleToCustomer: false,
    ticketTypes: ['incident', 'service_request'],
    serviceIds: [],
    position: 0,
    active: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const site = definition({
  key: 'sede',
  type: 'select',
  visibleToCustomer: true,
  options: ['milano', 'roma'].map((value) => ({ value, labelIt: value, labelEn: value })),
});
const asset = definition({ key: 'asset', required: true });
const definitions = [site, asset];
const base: CustomFieldsCheckInput = {
  author: 'staff',
  mode: 'create',
  ticket: { type: 'incident', serviceId: null },
  current: {},
  submitted: {},
};
const paths = (result: ReturnType<typeof checkCustomFieldValues>) => result.errors.map((error) => error.path);

describe('normalizeValue', () => {
  it('accepts real days only', () => {
    const date = definition({ type: 'date' });
    expect(normalizeValue(date, '2028-02-29')).toEqual({ value: '2028-02-29' });
    expect(normalizeValue(date, '2026-02-29')).toHaveProperty('error');
    expect(normalizeValue(date, '29/02/2028')).toHaveProperty('error');
  });

  it('keeps a multiselect once per option, in the order of the options', () => {
    const systems = definition({
      type: 'multiselect',
      options: ['a', 'b', 'c'].map((value) => ({ value, labelIt: value, labelEn: value })),
    });
    expect(normalizeValue(systems, ['c', 'a', 'c'])).toEqual({ value: ['a', 'c'] });
  });

  it('refuses numbers that are not finite, and text over its limit', () => {
    expect(normalizeValue(definition({ type: 'number' }), Number.NaN)).toHaveProperty('error');
    expect(normalizeValue(definition({ type: 'text' }), 'x'.repeat(501))).toHaveProperty('error');
  });
});

describe('checkCustomFieldValues', () => {
  it('asks a person for required fields on create, never the system', () => {
    expect(paths(checkCustomFieldValues({ ...base, definitions }))).toEqual(['body.customFields.asset']);
    expect(checkCustomFieldValues({ ...base, definitions, author: 'system' }).errors).toEqual([]);
    // Customers are asked only for what they can see.
    expect(checkCustomFieldValues({ ...base, definitions, author: 'customer' }).errors).toEqual([]);
  });

  it('treats a field hidden from a customer as unknown', () => {
    const result = checkCustomFieldValues({ ...base, definitions, author: 'customer', submitted: { asset: 'PC-1' } });
    expect(result.errors).toEqual([{ path: 'body.customFields.asset', message: 'Unknown custom field' }]);
  });

  it('merges over the current values and lists the changes by key', () => {
    const result = checkCustomFieldValues({
      ...base,
      definitions,
      mode: 'update',
      current: { sede: 'milano', asset: 'PC-1', ritirato: 'x' },
      submitted: { sede: 'roma', asset: ' PC-2 ' },
    });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({ sede: 'roma', asset: 'PC-2', ritirato: 'x' });
    expect(result.changes).toEqual([
      { field: 'custom_fields.asset', from: 'PC-1', to: 'PC-2' },
      { field: 'custom_fields.sede', from: 'milano', to: 'roma' },
    ]);
  });

  it('clears with null or an empty value, but never a required field', () => {
    const update = { ...base, definitions, mode: 'update' as const, current: { sede: 'milano', asset: 'PC-1' } };
    expect(checkCustomFieldValues({ ...update, submitted: { sede: '' } }).values).toEqual({ asset: 'PC-1' });
    expect(paths(checkCustomFieldValues({ ...update, submitted: { asset: null } }))).toEqual([
      'body.customFields.asset',
    ]);
  });

  it('refuses a field that does not apply to the ticket', () => {
    const scoped = definition({ key: 'centro', ticketTypes: ['service_request'] });
    const result = checkCustomFieldValues({ ...base, definitions: [scoped], submitted: { centro: 'CC-1' } });
    expect(paths(result)).toEqual(['body.customFields.centro']);
  });
});
