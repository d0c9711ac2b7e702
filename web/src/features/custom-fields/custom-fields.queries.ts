import type {
  CreateCustomFieldBody,
  CustomFieldDefinition,
  UpdateCustomFieldBody,
} from '../../../../contracts/custom-fields.contract';
import { createResourceHooks, createResourceKeys } from '../../api/resource-queries';
import { ticketKeys } from '../tickets/tickets.queries';

/** Query keys of the custom field definitions. */
export const customFieldKeys = createResourceKeys('custom-fields', 'definitions');

export type CustomFieldFilters = { q?: string; active?: 'true' | 'false' };

const hooks = createResourceHooks<
  CustomFieldDefinition,
  CreateCustomFieldBody,
  UpdateCustomFieldBody,
  CustomFieldFilters
>({
  path: '/custom-fields',
  keys: customFieldKeys,
  // Tickets show field labels and options: refresh them after a definition changes.
  relatedKeys: () => [ticketKeys.all],
});

export const useCustomFields = hooks.useList;
export const useCustomField = hooks.useDetail;
export const useCreateCustomField = hooks.useCreate;
export const useUpdateCustomField = hooks.useUpdate;

/**
 * Every definition the caller may read, by position (staff: all of them; customers: the active
 * ones shown to them). Forms, panels and filters all draw from this one list.
 */
export function useEveryCustomField(filters: CustomFieldFilters = {}) {
  return hooks.useEvery(filters);
}
