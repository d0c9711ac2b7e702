/**
 * Custom fields: admin-defined typed fields on tickets. Owns `custom_field_definitions`; the values
 * live on `tickets.custom_fields`, checked by the rules exported here (see docs/adr/0006).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { customFieldsRoutes } from './custom-fields.routes.js';
import { createCustomFields } from './custom-fields.service.js';

export type { CustomFields } from './custom-fields.service.js';
export type { CustomFieldAuthor, CustomFieldRule } from './custom-field-values.js';
export { valuesForCustomer } from './custom-field-values.js';
export {
  applyCustomFieldValues,
  checkCustomFieldValuesAgainst,
  customerVisibleKeys,
  customFieldFilterDocuments,
  customFieldRulesJson,
} from './custom-fields.rules.js';

export function createCustomFieldsModule(deps: Dependencies) {
  const customFields = createCustomFields(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(customFieldsRoutes, { customFields });
  };
  return { customFields, routes };
}

export type CustomFieldsModule = ReturnType<typeof createCustomFieldsModule>;
