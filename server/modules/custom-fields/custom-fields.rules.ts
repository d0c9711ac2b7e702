/**
 * What the tickets module asks of custom fields, inside its own transaction: check and merge the
 * values sent with a ticket, turn `cf.<key>=value` filters into containment documents, and say
 * which keys a customer may see. Tickets reach these through this module's index.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { CustomFieldValue } from '../../../contracts/custom-fields.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { validationFailed } from '../../http/app-error.js';
import type { Actor } from '../../http/context.js';
import { checkCustomFieldValues, type CustomFieldRule, type CustomFieldsCheckInput } from './custom-field-values.js';
import { customFieldDefinitions } from './custom-fields.schema.js';

type Queryable = Dependencies['database']['orm'] | Transaction;

/**
 * Checks the submitted values against every definition and returns the ticket's new values and
 * the history changes; throws 400 VALIDATION_FAILED naming each failing `body.customFields.<key>`.
 */
export async function applyCustomFieldValues(db: Queryable, check: CustomFieldsCheckInput) {
  return checkCustomFieldValuesAgainst(await db.select().from(customFieldDefinitions), check);
}

/**
 * The active definitions as a JSON column (`CustomFieldRule[]`) of a caller's own query: opening a
 * ticket reads them with the rest of what it needs in one round trip. On a new ticket, inactive
 * definitions count as unknown keys and are never required, so the active ones are enough.
 */
export const customFieldRulesJson = sql`(SELECT coalesce(json_agg(json_build_object(
  'key', d.key, 'type', d.type, 'options', d.options, 'required', d.required,
  'visibleToCustomer', d.visible_to_customer, 'active', d.active, 'ticketTypes', d.ticket_types,
  'serviceIds', d.service_ids)), '[]'::json) FROM ${customFieldDefinitions} AS d WHERE d.active)`;

/** `applyCustomFieldValues` with definitions the caller has read. */
export function checkCustomFieldValuesAgainst(definitions: CustomFieldRule[], check: CustomFieldsCheckInput) {
  const result = checkCustomFieldValues({ ...check, definitions });
  if (result.errors.length > 0) throw validationFailed(result.errors);
  return { values: result.values, changes: result.changes };
}

/** Keys of the active fields shown to customers: the only values a customer ever receives. */
export async function customerVisibleKeys(db: Queryable): Promise<Set<string>> {
  const rows = await db
    .select({ key: customFieldDefinitions.key })
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.active, true), eq(customFieldDefinitions.visibleToCustomer, true)));
  return new Set(rows.map((row) => row.key));
}

function filterValue(type: string, raw: string): CustomFieldValue | undefined {
  switch (type) {
    case 'number': {
      const number = Number(raw);
      return raw.trim() !== '' && Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'multiselect':
      // A multiselect matches when the chosen option is among its values.
      return [raw];
    default:
      return raw;
  }
}

/**
 * `{key: value}` documents a ticket's custom fields must contain, one per `cf.<key>` filter.
 * An unknown key (or one hidden from a customer) or a value of the wrong type is a 400.
 */
export async function customFieldFilterDocuments(
  db: Queryable,
  actor: Actor,
  filters: Record<string, string>,
): Promise<Record<string, CustomFieldValue>[]> {
  const keys = Object.keys(filters);
  if (keys.length === 0) return [];
  const definitions = await db.select().from(customFieldDefinitions);
  const errors: { path: string; message: string }[] = [];
  const documents: Record<string, CustomFieldValue>[] = [];
  for (const key of keys) {
    const definition = definitions.find((candidate) => candidate.key === key);
    if (!definition || (actor.kind === 'contact' && !(definition.visibleToCustomer && definition.active))) {
      errors.push({ path: `querystring.cf.${key}`, message: 'Unknown custom field' });
      continue;
    }
    const value = filterValue(definition.type, filters[key]!);
    if (value === undefined) errors.push({ path: `querystring.cf.${key}`, message: `Not a ${definition.type} value` });
    else documents.push({ [key]: value });
  }
  if (errors.length > 0) throw validationFailed(errors);
  return documents;
}
