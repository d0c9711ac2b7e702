/**
 * Custom fields: typed fields an admin adds to tickets (asset number, site, intervention date…).
 * A definition says what a value may be and where it applies; the values live on each ticket
 * (`Ticket.customFields`, keyed by the definition's `key`). Both the server and the web app import
 * these, so the forms validate what the API validates.
 */
import { z } from 'zod';
import { idSchema, paginationQuerySchema, timestampSchema, versionSchema } from './common.contract.js';

export const customFieldTypeSchema = z
  .enum(['text', 'textarea', 'number', 'date', 'boolean', 'select', 'multiselect'])
  .describe('How the value is typed and edited; fixed at creation');
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

/** Select types take their values from `options`. */
export const selectFieldTypes: readonly CustomFieldType[] = ['select', 'multiselect'];

export const customFieldKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Lower-case letters, digits and _, starting with a letter (at most 50)')
  .describe('Slug the values are stored and filtered under (`cf.<key>=value`); never changes');

const labelSchema = z.string().trim().min(1).max(200);

export const customFieldOptionSchema = z.strictObject({
  value: z.string().trim().min(1).max(100).describe('What is stored on the ticket'),
  labelIt: labelSchema,
  labelEn: labelSchema,
});
export type CustomFieldOption = z.infer<typeof customFieldOptionSchema>;

const ticketTypeListSchema = z
  .array(z.enum(['incident', 'service_request']))
  .min(1)
  .max(2)
  .describe('The ticket types the field applies to');

export const customFieldDefinitionSchema = z.object({
  id: idSchema,
  key: customFieldKeySchema,
  labelIt: z.string(),
  labelEn: z.string(),
  type: customFieldTypeSchema,
  options: z.array(customFieldOptionSchema).describe('Select types: the choices, in order; empty otherwise'),
  required: z.boolean().describe('Must be filled when a ticket it applies to is opened by a person'),
  visibleToCustomer: z.boolean().describe('Shown to and set by customers in the portal'),
  ticketTypes: ticketTypeListSchema,
  serviceIds: z.array(idSchema).describe('Only tickets of these services; empty for every ticket'),
  position: z.number().int().describe('Order in forms and panels (then by key)'),
  active: z.boolean().describe('Inactive fields keep their stored values but are no longer offered'),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type CustomFieldDefinition = z.infer<typeof customFieldDefinitionSchema>;

/** Select types need choices with distinct values; other types have none. */
function checkOptions(
  value: { type?: CustomFieldType | undefined; options?: CustomFieldOption[] | undefined },
  context: z.core.$RefinementCtx,
) {
  if (value.type === undefined || value.options === undefined) return;
  const isSelect = selectFieldTypes.includes(value.type);
  if (isSelect && value.options.length === 0) {
    context.addIssue({ code: 'custom', path: ['options'], message: 'A select field needs at least one option' });
  }
  if (!isSelect && value.options.length > 0) {
    context.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields have options' });
  }
  const values = value.options.map((option) => option.value);
  if (new Set(values).size !== values.length) {
    context.addIssue({ code: 'custom', path: ['options'], message: 'Option values must be distinct' });
  }
}

const optionListSchema = z.array(customFieldOptionSchema).max(200);

export const createCustomFieldBodySchema = z
  .strictObject({
    key: customFieldKeySchema,
    labelIt: labelSchema,
    labelEn: labelSchema,
    type: customFieldTypeSchema,
    options: optionListSchema.default([]),
    required: z.boolean().default(false),
    visibleToCustomer: z.boolean().default(false),
    ticketTypes: ticketTypeListSchema.default(['incident', 'service_request']),
    serviceIds: z.array(idSchema).max(100).default([]),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .superRefine(checkOptions);
export type CreateCustomFieldBody = z.input<typeof createCustomFieldBodySchema>;

/** `key` and `type` never change; options are checked against the stored type by the server. */
export const updateCustomFieldBodySchema = z.strictObject({
  version: versionSchema,
  labelIt: labelSchema.optional(),
  labelEn: labelSchema.optional(),
  options: optionListSchema.optional(),
  required: z.boolean().optional(),
  visibleToCustomer: z.boolean().optional(),
  ticketTypes: ticketTypeListSchema.optional(),
  serviceIds: z.array(idSchema).max(100).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});
export type UpdateCustomFieldBody = z.input<typeof updateCustomFieldBodySchema>;

export const listCustomFieldsQuerySchema = paginationQuerySchema.extend({
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(200).optional().describe('Key or label'),
});

/** A stored value: text, textarea, date (YYYY-MM-DD) and select are strings; multiselect a list. */
export const customFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type CustomFieldValue = z.infer<typeof customFieldValueSchema>;

/** Values sent with a ticket: by key; `null` (or an empty string or list) clears a field. */
export const customFieldValuesInputSchema = z
  .record(z.string().max(50), customFieldValueSchema.nullable())
  .refine((values) => Object.keys(values).length <= 100, 'At most 100 fields')
  .describe('Custom field values by key; null clears. Customers may set only the fields visible to them.');
export type CustomFieldValuesInput = z.infer<typeof customFieldValuesInputSchema>;

/** Whether a field is offered on a ticket of this type and service. */
export function customFieldAppliesTo(
  definition: Pick<CustomFieldDefinition, 'ticketTypes' | 'serviceIds'>,
  ticket: { type: 'incident' | 'service_request'; serviceId: string | null },
): boolean {
  if (!definition.ticketTypes.includes(ticket.type)) return false;
  return (
    definition.serviceIds.length === 0 ||
    (ticket.serviceId !== null && definition.serviceIds.includes(ticket.serviceId))
  );
}

/** The query-string prefix of a custom field filter on `GET /tickets`: `cf.<key>=value`. */
export const customFieldFilterPrefix = 'cf.';
